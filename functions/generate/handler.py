"""The generate function: generate, jobs, generations, style memory, models, styles and
webhook secret routes (the credit history lives in the account function)."""

from photocen.generation.wiring import generate_services
from photocen.limits.wiring import request_limiter
from photocen.partners.wiring import on_behalf
from photocen.platform.handlers import api_handler

from functions.generate.routes import router

app, lambda_handler = api_handler(
    router, gate=request_limiter, warm=generate_services, on_behalf=on_behalf
)
