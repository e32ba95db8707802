"""Site search in bundles, attacked: a site served from a sub-path, an update against a
clean build, a missing bundle list, the leak audit of every bundle, a failing Pagefind
run, and languages written in capitals or not at all (lapor_site.search)."""

from __future__ import annotations

import functools
import json
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from factories import leftovers, make_record, new_site, write_jsonl
from test_search import BUNDLE_WORDS, bundle_pages, set_bundle_pages

from lapor_site.audit import audit_tree
from lapor_site.cli import main
from lapor_site.linkcheck import check_links
from lapor_site.search import index_search

#: Pages per bundle: a dozen cases fill several bundles in each language.
SMALL_BUNDLE = 6
#: The folder the site is served from, below the server's root.
SUB = "sub"


def _rows(words: tuple[str, ...], changed: str = "") -> list[dict]:
    return [
        make_record(
            tracking_id=f"LAP-SUB-{i}",
            title=f"Atap balai {word} {changed or 'bocor'}",
        )
        for i, word in enumerate(words)
    ]


@pytest.fixture(scope="module")
def sub_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path, str]]:
    """A site served from ``/sub/``, updated twice (9 cases, then 12 with two of the first
    changed), then built again from scratch; the site, the clean build and the site's URL."""
    from gates import checks

    folder = tmp_path_factory.mktemp("search-sub")
    site = new_site(folder / "site")
    web = folder / "web"
    web.mkdir()
    (web / SUB).symlink_to(site / "output", target_is_directory=True)
    first = write_jsonl(folder / "first.jsonl", _rows(BUNDLE_WORDS[:9]))
    rows = _rows(BUNDLE_WORDS)
    rows[1]["title"] = rows[1]["title"].replace("bocor", "runtuh")
    rows[4]["description"] = "Atap balai desa runtuh setelah hujan deras semalam."
    second = write_jsonl(folder / "second.jsonl", rows)
    clean = folder / "clean"
    with checks.serve_directory(web) as server, pytest.MonkeyPatch.context() as patch:
        url = f"{server}/{SUB}"
        region = site / "region.toml"
        text = region.read_text(encoding="utf-8")
        text = re.sub(r'(?m)^url = ".*"$', f'url = "{url}"', text, count=1)
        region.write_text(set_bundle_pages(text, SMALL_BUNDLE), encoding="utf-8")
        patch.setenv("LAPOR_SITE_SECRET", "search-sub-test-key")
        assert main(["update", "--site", str(site), "--input", str(first)]) == 0
        assert main(["update", "--site", str(site), "--input", str(second)]) == 0
        assert main(["build", "--site", str(site), "--output", str(clean)]) == 0
        yield site, clean, url


def _bundles(output: Path) -> dict[str, list[str]]:
    return json.loads((output / "pagefind" / "bundles.json").read_text(encoding="utf-8"))


def _index_files(output: Path) -> dict[str, bytes]:
    return {
        p.relative_to(output).as_posix(): p.read_bytes()
        for p in sorted(output.glob("pagefind*/**/*"))
        if p.is_file()
    }


def test_an_update_indexes_the_same_bytes_as_a_clean_build(
    sub_site: tuple[Path, Path, str],
) -> None:
    site, clean, _ = sub_site
    updated = _index_files(site / "output")
    assert updated.keys() == _index_files(clean).keys()
    assert [path for path, data in _index_files(clean).items() if updated[path] != data] == []
    assert all(len(folders) >= 2 for folders in _bundles(clean).values())


def _where(output: Path) -> dict[tuple[str, str], str]:
    """(language, word) -> the bundle folder holding that word's case page."""
    found = {}
    for lang, folders in _bundles(output).items():
        for folder in folders:
            for url, page in bundle_pages(output / folder).items():
                for word in BUNDLE_WORDS:
                    if "/kasus/" in url and word in page["meta"]["title"]:
                        found[(lang, word)] = folder
    return found


def _record_url(urls: list[str], request) -> None:
    urls.append(request.url)


def test_a_site_served_from_a_sub_path_finds_cases_in_every_bundle(
    sub_site: tuple[Path, Path, str],
) -> None:
    """The results link below the sub-path, and every file comes from below it."""
    from gates import checks
    from playwright.sync_api import sync_playwright

    site, _, url = sub_site
    output = site / "output"
    where = _where(output)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=checks.CHROMIUM, args=checks.CHROMIUM_ARGS)
        try:
            context = browser.new_context()
            loaded: list[str] = []
            context.on("request", functools.partial(_record_url, loaded))
            page = context.new_page()
            for lang, prefix in (("id", ""), ("en", "/en")):
                # One word from each bundle of the language.
                words = {
                    folder: word
                    for (page_lang, word), folder in sorted(where.items())
                    if page_lang == lang
                }
                # Every bundle but the first of the language (the undated guide pages).
                assert set(words) == set(_bundles(output)[lang][1:]), words
                assert len(words) >= 2, words
                for word in words.values():
                    links = checks.search_results(page, f"{url}{prefix}/cari/?q={word}")
                    assert len(links) == 1 and links[0].startswith(f"/{SUB}{prefix}/kasus/"), (
                        lang,
                        word,
                        links,
                    )
                    response = page.goto(url.rsplit("/", 1)[0] + links[0])
                    assert response is not None and response.status == 200, links[0]
                    assert word in page.title()
            context.close()
        finally:
            browser.close()
    assert loaded and [u for u in loaded if not u.startswith(f"{url}/")] == []


