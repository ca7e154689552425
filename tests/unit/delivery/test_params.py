"""Parsing and validation of delivery requests: every problem is a 422 naming the part."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from photocen.delivery import params
from photocen.delivery.model import RenditionSpec
from photocen.platform.errors import ValidationFailed

from tests.unit.nosockets import no_sockets  # noqa: F401 - fixture

pytestmark = pytest.mark.usefixtures("no_sockets")


def test_size_parses_width_height_and_the_format_suffix_of_the_last_segment() -> None:
    assert params.parse_size("400", "300.webp") == params.SizeRequest(400, 300, "webp", ".webp")
    assert params.parse_size("400", "300") == params.SizeRequest(400, 300, "jpg", "")
    assert params.parse_size("250.png") == params.SizeRequest(250, 250, "png", ".png")
    assert params.parse_size("10", "20.JPEG").format == "jpg"


def test_edges_above_5000_are_clamped_not_rejected() -> None:
    assert params.parse_size("6000", "99999") == params.SizeRequest(5000, 5000, "jpg", "")
    assert params.parse_size("9" * 5000).width == 5000  # no giant int is built


@pytest.mark.parametrize(
    ("w", "h", "named"),
    [
        ("abc", "300", "width"),
        ("0", "300", "width"),
        ("400", "0", "height"),
        ("400", "-3", "height"),
        ("4.5", "300", "width"),
        ("400", "300.gif", ".gif"),
        ("400", "300.", "format"),
        ("٤٠٠", "300", "width"),  # non-ASCII digits are not sizes
    ],
)
def test_bad_sizes_are_refused_with_a_message_naming_the_problem(
    w: str, h: str, named: str
) -> None:
    with pytest.raises(ValidationFailed) as error:
        params.parse_size(w, h)
    assert named in error.value.message
    assert error.value.status == 422


def test_modifiers_follow_picsum_bare_grayscale_and_bare_blur_is_5() -> None:
    assert params.parse_modifiers({"grayscale": ""}) == (True, 0)
    assert params.parse_modifiers({"blur": ""}) == (False, 5)
    assert params.parse_modifiers({"blur": "10", "grayscale": "1"}) == (True, 10)
    assert params.parse_modifiers({"random": "42", "utm": "x"}) == (False, 0)
    assert params.parse_modifiers(None) == (False, 0)


@pytest.mark.parametrize("blur", ["0", "11", "-1", "abc", "2.5", "0005000"])
def test_blur_out_of_range_is_refused(blur: str) -> None:
    with pytest.raises(ValidationFailed, match="blur"):
        params.parse_modifiers({"blur": blur})


def test_paging_defaults_to_page_1_of_30_and_refuses_absurd_values() -> None:
    assert params.parse_paging({}) == (1, 30)
    assert params.parse_paging({"page": "3", "limit": "100"}) == (3, 100)
    for bad in ({"limit": "101"}, {"limit": "0"}, {"page": "0"}, {"page": "x"}, {"page": "1" * 20}):
        with pytest.raises(ValidationFailed):
            params.parse_paging(bad)


def test_ids_are_positive_whole_numbers() -> None:
    assert params.parse_image_id("17") == 17
    for bad in ("0", "-1", "1e3", "abc", "9" * 20):
        with pytest.raises(ValidationFailed, match="id"):
            params.parse_image_id(bad)


specs = st.builds(
    RenditionSpec,
    width=st.integers(1, 5000),
    height=st.integers(1, 5000),
    grayscale=st.booleans(),
    blur=st.integers(0, 10),
    format=st.sampled_from(["jpg", "webp", "png"]),
)


@given(st.integers(1, 10**6), specs, st.integers(1, 10**6), specs)
def test_rendition_keys_are_deterministic_and_distinct_per_variant(
    id_a: int, a: RenditionSpec, id_b: int, b: RenditionSpec
) -> None:
    assert params.rendition_key(id_a, a) == params.rendition_key(id_a, a)
    assert (params.rendition_key(id_a, a) == params.rendition_key(id_b, b)) == (
        (id_a, a) == (id_b, b)
    )
    assert params.rendition_key(id_a, a).startswith(f"v{params.PIPELINE_VERSION}/{id_a}/")


def test_etag_matching_is_weak_and_understands_lists_and_star() -> None:
    etag = params.etag_for("v1/1/400x300/plain.jpg")
    assert etag.startswith('W/"')
    assert params.etag_matches(etag, etag)
    assert params.etag_matches(etag.removeprefix("W/"), etag)
    assert params.etag_matches(f'"other", {etag}', etag)
    assert params.etag_matches("*", etag)
    assert not params.etag_matches('"other"', etag)
    assert not params.etag_matches(None, etag)


def test_canonical_path_repeats_size_suffix_and_modifiers() -> None:
    spec = RenditionSpec(400, 300, grayscale=True, blur=3, format="webp")
    assert params.image_path(7, spec, ".webp") == "/id/7/400/300.webp?grayscale&blur=3"
    assert params.image_path(7, RenditionSpec(10, 10), "") == "/id/7/10/10"


@pytest.mark.parametrize(
    "raw",
    ["\x00", "a\x01b", "x\x7f", "tab\tin", "nl\n", "\x85", "%00", "a%1fb", "%7F", "%C2%85", "%0A"],
)
def test_a_seed_with_a_control_character_raw_or_percent_encoded_is_refused(raw: str) -> None:
    with pytest.raises(ValidationFailed, match=r"^seed: must not contain control characters"):
        params.parse_seed(raw)


@pytest.mark.parametrize("raw", ["hero", "a%20b", "caf%C3%A9", "100%", "%zz", "café", "a b"])
def test_other_seeds_are_kept_exactly_as_they_came(raw: str) -> None:
    assert params.parse_seed(raw) == raw
