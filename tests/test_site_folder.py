"""One installation, several site folders; demo and production builds.

Every command works on the folder it is run in (or ``--site DIR``) with that
folder's region file; the bundled sample is the only input allowed without a
secret and is marked "Data contoh" on every page; a production build links
from the region's URL (a sub-path included) and refuses content made with the
demo key or another secret.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from factories import new_site, records, write_jsonl

from lapor_site.cli import main
from lapor_site.site import INSTALL_ROOT, SAMPLE_FILE

SECRET = "site-folder-test-key"


def region_file(folder: Path, **site: str) -> Path:
    """A region file for another place: its own title, colours, time zone and URL."""
    text = (INSTALL_ROOT / "region.toml").read_text(encoding="utf-8")
    values = {
        "title": "LAPOR! Kota Contoh",
        "url": "https://contoh.github.io/lapor-kota",
        "timezone": "Asia/Jakarta",
        **site,
    }
    for key, value in values.items():
        text = re.sub(rf'(?m)^{key} = ".*"$', f'{key} = "{value}"', text)
    text = re.sub(r'(?m)^timezone_label = ".*"\n', "", text)
    text = text.replace('primary = "#0b5d3b"', 'primary = "#1a4480"')
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "region.toml").write_text(text, encoding="utf-8")
    return folder / "region.toml"


def html_pages(output: Path) -> list[Path]:
    return sorted(output.rglob("*.html"))


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and ".state" not in p.parts
    }


@pytest.fixture
def secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LAPOR_SITE_SECRET", SECRET)


def test_each_folder_uses_its_own_region_and_writes_only_into_itself(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, secret: None
) -> None:
    data = write_jsonl(tmp_path / "input.jsonl", records(12))
    kaltim, kota = new_site(tmp_path / "kaltim"), tmp_path / "kota"
    region_file(kota)
    monkeypatch.chdir(kaltim)
    assert main(["update", "--input", str(data)]) == 0
    kaltim_before = tree(kaltim)
    monkeypatch.chdir(tmp_path)
    assert main(["update", "--site", str(kota), "--input", str(data)]) == 0
    assert tree(kaltim) == kaltim_before  # the second site never wrote into the first
    home = (kota / "output" / "index.html").read_text(encoding="utf-8")
    assert "<title>LAPOR! Kota Contoh</title>" in home
    assert "--primary: #1a4480" in home
    assert "WIB" in (kota / "output" / "metodologi" / "index.html").read_text(encoding="utf-8")
    assert "UTC+7" in (kota / "output" / "metodologi" / "index.html").read_text(encoding="utf-8")
    assert "LAPOR! Kalimantan Timur" in (kaltim / "output" / "index.html").read_text("utf-8")
    assert not (tmp_path / "output").exists() and not (tmp_path / ".state").exists()


def test_options_work_before_and_after_the_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, secret: None, capsys
) -> None:
    data = write_jsonl(tmp_path / "input.jsonl", records(5))
    site = tmp_path / "site"
    site.mkdir()
    other_region = region_file(tmp_path / "elsewhere", title="LAPOR! Dari Opsi")
    assert (
        main(["sync", "--region", str(other_region), "--site", str(site), "--input", str(data)])
        == 0
    )
    assert main(["--site", str(site), "--region", str(other_region), "build"]) == 0
    home = (site / "output" / "index.html").read_text(encoding="utf-8")
    assert "<title>LAPOR! Dari Opsi</title>" in home  # --region reaches the Pelican build
    assert main(["status", "--site", str(site)]) == 0
    assert "published_cases: 5" in capsys.readouterr().out


def test_a_folder_without_region_file_is_one_clear_line(tmp_path: Path, capsys) -> None:
    assert main(["build", "--site", str(tmp_path)]) == 1
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert line == f"lapor-site build: {tmp_path / 'region.toml'}: configuration file not found"


def test_init_creates_a_folder_to_edit(tmp_path: Path, capsys) -> None:
    assert main(["init", str(tmp_path / "kabupaten")]) == 0
    assert sorted(p.name for p in (tmp_path / "kabupaten").iterdir()) == [
        ".gitignore",
        "region.toml",
        "sync.toml",
    ]
    assert main(["init", str(tmp_path / "kabupaten")]) == 1  # never overwrites


def test_without_secret_only_the_sample_may_be_synced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    monkeypatch.delenv("LAPOR_SITE_SECRET", raising=False)
    site = new_site(tmp_path / "site")
    data = write_jsonl(tmp_path / "real.jsonl", records(5))
    assert main(["update", "--site", str(site), "--input", str(data)]) == 1
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert line.startswith("lapor-site update: LAPOR_SITE_SECRET is not set")
    assert "set LAPOR_SITE_SECRET" in line
    assert not (site / "content" / "generated").exists() and not (site / "output").exists()


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled sample, synced and built without a secret, as `make site` does."""
    site = new_site(tmp_path_factory.mktemp("demo"))
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("LAPOR_SITE_SECRET", raising=False)
        assert main(["update", "--site", str(site), "--input", str(SAMPLE_FILE)]) == 0
    return site


