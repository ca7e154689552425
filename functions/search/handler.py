"""The search function: visual search over the catalog's searchable images (free; the
per-key rate limits apply, as to every authenticated route)."""

from photocen.generation.wiring import search_service
from photocen.limits.wiring import request_limiter
from photocen.partners.wiring import on_behalf
from photocen.platform.handlers import api_handler

from functions.search.routes import router

app, lambda_handler = api_handler(
    router, gate=request_limiter, warm=search_service, on_behalf=on_behalf
)
