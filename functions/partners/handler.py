"""The partners function: a partner's end users, their keys, its pool and usage."""

from photocen.limits.wiring import request_limiter
from photocen.partners.wiring import partner_service
from photocen.platform.handlers import api_handler

from functions.partners.routes import router

# No ``on_behalf``: the partner API is the partner's own; ``PhotoCen-Account`` is refused here.
app, lambda_handler = api_handler(router, gate=request_limiter, warm=partner_service)
