"""lapor_markdown: read Markdown with one reused ``Markdown`` instance.

Pelican's reader builds a new ``markdown.Markdown`` for every file, which
dominates build time on a site with thousands of case pages. This reader
builds it once and calls ``reset()`` between files, which clears every
extension's per-document state (``Meta`` included).
"""

from __future__ import annotations

from markdown import Markdown
from pelican import signals
from pelican.readers import MarkdownReader
from pelican.utils import pelican_open

#: Priority at which markdown.extensions.meta registers its preprocessor.
META_PRIORITY = 27


class ReusingMarkdownReader(MarkdownReader):
    """A :class:`MarkdownReader` that keeps its ``Markdown`` instance across files."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._md = Markdown(**self.settings["MARKDOWN"])

    def read(self, source_path: str):
        self._source_path = source_path
        self._md.reset()
        with pelican_open(source_path) as text:
            content = self._md.convert(text)
        if not getattr(self._md, "Meta", None):
            return content, {}
        # Pelican's _parse_metadata deregisters the meta preprocessor (so that
        # formatted fields are not read as metadata); put it back afterwards.
        preprocessor = self._md.preprocessors["meta"]
        try:
            metadata = self._parse_metadata(self._md.Meta)
        finally:
            self._md.preprocessors.register(preprocessor, "meta", META_PRIORITY)
        return content, metadata


def add_reader(readers) -> None:
    for extension in ReusingMarkdownReader.file_extensions:
        readers.reader_classes[extension] = ReusingMarkdownReader


def register() -> None:
    signals.readers_init.connect(add_reader)