@pytest.mark.parametrize(
    "answer",
    [{"status": 404, "body": "nothing here"}, {"status": 200, "body": '{"id": ["pagef'}],
    ids=["missing", "malformed"],
)
def test_without_a_usable_bundle_list_the_search_uses_the_main_bundle(
    sub_site: tuple[Path, Path, str], answer: dict
) -> None:
    from gates import checks
    from playwright.sync_api import sync_playwright

    site, _, url = sub_site
    # The main bundle holds the undated pages: the guides, not the cases.
    guides = bundle_pages(site / "output" / "pagefind")
    assert guides and not any("/kasus/" in page for page in guides)
    word = "Metodologi"
    assert any(word in page["meta"]["title"] for page in guides.values())
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=checks.CHROMIUM, args=checks.CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.route(
                "**/bundles.json",
                lambda route: route.fulfill(content_type="application/json", **answer),
            )
            links = checks.search_results(page, f"{url}/cari/?q={word}")
            assert f"/{SUB}/metodologi/" in {link.split("#")[0] for link in links}, links
        finally:
            browser.close()


def test_the_budget_and_the_links_pass_with_several_bundles(
    sub_site: tuple[Path, Path, str],
) -> None:
    site, _, url = sub_site
    output = site / "output"
    budget = Path(__file__).resolve().parent.parent / "bench" / "budget.py"
    command = [sys.executable, str(budget), "--output", str(output), "--site-url", url]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    pages = int(re.search(r"pages=(\d+)", result.stdout).group(1))
    outside = [
        p
        for p in output.rglob("*.html")
        if not p.relative_to(output).parts[0].startswith("pagefind")
    ]
    assert pages == len(outside)
    assert check_links(output, url) == []


def test_the_leak_audit_reads_every_bundle(sub_site: tuple[Path, Path, str]) -> None:
    """A value in every case page is found in the index files of every bundle of cases,
    and one in every guide in those of the guides' bundles."""
    site, _, _ = sub_site
    output = site / "output"
    bundles = _bundles(output)
    guides = {lang[0].rstrip("/") for lang in bundles.values()}
    cases = {f.rstrip("/") for lang in bundles.values() for f in lang[1:]}
    for value, folders in (("Atap balai", cases), ("Metodologi", guides)):
        findings = audit_tree(output, [value])
        in_index = {f.path.split("/")[0] for f in findings if f.path.startswith("pagefind")}
        assert in_index == folders, value
        fragments = {f.path.split("/")[0] for f in findings if "/fragment/" in f.path}
        assert fragments == folders, value


def test_the_leak_audit_skips_only_the_program_files_of_a_bundle(
    sub_site: tuple[Path, Path, str], tmp_path: Path
) -> None:
    site, _, _ = sub_site
    last = _bundles(site / "output")["en"][-1].rstrip("/")
    assert last != "pagefind"
    copy = tmp_path / last
    shutil.copytree(site / "output" / last, copy)
    planted = " /* warga.bocor@example.com */"
    for name in ("pagefind-ui.js", "pagefind-entry.json"):
        with (copy / name).open("a", encoding="utf-8") as file:
            file.write(planted)
    found = [(f.path, f.kind) for f in audit_tree(tmp_path)]
    assert [path for path, _ in found] == [f"{last}/pagefind-entry.json"], found


FAILING_PAGEFIND = """\
import os, subprocess, sys
args = sys.argv[1:]
if args[args.index("--output-path") + 1].endswith("-2"):
    print("Error: planted failure of a second bundle", file=sys.stderr)
    sys.exit(3)
env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
sys.exit(subprocess.call([sys.executable, "-m", "pagefind", *args], env=env))
"""


