"""The reusing reader gives exactly what Pelican's own Markdown reader gives, file after file."""

from __future__ import annotations

from pelican.readers import MarkdownReader
from pelican.settings import DEFAULT_CONFIG

from lapor_markdown import ReusingMarkdownReader

DOCS = [
    "Title: Satu\nSlug: satu\nSummary: *ringkas*\n\n# Judul\n\nTeks [tautan](https://example.org).\n",
    "Title: Dua\nLang: en\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nTerm\n:   definition\n",
    "Title: Tiga\n\nNo metadata leaks from the previous file.\n",
]


def test_same_output_as_pelican_reader(tmp_path):
    settings = dict(DEFAULT_CONFIG)
    settings["MARKDOWN"] = {
        "extension_configs": {"markdown.extensions.meta": {}, "markdown.extensions.extra": {}},
        "output_format": "html5",
    }
    reusing = ReusingMarkdownReader(dict(settings, MARKDOWN=dict(settings["MARKDOWN"])))
    for number, text in enumerate(DOCS):
        path = tmp_path / f"doc{number}.md"
        path.write_text(text, encoding="utf-8")
        fresh = MarkdownReader(dict(settings, MARKDOWN=dict(settings["MARKDOWN"])))
        expected_content, expected_meta = fresh.read(str(path))
        content, meta = reusing.read(str(path))
        assert content == expected_content
        assert {k: str(v) for k, v in meta.items()} == {k: str(v) for k, v in expected_meta.items()}
    assert "lang" not in meta and meta["title"] == "Tiga"
