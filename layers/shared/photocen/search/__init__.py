"""Visual search: images and queries embedded into one vector space, and a filtered k-NN index.

Two ports (``ports.py``), each with an AWS and a local adapter chosen by settings
(``wiring.py``): ``Embedder`` (Bedrock Titan Multimodal Embeddings G1 | all-MiniLM-L6-v2 run
with numpy) and ``VectorIndex`` (OpenSearch k-NN, faiss HNSW | an exact in-process index).
docs/decisions/0011-search-ports.md says why each is what it is.
"""
