"""The account function: ``GET /v1/account`` and the credit history."""

from photocen.accounts.wiring import account_service
from photocen.limits.wiring import request_limiter
from photocen.partners.wiring import on_behalf
from photocen.platform.handlers import api_handler

from functions.account.routes import router

app, lambda_handler = api_handler(
    router, gate=request_limiter, warm=account_service, on_behalf=on_behalf
)
