from __future__ import annotations

from photocen.delivery.cache import ByteLRU


def test_lru_evicts_least_recently_used_entries_to_stay_within_its_byte_budget() -> None:
    lru: ByteLRU[bytes] = ByteLRU(10)
    lru.put("a", b"aaaa", 4)
    lru.put("b", b"bbbb", 4)
    assert lru.get("a") == b"aaaa"  # a is now the most recent
    lru.put("c", b"cccc", 4)  # over budget: b goes
    assert lru.get("b") is None
    assert lru.get("a") == b"aaaa"
    assert lru.get("c") == b"cccc"
    assert lru.size == 8


def test_lru_never_keeps_an_entry_larger_than_its_budget() -> None:
    lru: ByteLRU[bytes] = ByteLRU(10)
    lru.put("big", b"x" * 11, 11)
    assert lru.get("big") is None
    assert len(lru) == 0


def test_lru_replacing_a_key_counts_its_size_once() -> None:
    lru: ByteLRU[bytes] = ByteLRU(10)
    lru.put("a", b"1", 6)
    lru.put("a", b"2", 6)
    assert lru.size == 6
    assert lru.get("a") == b"2"
