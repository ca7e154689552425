"""The search function: visual search over the catalog's searchable images."""

from photocen.generation.wiring import search_service
from photocen.platform.handlers import api_handler

from functions.search.routes import router

app, lambda_handler = api_handler(router, warm=search_service)
