"""Composition of the catalog capability: settings → store and object store → ``Catalog``.

``catalog()`` is built once per container from the validated environment; a process that
holds its settings already (the operator CLI, the local stack, another capability's wiring)
uses ``catalog_from(settings)``.
"""

from __future__ import annotations

from functools import cache

from photocen.catalog.ports import CatalogUrlSigner
from photocen.catalog.service import Catalog
from photocen.catalog.settings import CatalogSettings, CatalogUrlSettings
from photocen.catalog.store import CatalogStore
from photocen.platform.aws import AwsTarget
from photocen.platform.objects import S3ObjectStore
from photocen.platform.settings import load


def catalog_from(settings: CatalogSettings, *, metadata_ttl: float = 0.0) -> Catalog:
    """The catalog on the tables and bucket these settings name; records are cached in
    process for ``metadata_ttl`` seconds (0: not at all, as an importer wants)."""
    target = AwsTarget.of(settings)
    return Catalog(
        CatalogStore(settings.catalog_table, settings.catalog_seeds_table, target),
        S3ObjectStore(target),
        settings.catalog_bucket,
        metadata_ttl=metadata_ttl,
    )


@cache
def catalog() -> Catalog:
    """The container's catalog (validates the catalog's settings on first use)."""
    return catalog_from(load(CatalogSettings))


def url_signer_from(settings: CatalogUrlSettings) -> CatalogUrlSigner:
    """Signed catalog URLs: CloudFront on AWS, the HMAC stand-in locally."""
    if settings.catalog_url_signer == "local":
        from photocen.catalog.adapters.local import LocalUrlSigner

        assert settings.catalog_url_hmac_secret is not None  # the settings check it
        return LocalUrlSigner(
            settings.catalog_url_base,
            settings.catalog_url_hmac_secret,
            settings.catalog_url_key_pair_id,
        )
    from photocen.catalog.adapters.cloudfront import CloudFrontUrlSigner, secret_pem

    assert settings.catalog_url_private_key_secret is not None
    return CloudFrontUrlSigner(
        settings.catalog_url_base,
        settings.catalog_url_key_pair_id,
        secret_pem(AwsTarget.of(settings), settings.catalog_url_private_key_secret),
    )
