"""region.toml is checked like a schema: one-line errors that name the file and the key."""

from __future__ import annotations

import json
import random
import string
from pathlib import Path
from typing import Any

import pytest

from lapor_site.settings import (
    SCHEMA,
    Official,
    Settings,
    SettingsError,
    contrast_with_white,
    load_settings,
)
from lapor_site.site import INSTALL_ROOT

MINIMAL: dict[str, dict[str, Any]] = {
    "site": {"title": "LAPOR! Contoh", "url": "https://lapor.contoh.example"},
    "region": {"name": "Provinsi Contoh"},
}


def toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, str):
        return json.dumps(value)  # a JSON string is a valid TOML basic string
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return repr(value)  # int, float (nan and inf are written the TOML way)


def write_region(tmp_path: Path, changes: dict[str, dict[str, Any]] | None = None) -> Path:
    """MINIMAL with ``changes`` merged in (a value of None removes the key)."""
    tables = {name: dict(keys) for name, keys in MINIMAL.items()}
    for name, keys in (changes or {}).items():
        table = tables.setdefault(name, {})
        for key, value in keys.items():
            if value is None:
                table.pop(key, None)
            else:
                table[key] = value
    lines = []
    for name, keys in tables.items():
        lines.append(f"[{name}]")
        lines += [f"{key} = {toml_value(value)}" for key, value in keys.items()]
    path = tmp_path / "region.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def load(tmp_path: Path, changes: dict[str, dict[str, Any]] | None = None) -> Settings:
    return load_settings(write_region(tmp_path, changes))


def refused(path: Path, table: str, key: str) -> str:
    """The error for ``path``; asserts it is one line naming the file, table and key."""
    with pytest.raises(SettingsError) as caught:
        load_settings(path)
    message = str(caught.value)
    assert "\n" not in message and "\r" not in message
    assert message.startswith(f"{path}: [{table}] {key}: "), message
    return message


def refused_value(tmp_path: Path, table: str, key: str, value: Any) -> str:
    return refused(write_region(tmp_path, {table: {key: value}}), table, key)


# --- files that load ---------------------------------------------------------


def test_shipped_region_file_loads() -> None:
    settings = load_settings(INSTALL_ROOT / "region.toml")
    assert settings.region_short_name == "Kaltim"
    assert (settings.timezone, settings.timezone_label) == ("Asia/Makassar", "WITA")
    assert settings.language == "id" and settings.region_kind == "provinsi"
    assert settings.min_published_share == 0.5
    assert len(settings.areas) == 10 and "Dinas Kesehatan" in settings.agencies
    assert settings.contact["email"] == "diskominfo@kaltimprov.example"
    assert settings.official == Official()


def test_minimal_file_loads_with_documented_defaults(tmp_path: Path) -> None:
    settings = load(tmp_path)
    assert settings.title == settings.title_en == "LAPOR! Contoh"
    assert settings.region_name == settings.region_name_en == settings.region_short_name
    assert settings.site_url == "https://lapor.contoh.example"
    assert (settings.timezone, settings.timezone_label) == ("Asia/Makassar", "WITA")
    assert settings.language == "id" and settings.region_kind == "provinsi"
    assert settings.region_code == "" and settings.areas == () and settings.agencies == ()
    assert settings.contact == {"office": "", "address": "", "email": "", "whatsapp": ""}
    assert (settings.primary_colour, settings.accent_colour) == ("#0b5d3b", "#a8321f")
    assert settings.max_invalid_share == 0.10 and settings.min_cell_count == 3
    assert settings.min_published_share == 0.5 and settings.cases_per_page == 20


def test_settings_defaults_are_the_schema_defaults() -> None:
    settings = Settings()
    for table, key in (("site", "timezone"), ("data", "min_published_share"), ("theme", "accent")):
        attr = SCHEMA[table][key].attr or key
        assert getattr(settings, attr) == SCHEMA[table][key].default


def test_every_key_is_documented() -> None:
    for table, keys in SCHEMA.items():
        for key, spec in keys.items():
            assert spec.type and spec.doc and spec.default_doc, (table, key)
    assert SCHEMA["site"]["title_en"].default_doc == "the value of title"
    assert SCHEMA["site"]["timezone_label"].default_doc.startswith("WIB, WITA or WIT")
    assert SCHEMA["data"]["min_published_share"].default_doc == "0.5"


