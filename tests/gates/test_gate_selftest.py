"""Self-tests of the gates: each check in ``checks.py`` must pass a tiny good site and
report the problem in a tiny broken one (built in ``tmp_path``).

These do not need the built site, only the tools the gates use (java + vnu.jar,
axe-core, Chromium, LinkChecker), so they prove a gate can fail, not just pass.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from . import checks

pytestmark = pytest.mark.gates

SITE = "https://lapor.example.org"


def page(title: str, body: str) -> str:
    return f"""<!doctype html>
<html lang="id">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
</head>
<body>
<main>
<h1>{title}</h1>
{body}
</main>
</body>
</html>
"""


def write(root: Path, rel: str, text: str) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def atom_feed(entries: str, feed_author: bool = True) -> str:
    author = "<author><name>Tim</name></author>" if feed_author else ""
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Kasus</title>
  <id>{SITE}/kasus/</id>
  <updated>2024-02-01T00:00:00Z</updated>
  <link href="{SITE}/kasus/" rel="alternate"/>
  {author}
  {entries}
</feed>
"""


def atom_entry(case: str, link: str | None = None, updated: str = "2024-01-01T12:00:00Z") -> str:
    href = link if link is not None else f"{SITE}/kasus/{case}/"
    link_el = f'<link href="{href}" rel="alternate"/>' if href else ""
    return f"""<entry>
    <title>Kasus {case}</title>
    <id>{SITE}/kasus/{case}/</id>
    <updated>{updated}</updated>
    {link_el}
    <summary>Ringkasan {case}</summary>
  </entry>"""


def rss_feed(items: str) -> str:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0">
  <channel>
    <title>Kasus</title>
    <link>{SITE}/kasus/</link>
    <description>Kasus terbaru</description>
    {items}
  </channel>
