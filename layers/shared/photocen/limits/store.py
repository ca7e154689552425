"""The counters table: one small item per account holding every window's stamp and count.

Item (``counter_id`` = the account id):
    ``mo`` / ``dy``             the month and day stamps (``202611``, ``20261130``)
    ``mo_n`` / ``dy_n``         requests in that month / day
    ``mo_i`` / ``dy_i``         images generated in that month / day
    ``km_<key>`` / ``kn_<key>`` a key's minute stamp and its requests in that minute (the
                                stamp is also the key's last use, to the minute)
    ``inflight``                the ids of the account's generation jobs in flight (a set)
    ``expires_at``              TTL: refreshed by every write, so only idle accounts expire

``bump`` is the one write: a single conditional ``UpdateItem`` that adds to every window
that is current and below its ceiling. When the condition fails DynamoDB hands back the item
as it was (``ReturnValuesOnConditionCheckFailure``), which tells a full window (refused: the
write did nothing) from a window that rolled over (restarted by a second ``UpdateItem``
conditioned on the stamps just seen). Access patterns: update and get by ``counter_id``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError
from pynamodb.attributes import TTLAttribute, UnicodeAttribute
from pynamodb.models import Model

from photocen.platform.aws import AwsTarget, client
from photocen.platform.dynamo import UnboundMeta
from photocen.platform.errors import ServiceUnavailable

_CONDITION_FAILED = "ConditionalCheckFailedException"
INFLIGHT = "inflight"
# Optimistic retries when concurrent requests roll the same window over at once.
_ATTEMPTS = 6


class CounterRecord(Model):
    """The declared part of a counter item (key and TTL): the table spec is derived from it.
    The window attributes are named per window and per key, so the store writes them with
    expressions rather than through this model."""

    class Meta(UnboundMeta):
        pass

    counter_id = UnicodeAttribute(hash_key=True)
    expires_at = TTLAttribute(null=True)


@dataclass(frozen=True)
class Add:
    """Add ``amount`` to the count ``attribute`` unless it would pass ``ceiling``."""

    attribute: str
    amount: int
    ceiling: int | None


@dataclass(frozen=True)
class Slot:
    """A stamped window of the item: its stamp attribute and current stamp, the counts to
    add to, and the counts that restart at 0 with it (``siblings``) but are not added to."""

    stamp_attribute: str
    stamp: str
    adds: tuple[Add, ...]
    siblings: tuple[str, ...] = ()
    # Further values to set when the window restarts (asked only then).
    on_restart: Callable[[], dict[str, int]] | None = None


@dataclass(frozen=True)
class JobSlot:
    """Put ``job_id`` in the in-flight set unless it holds ``ceiling`` jobs already."""

    job_id: str
    ceiling: int


class LimitReached(Exception):
    """The write did nothing: these attributes are at their ceiling (``inflight`` for
    jobs)."""

    def __init__(self, attributes: list[str], item: dict[str, Any]) -> None:
        super().__init__(", ".join(attributes))
        self.attributes = attributes
        self.item = item  # the item as it is (the counts that were full)


@dataclass
class _Expression:
    sets: list[str] = field(default_factory=list)
    adds: list[str] = field(default_factory=list)
    conditions: list[str] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)
    values: dict[str, Any] = field(default_factory=dict)

    def name(self, attribute: str) -> str:
        for placeholder, existing in self.names.items():
            if existing == attribute:
                return placeholder
        placeholder = f"#a{len(self.names)}"
        self.names[placeholder] = attribute
        return placeholder

    def value(self, value: Any) -> str:
        placeholder = f":v{len(self.values)}"
        self.values[placeholder] = value
        return placeholder

    def update(self) -> str:
        parts = [f"SET {', '.join(self.sets)}"]
        if self.adds:
            parts.append(f"ADD {', '.join(self.adds)}")
        return " ".join(parts)


class CounterStore:
    """The counters table (low-level client: one expression per request, no model I/O)."""

    def __init__(self, table_name: str, target: AwsTarget) -> None:
        self._table = table_name
        self._target = target

    @property
    def _client(self) -> Any:
        return client("dynamodb", self._target.region, self._target.endpoint_url)

    def bump(
        self,
        counter_id: str,
        slots: list[Slot],
        *,
        expires_at: int,
        job: JobSlot | None = None,
    ) -> dict[str, int]:
        """Add to every slot's counts in one step; returns the new counts. Raises
        ``LimitReached`` (nothing written) when a count would pass its ceiling. ``slots``
        come finest first (minute, day, month)."""
        seen: dict[str, Any] | None = None  # the item as last seen; None = assume current
        for _ in range(_ATTEMPTS):
            full = _full(seen, slots, job) if seen is not None else []
            if full:
                raise LimitReached(full, seen or {})
            expression = _bump_expression(seen, slots, expires_at, job)
            try:
                answer = self._client.update_item(
                    TableName=self._table,
                    Key={"counter_id": {"S": counter_id}},
                    UpdateExpression=expression.update(),
                    ConditionExpression=" AND ".join(expression.conditions),
                    ExpressionAttributeNames=expression.names,
                    ExpressionAttributeValues=_serialize(expression.values),
                    ReturnValues="ALL_NEW",  # a small item; UPDATED_NEW varies (moto)
                    ReturnValuesOnConditionCheckFailure="ALL_OLD",
                )
            except ClientError as exc:
                if exc.response.get("Error", {}).get("Code") != _CONDITION_FAILED:
                    raise ServiceUnavailable("the counters store did not answer") from exc
                # DynamoDB's answer: the item as it was (ReturnValuesOnConditionCheckFailure).
                old: dict[str, Any] = exc.response.get("Item") or {}  # type: ignore[assignment]
                seen = _deserialize(old)
                continue
            except BotoCoreError as exc:
                raise ServiceUnavailable("the counters store did not answer") from exc
            new = _deserialize(answer.get("Attributes") or {})
            return {k: int(v) for k, v in new.items() if isinstance(v, int | Decimal)}
        raise ServiceUnavailable("the counters store is busy; try again shortly")

    def finish_job(self, counter_id: str, job_id: str) -> None:
        """Take ``job_id`` out of the in-flight set (idempotent)."""
        try:
            self._client.update_item(
                TableName=self._table,
                Key={"counter_id": {"S": counter_id}},
                UpdateExpression="DELETE #jobs :job",
                ConditionExpression="attribute_exists(counter_id)",
                ExpressionAttributeNames={"#jobs": INFLIGHT},
                ExpressionAttributeValues={":job": {"SS": [job_id]}},
            )
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") == _CONDITION_FAILED:
                return  # no counter item: nothing in flight
            raise ServiceUnavailable("the counters store did not answer") from exc
        except BotoCoreError as exc:
            raise ServiceUnavailable("the counters store did not answer") from exc

    def cancel_job(self, counter_id: str, job_id: str, uncount: dict[str, int]) -> None:
        """Take ``job_id`` out of the in-flight set and subtract ``uncount`` from those
        counts, once: only while the job is still in the set."""
        names = {"#jobs": INFLIGHT}
        values: dict[str, Any] = {":job": {"SS": [job_id]}}
        adds = []
        for i, (attribute, amount) in enumerate(uncount.items()):
            names[f"#c{i}"] = attribute
            values[f":c{i}"] = {"N": str(-amount)}
            adds.append(f"#c{i} :c{i}")
        update = "DELETE #jobs :job" + (f" ADD {', '.join(adds)}" if adds else "")
        try:
            self._client.update_item(
                TableName=self._table,
                Key={"counter_id": {"S": counter_id}},
                UpdateExpression=update,
                ConditionExpression="contains(#jobs, :id)",
                ExpressionAttributeNames=names,
                ExpressionAttributeValues={**values, ":id": {"S": job_id}},
            )
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") == _CONDITION_FAILED:
                return  # cancelled or finished already
            raise ServiceUnavailable("the counters store did not answer") from exc
        except BotoCoreError as exc:
            raise ServiceUnavailable("the counters store did not answer") from exc

    def get(self, counter_id: str) -> dict[str, Any]:
        """The item as it is now (strongly consistent); empty if there is none."""
        try:
            answer = self._client.get_item(
                TableName=self._table,
                Key={"counter_id": {"S": counter_id}},
                ConsistentRead=True,
            )
        except (ClientError, BotoCoreError) as exc:
            raise ServiceUnavailable("the counters store did not answer") from exc
        return _deserialize(answer.get("Item") or {})


def _bump_expression(
    seen: dict[str, Any] | None, slots: list[Slot], expires_at: int, job: JobSlot | None
) -> _Expression:
    e = _Expression()
    if seen is None:
        _fast(e, slots)
    else:
        for slot in slots:
            _known(e, slot, seen)
    if job is not None:
        jobs = e.name(INFLIGHT)
        job_id = e.value(job.job_id)
        e.adds.append(f"{jobs} {e.value({job.job_id})}")
        e.conditions.append(
            f"(attribute_not_exists({jobs}) OR size({jobs}) < {e.value(job.ceiling)} "
            f"OR contains({jobs}, {job_id}))"  # the same job again (a retry) takes no slot
        )
    e.sets.append(f"{e.name('expires_at')} = {e.value(expires_at)}")
    return e


def _fast(e: _Expression, slots: list[Slot]) -> None:
    """The common case, as short as it can be (moto evaluates expressions in Python, so
    every clause costs there): every window current and every count present. Slots are
    given finest first, and every write sets all stamps at once, so the finest stamp being
    current means the coarser ones are (this minute is in today, today in this month); a
    count is set whenever its stamp is. Anything else fails the condition, and the item
    that comes back decides."""
    e.conditions.append(f"{e.name(slots[0].stamp_attribute)} = {e.value(slots[0].stamp)}")
    for slot in slots:
        for add in slot.adds:
            count = e.name(add.attribute)
            e.sets.append(f"{count} = {count} + {e.value(add.amount)}")
            if add.ceiling is not None:
                e.conditions.append(f"{count} <= {e.value(add.ceiling - add.amount)}")


def _known(e: _Expression, slot: Slot, seen: dict[str, Any]) -> None:
    """One slot, knowing the item as it was: add to a current window (its stamp still the
    same), or restart a window that rolled over (if nobody else did meanwhile)."""
    stamp = e.name(slot.stamp_attribute)
    old_stamp = seen.get(slot.stamp_attribute)
    if old_stamp == slot.stamp:
        e.conditions.append(f"{stamp} = {e.value(slot.stamp)}")
        for add in slot.adds:
            count = e.name(add.attribute)
            e.sets.append(f"{count} = if_not_exists({count}, {e.value(0)}) + {e.value(add.amount)}")
            if add.ceiling is not None:
                e.conditions.append(
                    f"(attribute_not_exists({count}) OR {count} <= "
                    f"{e.value(add.ceiling - add.amount)})"
                )
        return
    if old_stamp is None:
        e.conditions.append(f"attribute_not_exists({stamp})")
    else:
        e.conditions.append(f"{stamp} = {e.value(old_stamp)}")
    e.sets.append(f"{stamp} = {e.value(slot.stamp)}")
    for add in slot.adds:
        e.sets.append(f"{e.name(add.attribute)} = {e.value(add.amount)}")
    for sibling in slot.siblings:
        e.sets.append(f"{e.name(sibling)} = {e.value(0)}")
    for attribute, value in (slot.on_restart() if slot.on_restart else {}).items():
        e.sets.append(f"{e.name(attribute)} = {e.value(value)}")


def _full(seen: dict[str, Any], slots: list[Slot], job: JobSlot | None) -> list[str]:
    """The counts the item as seen has no room in (a rolled window always has room, unless
    one request alone exceeds the ceiling)."""
    full = []
    for slot in slots:
        current = seen.get(slot.stamp_attribute) == slot.stamp
        for add in slot.adds:
            if add.ceiling is None:
                continue
            used = int(seen.get(add.attribute, 0)) if current else 0
            if used + add.amount > add.ceiling:
                full.append(add.attribute)
    if job is not None:
        jobs = seen.get(INFLIGHT) or set()
        if len(jobs) >= job.ceiling and job.job_id not in jobs:
            full.append(INFLIGHT)
    return full


def _serialize(values: dict[str, Any]) -> dict[str, Any]:
    from boto3.dynamodb.types import TypeSerializer

    serializer = TypeSerializer()
    return {k: serializer.serialize(v) for k, v in values.items()}


def _deserialize(item: dict[str, Any]) -> dict[str, Any]:
    from boto3.dynamodb.types import TypeDeserializer

    deserializer = TypeDeserializer()
    return {k: deserializer.deserialize(v) for k, v in item.items()}
