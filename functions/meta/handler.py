"""The meta function: health, OpenAPI document and docs page (no token needed)."""

from photocen.platform.handlers import api_handler

from functions.meta.routes import router, settings

app, lambda_handler = api_handler(router, gate=None, warm=settings)
