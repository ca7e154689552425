"""Pagination cursors (photocen.platform.pagination): only a key this API could have returned, for
this caller, ever reaches DynamoDB as ``ExclusiveStartKey``."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from typing import Any

import pytest
from photocen.generation.store import JobRecord, JobStore
from photocen.platform.aws import AwsTarget
from photocen.platform.errors import ValidationFailed
from photocen.platform.pagination import CursorFormat

OWNER = "acct_owner"
# What DynamoDB returns as LastEvaluatedKey for a query of JobRecord.by_account.
GENUINE = {
    "job_id": {"S": "gen_0123456789abcdef"},
    "account_id": {"S": OWNER},
    "created_at": {"S": "2025-03-04T05:06:07.123456+0000"},
}
JOBS = CursorFormat(JobRecord, JobRecord.by_account, owner="account_id")


def b64(raw: bytes | str) -> str:
    return base64.urlsafe_b64encode(raw.encode() if isinstance(raw, str) else raw).decode()


def cursor_of(value: Any) -> str:
    return b64(json.dumps(value))


def with_(**changes: Any) -> dict[str, Any]:
    key: dict[str, Any] = dict(GENUINE)
    for name, value in changes.items():
        if value is None:
            key.pop(name)
        else:
            key[name] = value
    return key


def test_a_genuine_cursor_decodes_to_the_key_it_was_made_from():
    cursor = JOBS.encode(GENUINE)
    assert JOBS.decode(cursor, OWNER) == GENUINE
    # Standard base64 padding and alphabet of the same bytes decode too (no +/ in JSON keys)
    assert JOBS.decode(base64.b64encode(json.dumps(GENUINE).encode()).decode(), OWNER) == GENUINE


FORGED = {
    # The two from the issue: an unknown attribute (was a 503), a bare number (was a 500)
    "issue: unknown attribute": "eyJ4IjogeyJTIjogInkifX0=",
    "issue: job_id a bare number": "eyJqb2JfaWQiOiA1fQ==",
    "not base64": "garbage!",
    "not ascii": "é" * 8,
    "base64 of not JSON": b64(b"\x00\xff not json"),
    "base64 of not UTF-8": b64(b"\xff\xfe\xfd\xfc"),
    "JSON list": cursor_of([GENUINE]),
    "JSON string": cursor_of("gen_0123456789abcdef"),
    "JSON null": cursor_of(None),
    "empty object": cursor_of({}),
    "deeply nested": b64("[" * 1500),
    "missing created_at": cursor_of(with_(created_at=None)),
    "missing job_id": cursor_of(with_(job_id=None)),
    "extra attribute": cursor_of(with_(status={"S": "completed"})),
    "wrong type tag": cursor_of(with_(job_id={"N": "5"})),
    "two type tags": cursor_of(with_(job_id={"S": "gen_1", "N": "1"})),
    "untyped value": cursor_of(with_(job_id="gen_0123456789abcdef")),
    "number value": cursor_of(with_(job_id={"S": 5})),
    "null value": cursor_of(with_(job_id={"S": None})),
    "list value": cursor_of(with_(job_id={"L": []})),
    "empty string": cursor_of(with_(job_id={"S": ""})),
    "over a key's size": cursor_of(with_(job_id={"S": "g" * 1025})),
    "lone surrogate": cursor_of(with_(job_id={"S": "\ud800"})),
    "not our timestamp format": cursor_of(with_(created_at={"S": "2025-03-04"})),
    "timestamp in another zone": cursor_of(
        with_(created_at={"S": "2025-03-04T05:06:07.123456+0100"})
    ),
    "another account's cursor": cursor_of(with_(account_id={"S": "acct_someone_else"})),
}


@pytest.mark.parametrize("cursor", FORGED.values(), ids=FORGED.keys())
def test_a_forged_cursor_is_a_validation_error(cursor):
    with pytest.raises(ValidationFailed) as raised:
        JOBS.decode(cursor, OWNER)
    assert raised.value.status == 422
    assert raised.value.code == "validation_error"
    assert raised.value.message == "query.cursor: not a cursor this API returned"


@pytest.fixture
def jobs_store() -> Iterator[JobStore]:
    """A jobs store on a table nobody serves. A store binds its model process-wide, so the
    binding it replaced is put back afterwards (other tests of this process may use it)."""
    meta = JobRecord.Meta
    before = (meta.table_name, meta.region, meta.host)
    yield JobStore("jobs", AwsTarget("us-east-1", "http://127.0.0.1:9"))
    meta.table_name, meta.region, meta.host = before
    JobRecord._connection = None


@pytest.mark.parametrize("cursor", FORGED.values(), ids=FORGED.keys())
def test_the_jobs_store_refuses_a_forged_cursor_before_asking_dynamodb(cursor, jobs_store):
    # Unit tests have no sockets: reaching DynamoDB would fail differently.
    with pytest.raises(ValidationFailed):
        jobs_store.list_for_account(OWNER, 10, cursor)


def test_number_keys_must_be_plain_decimal_numbers():
    # Given the cursors of an index with a number sort key (the sweeper's pending index)
    pending = CursorFormat(JobRecord, JobRecord.pending_jobs, owner="pending")
    key = {"job_id": {"S": "gen_1"}, "pending": {"S": "pending"}, "deadline": {"N": "1700000000"}}
    assert pending.decode(pending.encode(key), "pending") == key
    for bad in ("", "1e5", "NaN", "Infinity", "01", "1.", " 1", "0x10", "1" * 40):
        forged = cursor_of({**key, "deadline": {"N": bad}})
        with pytest.raises(ValidationFailed):
            pending.decode(forged, "pending")


def test_a_cursor_format_needs_a_string_key_as_owner():
    with pytest.raises(TypeError):
        CursorFormat(JobRecord, JobRecord.by_account, owner="status")
    with pytest.raises(TypeError):
        CursorFormat(JobRecord, JobRecord.pending_jobs, owner="deadline")
