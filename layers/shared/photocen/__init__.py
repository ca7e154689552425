"""PhotoCen's runtime package, shipped to Lambda as a layer (``/opt/python/photocen``).

``platform/`` is what every function needs and knows no capability; each capability
(accounts, credits, catalog, delivery, generation, webhooks) is a package with the same rooms
(model, service, store, ports/adapters, settings, wiring); ``resources`` is the inventory of
tables, buckets, queues and topics. See docs/architecture.md.
"""
