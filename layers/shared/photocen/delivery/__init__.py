"""Image delivery: Picsum-style renditions of catalog images, metered by credits.

``model`` holds the plain types (target, rendition spec, answer), ``params`` parses and
validates requests, ``imaging`` renders (pure), ``cache`` keeps rendered variants in process,
``service`` resolves (through the catalog's service), renders or reuses, and charges;
``wiring`` builds the service from settings. Delivery depends on the catalog, never the
other way round.
"""
