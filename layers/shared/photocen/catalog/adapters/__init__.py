"""Adapters of the catalog's ports (AWS and local), one file each."""
