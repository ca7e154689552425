"""Local image engines. ``procedural`` is the fast deterministic default of the local stack."""