def test_sample_site_says_data_contoh_on_every_page(demo_site: Path) -> None:
    pages = html_pages(demo_site / "output")
    assert len(pages) > 1000
    for page in pages:
        english = page.relative_to(demo_site / "output").parts[0] == "en"
        notice = "<strong>Sample data.</strong>" if english else "<strong>Data contoh.</strong>"
        assert notice in page.read_text(encoding="utf-8"), page


def test_demo_key_content_is_never_built_for_production(
    demo_site: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    monkeypatch.setenv("LAPOR_SITE_SECRET", "x")
    before = tree(demo_site)
    for argv in (["build", "--production"], ["build", "--settings", "publishconf.py"]):
        settings = INSTALL_ROOT / "publishconf.py"
        argv = [str(settings) if a == "publishconf.py" else a for a in argv]
        assert main([*argv, "--site", str(demo_site)]) == 1
        (line,) = capsys.readouterr().err.strip().splitlines()
        assert "were made with the public demo key" in line
        assert "nothing published" in line
    assert tree(demo_site) == before


def test_production_build_without_secret_is_refused(demo_site: Path, monkeypatch, capsys):
    monkeypatch.delenv("LAPOR_SITE_SECRET", raising=False)
    assert main(["build", "--production", "--site", str(demo_site)]) == 1
    assert "a production build needs LAPOR_SITE_SECRET" in capsys.readouterr().err


def test_content_made_with_another_secret_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    site = new_site(tmp_path / "site")
    data = write_jsonl(tmp_path / "real.jsonl", records(5))
    monkeypatch.setenv("LAPOR_SITE_SECRET", "first-secret")
    assert main(["update", "--site", str(site), "--input", str(data)]) == 0
    monkeypatch.setenv("LAPOR_SITE_SECRET", "second-secret")
    assert main(["build", "--production", "--site", str(site)]) == 1
    assert "made with another LAPOR_SITE_SECRET" in capsys.readouterr().err


def test_production_site_works_under_a_sub_path(tmp_path: Path, secret: None) -> None:
    site = tmp_path / "site"
    region_file(site, url="https://contoh.github.io/lapor-kota")
    data = write_jsonl(tmp_path / "real.jsonl", records(30))
    assert main(["update", "--site", str(site), "--input", str(data)]) == 0
    pages = html_pages(site / "output")
    assert pages
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert "Data contoh" not in text
        for link in re.findall(r'(?:href|src)="([^"]*)"', text):
            assert not link.startswith("/"), (page, link)  # would leave /lapor-kota/
            if "contoh.github.io" in link:
                assert link.startswith("https://contoh.github.io/lapor-kota/"), (page, link)
    home = (site / "output" / "index.html").read_text(encoding="utf-8")
    assert 'href="https://contoh.github.io/lapor-kota/theme/css/site.css"' in home


def test_region_contact_details_are_shown(demo_site: Path) -> None:
    home = (demo_site / "output" / "index.html").read_text(encoding="utf-8")
    assert "Jl. Basuki Rahmat No. 41, Samarinda" in home
    assert 'href="mailto:diskominfo@kaltimprov.example"' in home


def test_shrink_guard_survives_a_lost_state_file(tmp_path: Path, secret: None, capsys) -> None:
    site = new_site(tmp_path / "site")
    many = write_jsonl(tmp_path / "many.jsonl", records(40))
    few = write_jsonl(tmp_path / "few.jsonl", records(10))
    assert main(["update", "--site", str(site), "--input", str(many)]) == 0
    (site / ".state" / "sync.json").unlink()  # "delete it to start over", or an expired cache
    capsys.readouterr()
    assert main(["update", "--site", str(site), "--input", str(few)]) == 1
    assert "would publish 10 cases where the site shows 40" in capsys.readouterr().err
    assert main(["update", "--site", str(site), "--input", str(few), "--allow-shrink"]) == 0


def test_preview_links_are_relative_so_any_sub_path_works(demo_site: Path) -> None:
    # 404.html is served for any missing path, so it alone links from the server's root
    # (tests/test_404.py); every other page links relatively.
    pages = [p for p in html_pages(demo_site / "output") if p.name != "404.html"]
    assert len(pages) > 200
    for page in pages[:200]:
        for link in re.findall(r'(?:href|src)="([^"]*)"', page.read_text(encoding="utf-8")):
            assert not link.startswith("/"), (page, link)


def test_deeply_nested_input_is_one_line(tmp_path: Path, secret: None, capsys) -> None:
    site = new_site(tmp_path / "site")
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000, encoding="utf-8")
    assert main(["update", "--site", str(site), "--input", str(deep)]) == 1
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert line.startswith("lapor-site update: ")
    assert not (site / "content" / "generated").exists()


def test_every_page_exists_in_both_languages(demo_site: Path) -> None:
    output = demo_site / "output"
    pages = {p.relative_to(output).as_posix() for p in html_pages(output)}
    english = {p for p in pages if p.startswith("en/")}
    indonesian = pages - english
    assert len(english) == len(indonesian) > 1000
    assert {p.removeprefix("en/") for p in english} == indonesian
    for name in ("en/index.html", "en/kasus/index.html", "en/statistik/index.html"):
        assert '<html lang="en">' in (output / name).read_text(encoding="utf-8")
