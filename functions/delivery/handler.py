"""The delivery function: catalog images at any size, metered by credits."""

from photocen.delivery.wiring import delivery_service
from photocen.limits.wiring import request_limiter
from photocen.partners.wiring import on_behalf
from photocen.platform.handlers import api_handler

from functions.delivery.routes import router

app, lambda_handler = api_handler(
    router, gate=request_limiter, warm=delivery_service, on_behalf=on_behalf
)
