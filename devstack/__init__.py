"""The local stack: moto's server, resources from the shared specs, and a local API gateway.

Not shipped to Lambda. Start it with ``make dev`` (``python -m devstack``).
"""
