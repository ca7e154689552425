"""Settings of the partner API and of act-on-behalf."""

from __future__ import annotations

from pydantic import Field

from photocen.accounts.settings import AccountSettings, AccountsTableSettings
from photocen.platform.routes import AUTHORIZER_CACHE_TTL_SECONDS


class PartnersSettings(AccountSettings):
    """The partners function: accounts, keys and credits tables."""


class OnBehalfSettings(AccountsTableSettings):
    """Every API function that accepts ``PhotoCen-Account``: the accounts table, and how long
    an answer is kept (the authorizer's cache TTL: suspending an end user takes effect
    within it, as revoking a key does; ``PHOTOCEN_AUTHORIZER_CACHE_TTL``)."""

    authorizer_cache_ttl: float = Field(default=AUTHORIZER_CACHE_TTL_SECONDS, ge=0, le=3600)