def test_a_failing_bundle_publishes_nothing_and_leaves_no_scratch(
    sub_site: tuple[Path, Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Pagefind fails on a second bundle: a clear error, the published site untouched."""
    site, _, _ = sub_site
    shim = tmp_path / "shim" / "pagefind"
    shim.mkdir(parents=True)
    (shim / "__init__.py").write_text("", encoding="utf-8")
    (shim / "__main__.py").write_text(FAILING_PAGEFIND, encoding="utf-8")
    before = _index_files(site / "output")
    target = tmp_path / "failed"
    capsys.readouterr()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("LAPOR_SITE_SECRET", "search-sub-test-key")
        patch.setenv("PYTHONPATH", str(shim.parent))
        assert main(["build", "--site", str(site), "--output", str(target)]) != 0
        rows = [*_rows(BUNDLE_WORDS), make_record(tracking_id="LAP-SUB-NEW", title="Baru")]
        data = write_jsonl(tmp_path / "more.jsonl", rows)
        assert main(["update", "--site", str(site), "--input", str(data)]) != 0
    error = capsys.readouterr().err
    assert error.count("search index: pagefind failed") == 2, error
    assert "planted failure of a second bundle" in error
    assert not target.exists() or not any(target.iterdir())
    assert _index_files(site / "output") == before
    assert leftovers(site) == []
    assert not (site / ".state" / "build-search").exists()


def test_a_smaller_site_leaves_no_stale_bundle(
    sub_site: tuple[Path, Path, str], tmp_path: Path
) -> None:
    """Cases taken out of the input are in no bundle after the next update, and the
    bundles of the larger site are gone (runs last: it shrinks the shared site)."""
    site, _, _ = sub_site
    output = site / "output"
    before = {p.name for p in output.iterdir() if p.name.startswith("pagefind")}
    data = write_jsonl(tmp_path / "few.jsonl", _rows(BUNDLE_WORDS[:2]))
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("LAPOR_SITE_SECRET", "search-sub-test-key")
        command = ["update", "--site", str(site), "--input", str(data), "--allow-shrink"]
        assert main(command) == 0
    bundles = _bundles(output)
    folders = {p.name for p in output.iterdir() if p.name.startswith("pagefind")}
    assert folders == {f.rstrip("/") for lang in bundles.values() for f in lang}
    assert len(folders) < len(before)
    titles = [
        page["meta"]["title"]
        for folder in folders
        for page in bundle_pages(output / folder).values()
    ]
    assert not any(word in title for title in titles for word in BUNDLE_WORDS[2:])
    assert sum(BUNDLE_WORDS[0] in title for title in titles) == 2  # Indonesian and English


# ------------------------------------------------------- languages, on hand-written pages


def _page(lang: str | None, text: str) -> str:
    attribute = f' lang="{lang}"' if lang is not None else ""
    return (
        f"<!DOCTYPE html><html{attribute}><head><title>{text}</title></head>"
        f"<body data-pagefind-body><p>{text}</p></body></html>"
    )


def test_the_main_language_keeps_the_main_bundle_whatever_its_case(tmp_path: Path) -> None:
    """region.toml may say ``id-ID`` (a valid tag) while Pagefind keys languages in lower
    case: the main language's first bundle is still ``pagefind/``."""
    output = tmp_path / "output"
    pages = {"a": ("id-ID", "zamrud"), "b": ("id-ID", "kenari"), "c": ("en", "teak")}
    pages |= {"d": (None, "tanpa")}
    for name, (lang, text) in pages.items():
        (output / name).mkdir(parents=True)
        (output / name / "index.html").write_text(_page(lang, text), encoding="utf-8")
    bundles = index_search(output, tmp_path / "scratch", bundle_pages=1, language="id-ID")
    assert bundles == {
        "id-id": ["pagefind/", "pagefind-id-id-2/"],
        "en": ["pagefind-en-1/"],
        "unknown": ["pagefind-unknown-1/"],
    }
    for lang, folders in bundles.items():
        for folder in folders:
            entry = json.loads((output / folder / "pagefind-entry.json").read_text("utf-8"))
            assert list(entry["languages"]) == [lang]
    assert _bundles(output) == bundles
    assert not (tmp_path / "scratch").exists()


def test_a_site_that_marks_no_page_is_indexed_whole_in_bundles_too(tmp_path: Path) -> None:
    """Pagefind indexes every page of a site where no page has ``data-pagefind-body``;
    cut into bundles, the same pages are found (it used to index nothing and fail on
    writing bundles.json)."""
    pages = {"a": "zamrud", "b": "kenari", "c": "merbau"}
    for size in (len(pages), 2):
        output = tmp_path / f"output-{size}"
        for name, text in pages.items():
            (output / name).mkdir(parents=True)
            html = _page("id", text).replace(" data-pagefind-body", "")
            (output / name / "index.html").write_text(html, encoding="utf-8")
        bundles = index_search(output, tmp_path / "scratch", bundle_pages=size, language="id")
        urls = {url for folder in bundles["id"] for url in bundle_pages(output / folder)}
        assert urls == {f"/{name}/" for name in pages}, (size, bundles)
