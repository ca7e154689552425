"""Image URLs are SigV4-presigned for the configured lifetime (moto ignores expiry, so the
expiry is checked here, on the URL itself)."""

from urllib.parse import parse_qs, urlsplit

import pytest
from photocen.generation.model import image_key
from photocen.generation.store import ImageCache
from photocen.platform.aws import AwsTarget

from tests.unit.nosockets import no_sockets  # noqa: F401 - fixture

pytestmark = pytest.mark.usefixtures("no_sockets")


def test_presigned_url_carries_the_configured_expiry(monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "test")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "test")
    cache = ImageCache(AwsTarget("us-east-1", "http://127.0.0.1:9"), "cache")
    url = cache.image_url("images/a/gen_1/0.png", 900)
    query = parse_qs(urlsplit(url).query)
    assert query["X-Amz-Expires"] == ["900"]
    assert query["X-Amz-Algorithm"] == ["AWS4-HMAC-SHA256"]


def test_private_images_live_under_the_expiring_prefix():
    assert image_key("acct", "gen_1", 0, searchable=False).startswith("private/")
    assert image_key("acct", "gen_1", 0, searchable=True).startswith("images/")
