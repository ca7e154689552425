"""Generation: reserve credits, infer asynchronously, settle, notify (DESIGN.md §3)."""