def test_site_url_loses_its_trailing_slash(tmp_path: Path) -> None:
    settings = load(tmp_path, {"site": {"url": "https://example.org/lapor/"}})
    assert settings.site_url == "https://example.org/lapor"


def test_new_and_formerly_ignored_keys_are_stored(tmp_path: Path) -> None:
    settings = load(
        tmp_path,
        {
            "site": {"language": "en"},
            "region": {"kind": "kota", "code": "32"},
            "data": {"min_published_share": 0.8, "max_invalid_share": 0},
        },
    )
    assert settings.language == "en" and settings.region_kind == "kota"
    assert settings.region_code == "32" and settings.min_published_share == 0.8
    assert settings.max_invalid_share == 0.0 and isinstance(settings.max_invalid_share, float)


# --- structure: unknown tables and keys, required keys -----------------------


def test_unknown_key_suggests_the_closest_known_key(tmp_path: Path) -> None:
    path = write_region(tmp_path, {"site": {"time_zone": "Asia/Jakarta"}})
    message = refused(path, "site", "time_zone")
    assert message == f"{path}: [site] time_zone: unknown key (did you mean 'timezone'?)"


def test_unknown_key_without_close_match_lists_the_known_keys(tmp_path: Path) -> None:
    message = refused_value(tmp_path, "contact", "fax", "0541 123")
    assert "unknown key" in message and "office, address, email, whatsapp" in message


def test_unknown_table_suggests_the_closest_known_table(tmp_path: Path) -> None:
    path = write_region(tmp_path, {"theeme": {"primary": "#0b5d3b"}})
    with pytest.raises(SettingsError) as caught:
        load_settings(path)
    assert str(caught.value) == f"{path}: [theeme]: unknown table (did you mean 'theme'?)"


def test_table_that_is_not_a_table(tmp_path: Path) -> None:
    path = tmp_path / "region.toml"
    path.write_text('data = "none"\n[site]\ntitle = "T"\nurl = "https://a.example"\n')
    with pytest.raises(SettingsError, match=r"region\.toml: \[data\]: expected a table"):
        load_settings(path)


@pytest.mark.parametrize(("table", "key"), [("site", "title"), ("site", "url"), ("region", "name")])
def test_required_keys(tmp_path: Path, table: str, key: str) -> None:
    message = refused(write_region(tmp_path, {table: {key: None}}), table, key)
    assert message.endswith("is required")
    message = refused_value(tmp_path, table, key, "  ")
    assert "is not an http(s) URL" in message if key == "url" else "must not be empty" in message


def test_toml_syntax_error_is_one_line_with_the_file(tmp_path: Path) -> None:
    path = tmp_path / "region.toml"
    path.write_text('[site]\ntitle = "unterminated\n')
    with pytest.raises(SettingsError) as caught:
        load_settings(path)
    assert str(caught.value).startswith(f"{path}: ") and "\n" not in str(caught.value)


# --- types -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("table", "key", "value", "reason"),
    [
        ("site", "title", 5, "expected a string, got integer 5"),
        ("site", "publisher", ["Diskominfo"], "expected a string, got array"),
        ("site", "title_en", "LAPOR!\nBaris", "control characters"),
        ("site", "cases_per_page", "20", "expected an integer, got string '20'"),
        ("site", "cases_per_page", True, "expected an integer, got boolean True"),
        ("site", "cases_per_page", 20.0, "expected an integer, got float 20.0"),
        ("site", "cases_per_page", 0, "must be at least 1"),
        ("data", "min_cell_count", False, "expected an integer"),
        ("data", "max_invalid_share", "0.1", "expected a number from 0 to 1, got string"),
        ("data", "max_invalid_share", True, "expected a number from 0 to 1, got boolean"),
        ("data", "max_invalid_share", 1.5, "must be from 0 to 1"),
        ("data", "max_invalid_share", -0.1, "must be from 0 to 1"),
        ("data", "max_invalid_share", float("nan"), "must be from 0 to 1"),
        ("data", "min_published_share", 2, "must be from 0 to 1"),
        ("data", "min_published_share", float("inf"), "must be from 0 to 1"),
        ("region", "areas", "Kota Samarinda", "expected an array of strings, got string"),
        ("region", "areas", ["Kota Samarinda", 7], "item 2: expected a string"),
        ("region", "agencies", ["Dinas Sosial", "Dinas Sosial"], "item 2: 'Dinas Sosial'"),
        ("region", "agencies", [""], "item 1: must not be empty"),
        ("region", "kind", "negara", "not one of provinsi, kabupaten, kota"),
        ("region", "code", 64, 'expected a string of 2 digits such as "64", got integer'),
        ("region", "code", "640", "2-digit province code"),
        ("site", "language", "Bahasa Indonesia", "language tag"),
    ],
)
def test_wrong_types_and_ranges(
    tmp_path: Path, table: str, key: str, value: Any, reason: str
) -> None:
    assert reason in refused_value(tmp_path, table, key, value)


