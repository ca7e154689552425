"""Adapters of generation's ports (``photocen.generation.ports``), one file per service."""
