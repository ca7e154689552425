"""Image delivery: Picsum-style renditions of catalog images, metered by credits.

``params`` parses and validates requests, ``imaging`` renders (pure), ``cache`` keeps
rendered variants in process, ``service`` resolves, renders or reuses, and charges.
"""
