"""The region chain: request → profile → billing → geo (when enabled) → global."""

import pytest
from photocen.generation.region import localise, resolve_region

from tests.unit.nosockets import no_sockets  # noqa: F401 - fixture

pytestmark = pytest.mark.usefixtures("no_sockets")


@pytest.mark.parametrize(
    ("request_region", "profile", "billing", "geo", "enabled", "expected"),
    [
        ("jp", "fr", "de", "us", True, ("jp", "request")),
        (None, "fr", "de", "us", True, ("fr", "profile")),
        (None, None, "de", "us", True, ("de", "billing")),
        (None, None, None, "us", True, ("us", "geo")),
        (None, None, None, "us", False, ("global", "default")),
        (None, None, None, None, True, ("global", "default")),
        ("JP", None, None, None, False, ("jp", "request")),
        ("global", "fr", None, None, False, ("global", "request")),
        # unknown values fall through to the next link
        (None, "zz", "de", None, False, ("de", "billing")),
        (None, None, "xx", "FR", True, ("fr", "geo")),
    ],
)
def test_first_known_region_of_the_chain_wins(
    request_region, profile, billing, geo, enabled, expected
):
    applied = resolve_region(request_region, profile, billing, geo, geo_enabled=enabled)
    assert (applied.region, applied.source) == expected


def test_global_leaves_the_prompt_alone_and_a_region_localises_it():
    assert localise("a cafe", "global") == "a cafe"
    assert "Japan" in localise("a cafe", "jp")
    assert localise("a cafe", "jp").startswith("a cafe")