# --- time zone ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("zone", "label"),
    [
        ("Asia/Jakarta", "WIB"),
        ("Asia/Pontianak", "WIB"),
        ("Asia/Makassar", "WITA"),
        ("Asia/Jayapura", "WIT"),
    ],
)
def test_timezone_label_defaults_from_the_zone(tmp_path: Path, zone: str, label: str) -> None:
    settings = load(tmp_path, {"site": {"timezone": zone}})
    assert (settings.timezone, settings.timezone_label) == (zone, label)
    assert settings.tz.key == zone


def test_given_timezone_label_wins(tmp_path: Path) -> None:
    settings = load(tmp_path, {"site": {"timezone": "Asia/Jakarta", "timezone_label": "W.I.B."}})
    assert settings.timezone_label == "W.I.B."


def test_timezone_label_required_outside_indonesia(tmp_path: Path) -> None:
    path = write_region(tmp_path, {"site": {"timezone": "Asia/Kuala_Lumpur"}})
    assert "required because timezone 'Asia/Kuala_Lumpur'" in refused(
        path, "site", "timezone_label"
    )
    changes = {"site": {"timezone": "Asia/Kuala_Lumpur", "timezone_label": "MYT"}}
    assert load(tmp_path, changes).timezone_label == "MYT"


@pytest.mark.parametrize(
    "zone",
    [
        "WIB",
        "WITA",
        "GMT+7",
        "Asia/Jakarta ",
        "",
        "../etc/passwd",
        "localtime",
        "posixrules",
        "Factory",
    ],
)
def test_timezone_must_be_an_iana_name(tmp_path: Path, zone: str) -> None:
    message = refused_value(tmp_path, "site", "timezone", zone)
    if zone.strip():
        assert "is not an IANA time zone name" in message
        assert "Asia/Jakarta (WIB), Asia/Makassar (WITA), Asia/Jayapura (WIT)" in message


def test_timezone_typo_gets_a_suggestion(tmp_path: Path) -> None:
    message = refused_value(tmp_path, "site", "timezone", "Asia/Jakrta")
    assert "(did you mean 'Asia/Jakarta'?)" in message


# --- colours -----------------------------------------------------------------


def test_contrast_formula_matches_wcag_reference_values() -> None:
    assert contrast_with_white("#000000") == pytest.approx(21.0)
    assert contrast_with_white("#FFFFFF") == pytest.approx(1.0)
    assert contrast_with_white("#767676") == pytest.approx(4.54, abs=0.01)
    assert contrast_with_white("#777777") == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize("key", ["primary", "accent"])
@pytest.mark.parametrize(
    "colour",
    ["red; } body {display:none", "red", "#0b5d3", "#0b5d3b0", "0b5d3b", "#0g5d3b", "#05d"],
)
def test_colour_must_be_rrggbb(tmp_path: Path, key: str, colour: str) -> None:
    assert "is not a colour written #rrggbb" in refused_value(tmp_path, "theme", key, colour)


@pytest.mark.parametrize(
    ("colour", "shown"), [("#777777", "4.47:1"), ("#ff0000", "3.99:1"), ("#ffff00", "1.07:1")]
)
def test_colour_needs_contrast_against_white(tmp_path: Path, colour: str, shown: str) -> None:
    message = refused_value(tmp_path, "theme", "accent", colour)
    assert f"{colour} has a contrast of {shown} against white, below the 4.5:1" in message


def test_darkest_accepted_grey_is_767676(tmp_path: Path) -> None:
    assert load(tmp_path, {"theme": {"primary": "#767676"}}).primary_colour == "#767676"


