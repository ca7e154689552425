"""Signed catalog URLs: the local HMAC stand-in (expiry, tampering) and CloudFront's canned
policy (RSA-SHA1, CloudFront's base64), checked with the public key. No I/O."""

from __future__ import annotations

import base64
import json
from urllib.parse import parse_qsl, urlsplit

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from photocen.catalog.adapters.cloudfront import CloudFrontUrlSigner, canned_policy, cloudfront_b64
from photocen.catalog.adapters.local import LocalUrlSigner
from photocen.platform.errors import Forbidden

from tests.unit.nosockets import no_sockets  # noqa: F401 - fixture

pytestmark = pytest.mark.usefixtures("no_sockets")

KEY = "catalog/7/512x512.jpg"


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def _parts(url: str) -> tuple[str, dict[str, str]]:
    split = urlsplit(url)
    return split.path, dict(parse_qsl(split.query))


def test_a_local_signed_url_works_until_it_expires():
    clock = Clock(1_000_000)
    signer = LocalUrlSigner("http://127.0.0.1:3000/", "s" * 32, "local", clock=clock)
    url = signer.signed_url(KEY, 60)
    assert url.startswith("http://127.0.0.1:3000/catalog/7/512x512.jpg?Expires=1000060&")
    path, query = _parts(url)
    assert set(query) == {"Expires", "Signature", "Key-Pair-Id"}
    signer.verify(path, query)
    clock.now += 60
    signer.verify(path, query)  # valid through its last second
    clock.now += 1
    with pytest.raises(Forbidden, match="expired"):
        signer.verify(path, query)


@pytest.mark.parametrize(
    "tamper",
    [
        lambda p, q: ("/catalog/8/512x512.jpg", q),
        lambda p, q: (p, {**q, "Expires": str(int(q["Expires"]) + 3600)}),
        lambda p, q: (p, {**q, "Signature": q["Signature"][:-1] + "A"}),
        lambda p, q: (p, {**q, "Key-Pair-Id": "other"}),
        lambda p, q: (p, {k: v for k, v in q.items() if k != "Signature"}),
        lambda p, q: (p, {**q, "Expires": "soon"}),
    ],
)
def test_an_altered_or_unsigned_local_url_is_refused(tamper):
    signer = LocalUrlSigner("http://x", "s" * 32, "local", clock=Clock(0))
    path, query = _parts(signer.signed_url(KEY, 60))
    with pytest.raises(Forbidden):
        signer.verify(*tamper(path, query))


def test_another_secret_does_not_verify():
    path, query = _parts(
        LocalUrlSigner("http://x", "a" * 32, "k", clock=Clock(0)).signed_url(KEY, 9)
    )
    with pytest.raises(Forbidden):
        LocalUrlSigner("http://x", "b" * 32, "k", clock=Clock(0)).verify(path, query)


def test_cloudfront_url_is_a_canned_policy_signed_with_rsa_sha1():
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    signer = CloudFrontUrlSigner(
        "https://d111.cloudfront.net", "K2JCJMDEHXQW5F", lambda: pem, clock=Clock(1_700_000_000)
    )
    url = signer.signed_url(KEY, 3600)
    resource, _, query_string = url.partition("?")
    assert resource == "https://d111.cloudfront.net/catalog/7/512x512.jpg"
    query = dict(parse_qsl(query_string))
    assert query["Expires"] == "1700003600"
    assert query["Key-Pair-Id"] == "K2JCJMDEHXQW5F"
    # CloudFront's base64: no '+', '=' or '/'
    assert not set("+=/") & set(query["Signature"])
    signature = base64.b64decode(
        query["Signature"].replace("-", "+").replace("_", "=").replace("~", "/")
    )
    policy = canned_policy(resource, 1_700_003_600)
    assert json.loads(policy) == {
        "Statement": [
            {"Resource": resource, "Condition": {"DateLessThan": {"AWS:EpochTime": 1700003600}}}
        ]
    }
    assert " " not in policy
    # raises InvalidSignature unless the key pair's private key signed exactly this policy
    private.public_key().verify(signature, policy.encode(), padding.PKCS1v15(), hashes.SHA1())  # noqa: S303


def test_cloudfront_base64_replaces_the_three_characters():
    assert cloudfront_b64(b"\xfb\xff\xfe") == "-~~-"
    assert cloudfront_b64(b"a") == "YQ__"
