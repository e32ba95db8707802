"""Choosing the source: ``sync.toml``, its documented examples, and command-line overrides."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from source_testkit import FAKE_TOKEN

from lapor_site.site import SAMPLE_FILE
from lapor_site.sources import SourceError
from lapor_site.sources.ckan import CkanSource
from lapor_site.sources.file import FileSource
from lapor_site.sources.lapor_api import LaporApiSource
from lapor_site.sources.mapping import ConfigError
from lapor_site.sources.open311 import Open311Source
from lapor_site.sources.registry import build_source, load_sync_config

REPO_SYNC_TOML = Path(__file__).resolve().parents[2] / "sync.toml"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sync.toml"
    path.write_text(text, encoding="utf-8")
    return path


def uncommented_examples(text: str) -> str:
    """The repo's sync.toml with its commented-out example blocks switched on."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("# [sources.lapor-api]"))
    out = lines[:start]
    for line in lines[start:]:
        if line.startswith("# ---") or line.startswith("# # ") or line == "# #":
            out.append(line.removeprefix("# ") if line.startswith("# # ") else "")
        elif line.startswith("# ") or line == "#":
            out.append(line[2:])
        else:
            out.append(line)
    return "\n".join(out) + "\n"


def test_missing_file_gives_the_sample_file_source(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    config = load_sync_config(None)
    assert config["sync"] == {"source": "file"}
    source = build_source(config)
    assert isinstance(source, FileSource)
    assert source.path == SAMPLE_FILE  # the installation's sample, not ./data/sample
    with pytest.raises(ConfigError, match=r"nope\.toml: sync configuration not found"):
        load_sync_config(tmp_path / "nope.toml")


def test_repo_sync_toml_selects_the_sample_file() -> None:
    config = load_sync_config(REPO_SYNC_TOML)
    source = build_source(config)
    assert isinstance(source, FileSource)
    assert source.path == REPO_SYNC_TOML.parent / "data/sample/cases.jsonl"


def test_repo_sync_toml_examples_are_valid(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LAPOR_API_TOKEN", FAKE_TOKEN)
    config = load_sync_config(write(tmp_path, uncommented_examples(REPO_SYNC_TOML.read_text())))
    assert set(config["sources"]) == {"file", "lapor-api", "open311", "ckan"}
    api = build_source(config, source="lapor-api")
    assert isinstance(api, LaporApiSource)
    assert api.mapper.fields["tanggal.masuk"] == ("submitted_at",)
    assert api.mapper.values["status"]["menunggu tanggapan"] == "forwarded"
    assert api.mapper.values["status"]["selesai"] == "resolved"
    assert api.session.timeout == (10.0, 60.0)
    assert isinstance(build_source(config, source="open311"), Open311Source)
    ckan = build_source(config, source="ckan")
    assert isinstance(ckan, CkanSource)
    assert ckan.mapper.defaults == {"privacy": "anonymous"}
    file_source = build_source(config)
    assert isinstance(file_source, FileSource)


def test_command_line_overrides(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LAPOR_API_TOKEN", FAKE_TOKEN)
    config = load_sync_config(
        write(
            tmp_path,
            '[sync]\nsource = "kaltim"\n[http]\nread_timeout = 5\n'
            '[sources.kaltim]\ntype = "lapor-api"\nbase_url = "https://a.example"\n'
            'token_env = "LAPOR_API_TOKEN"\nread_timeout = 7\n'
            '[sources.file]\npath = "export/cases.csv"\n',
        )
    )
    api = build_source(
        config, url="https://staging.example/api", since=datetime(2024, 1, 1, tzinfo=UTC)
    )
    assert isinstance(api, LaporApiSource)
    assert api.url == "https://staging.example/api" and api.since is not None
    assert api.session.timeout == (10.0, 7.0)

    from_input = build_source(config, input="other/kasus.xlsx")
    assert isinstance(from_input, FileSource) and from_input.path == Path("other/kasus.xlsx")

    configured_file = build_source(config, source="file")
    assert configured_file.path == tmp_path / "export/cases.csv"

    over_url = build_source(config, source="file", url="https://data.example/cases.jsonl")
    assert isinstance(over_url, FileSource) and over_url.url == "https://data.example/cases.jsonl"


def test_bare_type_name_still_needs_its_options() -> None:
    with pytest.raises(
        ConfigError, match=r"^\[sources.open311\] missing required option 'start_date'$"
    ):
        build_source({}, source="open311", url="https://o.example/v2")


def test_input_only_applies_to_the_file_source() -> None:
    with pytest.raises(ConfigError, match=r"--input only applies to the file source"):
        build_source({}, source="ckan", input="x.csv")


def test_unknown_source_and_type() -> None:
    with pytest.raises(
        SourceError, match=r"^unknown source 'lapor' \(known: ckan, file, lapor-api, open311\)$"
    ):
        build_source({}, source="lapor")
    with pytest.raises(ValueError, match=r"unknown type 'soap'"):
        build_source({"sources": {"x": {"type": "soap"}}}, source="x")


def test_token_variable_unset_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LAPOR_API_TOKEN", raising=False)
    config = {
        "sources": {"lapor-api": {"base_url": "https://a.example", "token_env": "LAPOR_API_TOKEN"}}
    }
    with pytest.raises(ConfigError, match=r"^environment variable LAPOR_API_TOKEN is not set"):
        build_source(config, source="lapor-api")


def test_secret_written_into_config_is_refused(tmp_path: Path) -> None:
    config = load_sync_config(
        write(
            tmp_path,
            f'[sources.lapor-api]\nbase_url = "https://a.example"\ntoken = "{FAKE_TOKEN}"\n',
        )
    )
    with pytest.raises(ConfigError) as caught:
        build_source(config, source="lapor-api")
    message = str(caught.value)
    assert message.startswith("[sources.lapor-api] token: secrets are not read from config files")
    assert FAKE_TOKEN not in message


def test_unknown_option_and_wrong_type() -> None:
    with pytest.raises(ConfigError, match=r"^\[sources.ckan\] page_sise: unknown option$"):
        build_source(
            {
                "sources": {
                    "ckan": {"base_url": "https://d.example", "resource_id": "r", "page_sise": 5}
                }
            },
            source="ckan",
        )
    with pytest.raises(ConfigError, match=r"max_pages: expected a whole number"):
        build_source(
            {
                "sources": {
                    "ckan": {"base_url": "https://d.example", "resource_id": "r", "max_pages": "9"}
                }
            },
            source="ckan",
        )


def test_invalid_toml(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"sync.toml: not valid TOML"):
        load_sync_config(write(tmp_path, "[sync\nsource = 1\n"))


def test_bad_base_url() -> None:
    with pytest.raises(ConfigError, match=r"base_url: expected an http:// or https:// URL"):
        build_source({}, source="ckan", url="ftp://d.example")
