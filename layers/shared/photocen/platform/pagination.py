"""Pagination cursors: opaque to callers, and never trusted when they come back.

A cursor is DynamoDB's ``LastEvaluatedKey`` as base64url JSON. The choice is to *validate*,
not to *sign*: a returning cursor must name exactly the key attributes of the table and index
the route queries (names and DynamoDB types derived from the PynamoDB model, so they cannot
drift), with canonical non-empty values, and its owner attribute must be the caller's account.
A cursor that passes can only start the caller's own listing at a point of the caller's
choosing, which shows nothing they could not page to anyway, so there is no signing key to
provision, rotate or leak. Anything else is a 422 ``validation_error``, never a store error.
Every cursor-paginated route uses one ``CursorFormat``.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from typing import Any

from pynamodb.attributes import Attribute
from pynamodb.indexes import Index
from pynamodb.models import Model

from photocen.platform.errors import ValidationFailed

Key = dict[str, dict[str, str]]

_MESSAGE = "query.cursor: not a cursor this API returned"
# DynamoDB's limits on key values: 2048 bytes for a partition key, 1024 for a sort key; the
# smaller bound is plenty for ours (ids, account ids, timestamps).
_MAX_VALUE_BYTES = 1024
_NUMBER = re.compile(r"-?(0|[1-9][0-9]{0,37})(\.[0-9]{1,38})?")


class CursorFormat:
    """The cursors of one query: ``model``'s primary key plus ``index``'s keys, if any."""

    def __init__(self, model: type[Model], index: Index[Any] | None = None, *, owner: str) -> None:
        attributes = model.get_attributes()
        names = [n for n in (model._hash_keyname, model._range_keyname) if n]
        if index is not None:
            names += [
                n for n, a in index.Meta.attributes.items() if a.is_hash_key or a.is_range_key
            ]
        self._attributes: dict[str, Attribute[Any]] = {
            attributes[n].attr_name: attributes[n] for n in names
        }
        for name, attribute in self._attributes.items():
            if attribute.attr_type not in ("S", "N"):
                raise TypeError(f"cursor key {name}: type {attribute.attr_type} not supported")
        if owner not in self._attributes or self._attributes[owner].attr_type != "S":
            raise TypeError(f"cursor owner {owner!r} is not a string key attribute")
        self._owner = owner

    def encode(self, key: Key) -> str:
        return base64.urlsafe_b64encode(json.dumps(key, separators=(",", ":")).encode()).decode()

    def decode(self, cursor: str, owner: str) -> Key:
        """The ``ExclusiveStartKey`` a cursor stands for, when it is exactly a key of this
        query and belongs to ``owner``; otherwise ``ValidationFailed``."""
        try:
            raw = base64.b64decode(cursor, altchars=b"-_", validate=True)
            value = json.loads(raw)
        # RecursionError: deeply nested JSON fits in a 2 KiB cursor.
        except (binascii.Error, ValueError, RecursionError) as exc:
            raise ValidationFailed(_MESSAGE) from exc
        if not isinstance(value, dict) or set(value) != set(self._attributes):
            raise ValidationFailed(_MESSAGE)
        for name, attribute in self._attributes.items():
            if not _valid_value(attribute, value[name]):
                raise ValidationFailed(_MESSAGE)
        if value[self._owner]["S"] != owner:
            # Another tenant's cursor: refused like any forgery, so it reveals nothing.
            raise ValidationFailed(_MESSAGE)
        return value


def _valid_value(attribute: Attribute[Any], typed: Any) -> bool:
    """``{"S": "…"}`` / ``{"N": "…"}`` of the attribute's type, in its canonical form."""
    if not isinstance(typed, dict) or list(typed) != [attribute.attr_type]:
        return False
    value = typed[attribute.attr_type]
    if not isinstance(value, str) or not value:
        return False
    try:
        if len(value.encode()) > _MAX_VALUE_BYTES:  # lone surrogates from JSON fail here
            return False
        if attribute.attr_type == "N":
            return _NUMBER.fullmatch(value) is not None
        # What the model itself would have written (e.g. a UTCDateTimeAttribute's format).
        return bool(attribute.serialize(attribute.deserialize(value)) == value)
    except ValueError:
        return False
