"""Who is calling: the identity the authorizer puts on every authenticated request.

The authorizer (accounts) builds it from the caller's key; API Gateway hands it to every
handler as the authorizer context, where ``platform.http.caller`` reads it back. Platform
code needs it without knowing accounts, so it lives here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

# The kinds of account a key can belong to (``pc_live_`` users, ``pc_partner_`` partners).
PrincipalKind = Literal["user", "partner"]

# A partner key sends this header (as Stripe's ``Stripe-Account``) to call the user API as one
# of its end users: the request is then billed and limited as that end user.
ON_BEHALF_HEADER = "PhotoCen-Account"


@dataclass(frozen=True)
class Principal:
    """Who is calling: what the authorizer hands every handler."""

    account_id: str
    kind: PrincipalKind
    plan: str
    partner_id: str | None = None
    # The key the call was made with (its public id): per-key limits count against it.
    key_id: str | None = None
    # Set when a partner's key acts for this end user (``PhotoCen-Account``): the partner.
    acting_partner_id: str | None = None

    def as_context(self) -> dict[str, str]:
        """API Gateway authorizer context values must be strings (no nulls)."""
        context = {
            "account_id": self.account_id,
            "kind": self.kind,
            "plan": self.plan,
            "partner_id": self.partner_id or "",
            "key_id": self.key_id or "",
        }
        if self.acting_partner_id:
            context["acting_partner_id"] = self.acting_partner_id
        return context

    @classmethod
    def from_context(cls, context: dict[str, object]) -> Principal:
        return cls(
            account_id=str(context["account_id"]),
            kind="partner" if context.get("kind") == "partner" else "user",
            plan=str(context.get("plan") or "free"),
            partner_id=str(context.get("partner_id") or "") or None,
            key_id=str(context.get("key_id") or "") or None,
            acting_partner_id=str(context.get("acting_partner_id") or "") or None,
        )
