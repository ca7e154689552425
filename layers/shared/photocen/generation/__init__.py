"""Generation: reserve credits, infer asynchronously, settle, notify."""
