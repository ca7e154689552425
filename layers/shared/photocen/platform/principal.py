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


@dataclass(frozen=True)
class Principal:
    """Who is calling: what the authorizer hands every handler."""

    account_id: str
    kind: PrincipalKind
    plan: str
    partner_id: str | None = None
    # The key the call was made with (its public id): per-key limits count against it.
    key_id: str | None = None

    def as_context(self) -> dict[str, str]:
        """API Gateway authorizer context values must be strings (no nulls)."""
        return {
            "account_id": self.account_id,
            "kind": self.kind,
            "plan": self.plan,
            "partner_id": self.partner_id or "",
            "key_id": self.key_id or "",
        }

    @classmethod
    def from_context(cls, context: dict[str, object]) -> Principal:
        return cls(
            account_id=str(context["account_id"]),
            kind="partner" if context.get("kind") == "partner" else "user",
            plan=str(context.get("plan") or "free"),
            partner_id=str(context.get("partner_id") or "") or None,
            key_id=str(context.get("key_id") or "") or None,
        )
