"""The search function: visual search over the catalog's searchable images."""

from photocen.platform.handlers import api_handler
from photocen.search.wiring import search_service

from functions.search.routes import router

app, lambda_handler = api_handler(router, warm=search_service)