def test_any_string_not_matching_rrggbb_is_refused_as_colour(tmp_path: Path) -> None:
    """Property-style: random near-miss strings are never accepted as a colour."""
    rng = random.Random(4_5)
    alphabet = string.hexdigits + "#gxyz ;:{}()\"'\n\t\\/<>-"
    tried = 0
    while tried < 300:
        candidate = "".join(rng.choice(alphabet) for _ in range(rng.choice((0, 1, 6, 7, 7, 8))))
        if rng.random() < 0.3:  # a valid, dark colour with one character changed or added
            base = list("#1a2b3c")
            base.insert(rng.randrange(8), rng.choice(alphabet))
            candidate = "".join(base)
        well_formed = (
            len(candidate) == 7
            and candidate[0] == "#"
            and all(c in string.hexdigits for c in candidate[1:])
        )
        if well_formed:
            continue
        tried += 1
        refused_value(tmp_path, "theme", "primary", candidate)


# --- URLs, e-mail, WhatsApp, official channel --------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "lapor.example",
        "ftp://lapor.example",
        "javascript:alert(1)",
        "https://lapor.example junk",
        "https://lapor.example/?page=1",
        "https://lapor.example/#top",
        'https://lapor.example/"onmouseover="x',
        "https://user:pw@lapor.example",
        "https://",
    ],
)
def test_url_must_be_plain_http_or_https(tmp_path: Path, url: str) -> None:
    assert "is not an http(s) URL" in refused_value(tmp_path, "site", "url", url)
    refused_value(tmp_path, "official", "source", url)


def test_valid_urls_load(tmp_path: Path) -> None:
    changes = {
        "site": {"url": "http://127.0.0.1:8000"},
        "official": {"web": "https://www.lapor.go.id", "source": "https://a-b.example/x_y.html"},
    }
    assert load(tmp_path, changes).site_url == "http://127.0.0.1:8000"


@pytest.mark.parametrize(
    "email", ["diskominfo", "a@b", "a b@kaltim.example", "a@@kaltim.example", "<a@b.example>"]
)
def test_contact_email_must_look_like_an_email(tmp_path: Path, email: str) -> None:
    assert "is not an e-mail address" in refused_value(tmp_path, "contact", "email", email)


@pytest.mark.parametrize("number", ["+62 812 3456 7890", "0812-3456-7890", "wa.me/62812", "+62"])
def test_whatsapp_is_digits_or_empty(tmp_path: Path, number: str) -> None:
    refused_value(tmp_path, "contact", "whatsapp", number)


def test_contact_values_that_load(tmp_path: Path) -> None:
    contact = {"email": "pengaduan@jabar.example", "whatsapp": "+6281234567890"}
    assert load(tmp_path, {"contact": contact}).contact["whatsapp"] == "+6281234567890"
    assert load(tmp_path, {"contact": {"email": "", "whatsapp": ""}}).contact["email"] == ""


@pytest.mark.parametrize(
    ("key", "value"), [("twitter", "@LAPOR1708"), ("sms", "17 08"), ("app_name", "")]
)
def test_official_channel_values(tmp_path: Path, key: str, value: str) -> None:
    refused_value(tmp_path, "official", key, value)


# --- [limits] ------------------------------------------------------------------


def test_limits_default_to_the_official_working_days(tmp_path: Path) -> None:
    settings = load(tmp_path)
    assert (settings.verification_limit, settings.response_limit) == (3, 5)
    assert settings.unhandled_limit == 15
    installed = load_settings(INSTALL_ROOT / "region.toml")
    assert (installed.verification_limit, installed.response_limit) == (3, 5)
    assert installed.unhandled_limit == 15


def test_limits_are_read(tmp_path: Path) -> None:
    settings = load(tmp_path, {"limits": {"verification": 2, "first_response": 7, "unhandled": 20}})
    assert (settings.verification_limit, settings.response_limit) == (2, 7)
    assert settings.unhandled_limit == 20


@pytest.mark.parametrize(
    ("key", "value", "reason"),
    [
        ("verification", 0, "must be at least 1, got 0"),
        ("first_response", "5", "expected an integer, got string '5'"),
        ("unhandled", 2.5, "expected an integer, got float 2.5"),
        ("unhandled", 4, "must be at least first_response (5), got 4"),
    ],
)
def test_bad_limits_are_refused(tmp_path: Path, key: str, value: Any, reason: str) -> None:
    message = refused(write_region(tmp_path, {"limits": {key: value}}), "limits", key)
    assert message.endswith(reason), message


def test_unknown_limit_is_refused_with_a_hint(tmp_path: Path) -> None:
    message = refused(write_region(tmp_path, {"limits": {"verifikasi": 3}}), "limits", "verifikasi")
    assert "unknown key" in message
