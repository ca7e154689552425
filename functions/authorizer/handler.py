"""Lambda REQUEST authorizer: bearer token → principal, or 401."""

from photocen.accounts.tokens import bearer_token
from photocen.accounts.wiring import authenticator
from photocen.platform.errors import Unauthorized
from photocen.platform.handlers import authorizer_handler
from photocen.platform.principal import Principal


def principal_of(authorization: str | None) -> Principal | None:
    token = bearer_token(authorization)
    if token is None:
        return None
    try:
        return authenticator().resolve(token)
    except Unauthorized:
        return None


lambda_handler = authorizer_handler(principal_of, warm=authenticator)