</rss>
"""


def rss_item(
    case: str,
    pub_date: str = "Mon, 01 Jan 2024 12:00:00 +0000",
    guid: bool = True,
    link: str | None = None,
) -> str:
    href = link if link is not None else f"{SITE}/kasus/{case}/"
    guid_el = f"<guid>{SITE}/kasus/{case}/</guid>" if guid else ""
    return f"""<item>
      <title>Kasus {case}</title>
      <link>{href}</link>
      <description>Ringkasan {case}</description>
      {guid_el}
      <pubDate>{pub_date}</pubDate>
    </item>"""


@pytest.fixture
def good_site(tmp_path: Path) -> Path:
    root = tmp_path / "good"
    write(root, "index.html", page("Beranda", '<p><a href="/kasus/">Kasus</a></p>'))
    write(root, "kasus/index.html", page("Kasus", '<p><a href="/kasus/abc/">abc</a></p>'))
    write(root, "kasus/page/2/index.html", page("Kasus 2", '<p><a href="../../">Kembali</a></p>'))
    write(root, "kasus/abc/index.html", page("Kasus abc", '<p><a href="/">Beranda</a></p>'))
    write(root, "feeds/kasus.atom.xml", atom_feed(atom_entry("abc")))
    write(root, "feeds/kasus.rss.xml", rss_feed(rss_item("abc")))
    return root


def test_missing_site_is_reported(tmp_path: Path) -> None:
    assert "make html" in (checks.missing_site_message(tmp_path / "nope") or "")
    assert "index.html" in (checks.missing_site_message(tmp_path) or "")
    write(tmp_path, "index.html", page("x", ""))
    assert checks.missing_site_message(tmp_path) is None


def test_vnu_passes_good_and_flags_invalid_html(good_site: Path) -> None:
    good = checks.run_vnu(good_site)
    assert good.problems == []
    assert good.checked == 4
    write(good_site, "kasus/rusak/index.html", page("Rusak", "<p><div>x</p><span></div>"))
    bad = checks.run_vnu(good_site)
    assert bad.problems, "vnu did not report the invalid page"
    assert all(p.startswith("kasus/rusak/index.html:") for p in bad.problems), bad.problems


def test_linkchecker_flags_broken_root_relative_link(good_site: Path, tmp_path: Path) -> None:
    write(
        good_site,
        "kasus/abc/index.html",
        page(
            "Kasus abc",
            '<p><a href="/nope/">hilang</a> <a href="https://example.invalid/">luar</a></p>',
        ),
    )
    with checks.serve_directory(good_site) as base:
        result = checks.run_linkchecker(base, tmp_path)
    assert result.checked >= 4
    assert len(result.problems) == 1, result.problems
    problem = result.problems[0]
    assert "/nope/" in problem and "/kasus/abc/" in problem and "404" in problem


def test_axe_flags_image_without_alt(good_site: Path) -> None:
    write(good_site, "gambar.png", "")
    write(
        good_site,
        "index.html",
        page("Beranda", '<p><img src="/gambar.png" width="10" height="10"></p>'),
    )
    with checks.serve_directory(good_site) as base:
        result = checks.run_axe(base, ["/", "/kasus/"], viewport="mobile-360")
    assert result.checked == 2
    assert any(p.startswith("/ [mobile-360]: image-alt (critical)") for p in result.problems), (
        result.problems
    )
    assert not any(p.startswith("/kasus/") for p in result.problems), result.problems


def test_a11y_paths(good_site: Path) -> None:
    write(good_site, "statistik/index.html", page("Statistik", ""))
    assert checks.a11y_paths(good_site) == [
        "/",
        "/kasus/",
        "/kasus/page/2/",
        "/kasus/abc/",
        "/statistik/",
    ]


def test_feed_checks_pass_good_feeds(good_site: Path) -> None:
    atom, rss = checks.find_feeds(good_site)
    assert [p.name for p in atom] == ["kasus.atom.xml"]
    assert [p.name for p in rss] == ["kasus.rss.xml"]
    assert checks.check_atom_feed(atom[0]) == []
    assert checks.check_rss_feed(rss[0]) == []
    assert checks.compare_feed_counts(atom, rss) == []


def test_atom_schema_violations_are_reported(tmp_path: Path) -> None:
    bad_date = write(tmp_path, "a.atom.xml", atom_feed(atom_entry("abc", updated="kemarin")))
    problems = checks.check_atom_feed(bad_date)
    assert any("RELAX NG" in p for p in problems), problems

    relative = write(tmp_path, "b.atom.xml", atom_feed(atom_entry("abc", link="/kasus/abc/")))
    problems = checks.check_atom_feed(relative)
    assert any("not an absolute http(s) URL" in p for p in problems), problems

    # valid RELAX NG, but breaks the RFC's Schematron rules: no link and no author
    no_link = write(tmp_path, "c.atom.xml", atom_feed(atom_entry("abc", link=""), False))
    problems = checks.check_atom_feed(no_link)
    assert any(
        "Schematron: An atom:entry must have at least one atom:link" in p for p in problems
    ), problems
    assert any("Schematron: An atom:feed must have an atom:author" in p for p in problems)

    not_xml = write(tmp_path, "d.atom.xml", "<feed>")
    assert "not well-formed" in checks.check_atom_feed(not_xml)[0]


def test_rss_problems_are_reported(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "a.rss.xml",
        rss_feed(rss_item("abc", pub_date="2024-01-01", guid=False, link="kasus/abc/")),
    )
    problems = checks.check_rss_feed(path)
    assert any("no (or an empty) <guid>" in p for p in problems), problems
    assert any("is not an RFC 822 date" in p for p in problems), problems
    assert any("is not an absolute http(s) URL" in p for p in problems), problems
    empty = write(tmp_path, "b.rss.xml", rss_feed(""))
    assert any("no items" in p for p in checks.check_rss_feed(empty))


def test_feed_entry_counts_must_match(tmp_path: Path) -> None:
    atom = write(tmp_path, "kasus.atom.xml", atom_feed(atom_entry("a") + atom_entry("b")))
    rss = write(tmp_path, "kasus.rss.xml", rss_feed(rss_item("a")))
    assert checks.compare_feed_counts([atom], [rss]) == ["kasus: 2 Atom entries but 1 RSS items"]
    other = write(tmp_path, "lain.rss.xml", rss_feed(rss_item("a")))
    assert "no feed is published as both" in checks.compare_feed_counts([atom], [other])[0]


def test_compare_trees_lists_differences(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    for root in (a, b):
        write(root, "same.html", "sama\n")
    write(a, "only-a.txt", "")
    write(a, "kasus/x.html", "dibuat 10:00\n")
    write(b, "kasus/x.html", "dibuat 10:01\n")
    assert checks.compare_trees(a, b) == [
        "only in first build: only-a.txt",
        "differs: kasus/x.html (line 1: 'dibuat 10:00' != 'dibuat 10:01')",
    ]


def test_two_pelican_builds_are_compared(tmp_path: Path) -> None:
    project = tmp_path / "project"
    write(project, "content/halo.md", "Title: Halo\nDate: 2024-01-01\n\nIsi.\n")
    conf = 'PATH = "content"\nTIMEZONE = "UTC"\nFEED_ALL_ATOM = None\n'
    # A link title depends on the string hash seed, which build_site varies per build.
    link = "LINKS = ((f\"situs {hash('x')}\", 'https://example.org/'),)\n"
    write(project, "pelicanconf.py", conf + link)
    write(project, "region.toml", (checks.REPO_ROOT / "region.toml").read_text(encoding="utf-8"))
    (project / "content" / "pages").mkdir()  # its own (no) pages, not the installation's
    outputs = []
    for name, seed in (("a", "1"), ("b", "2")):
        proc = checks.build_site(tmp_path / name, repo_root=project, hash_seed=seed)
        assert proc.returncode == 0, proc.stdout + proc.stderr
        outputs.append(tmp_path / name)
    problems = checks.compare_trees(*outputs)
    assert "differs: index.html (line" in "\n".join(problems), problems
