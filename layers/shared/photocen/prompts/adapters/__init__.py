"""Prompt writers: ``rules`` (deterministic, local default) and ``bedrock`` (Converse API)."""
