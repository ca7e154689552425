"""The region chain and prompt localisation. Pure functions.

Region for a request: request → profile default → billing country → IP geo
(``CloudFront-Viewer-Country``, only when enabled) → ``global``. A region is a lower-case
ISO 3166-1 alpha-2 code PhotoCen knows, or ``global``. It only localises the prompt.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

GLOBAL = "global"
RegionSource = Literal["request", "profile", "billing", "geo", "default"]

# Region → the setting a prompt is localised to.
REGIONS: dict[str, str] = {
    "ar": "Argentina",
    "au": "Australia",
    "at": "Austria",
    "be": "Belgium",
    "br": "Brazil",
    "ca": "Canada",
    "cl": "Chile",
    "cn": "China",
    "co": "Colombia",
    "cz": "Czechia",
    "dk": "Denmark",
    "eg": "Egypt",
    "fi": "Finland",
    "fr": "France",
    "de": "Germany",
    "gr": "Greece",
    "in": "India",
    "id": "Indonesia",
    "ie": "Ireland",
    "il": "Israel",
    "it": "Italy",
    "jp": "Japan",
    "ke": "Kenya",
    "kr": "South Korea",
    "mx": "Mexico",
    "ma": "Morocco",
    "nl": "the Netherlands",
    "nz": "New Zealand",
    "ng": "Nigeria",
    "no": "Norway",
    "pe": "Peru",
    "ph": "the Philippines",
    "pl": "Poland",
    "pt": "Portugal",
    "sa": "Saudi Arabia",
    "sg": "Singapore",
    "za": "South Africa",
    "es": "Spain",
    "se": "Sweden",
    "ch": "Switzerland",
    "th": "Thailand",
    "tr": "Turkey",
    "ae": "the United Arab Emirates",
    "gb": "the United Kingdom",
    "uk": "the United Kingdom",
    "us": "the United States",
    "vn": "Vietnam",
}


# What a request may name (a body's `region`, a style memory's `default_region`): a code as
# listed, lower case. The chain's other links (billing country, CloudFront's viewer country)
# are read leniently by `normalise`.
REQUEST_REGIONS: tuple[str, ...] = (*REGIONS, GLOBAL)


@dataclass(frozen=True)
class AppliedRegion:
    region: str
    source: RegionSource


def normalise(region: str | None) -> str | None:
    """A known region code (lower case) or ``None`` when absent or unknown."""
    if not region:
        return None
    code = region.strip().lower()
    return code if code == GLOBAL or code in REGIONS else None


def is_known(region: str) -> bool:
    """Whether a request may name this region (exactly as ``REQUEST_REGIONS`` lists it)."""
    return region in REQUEST_REGIONS


def resolve_region(
    requested: str | None,
    profile_default: str | None,
    billing_country: str | None,
    viewer_country: str | None,
    *,
    geo_enabled: bool,
) -> AppliedRegion:
    """The first known region of the chain; unknown values fall through to the next link."""
    chain: list[tuple[str | None, RegionSource]] = [
        (requested, "request"),
        (profile_default, "profile"),
        (billing_country, "billing"),
        (viewer_country if geo_enabled else None, "geo"),
    ]
    for value, source in chain:
        code = normalise(value)
        if code is not None:
            return AppliedRegion(code, source)
    return AppliedRegion(GLOBAL, "default")


def localise(prompt: str, region: str) -> str:
    """The prompt with its regional setting; ``global`` leaves it as it is."""
    place = REGIONS.get(region)
    if place is None:
        return prompt
    return f"{prompt}, set in {place}, local details of {place}"
