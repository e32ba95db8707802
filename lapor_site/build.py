"""Build: run Pelican into a staging directory, audit it, then swap it in.

The published ``output/`` is replaced only by a complete build that passed
the leak audit; a failed build or a failed audit leaves it as it was.
"""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Iterable
from pathlib import Path

from lapor_site.audit import audit_tree
from lapor_site.settings import ROOT, Settings
from lapor_site.write import swap_in


class BuildError(Exception):
    """The build failed; the message is one line, safe to print.

    ``details`` (for example the leak audit's findings: file, line, kind) are
    printed before it.
    """

    def __init__(self, message: str, details: list[str] | None = None) -> None:
        super().__init__(message)
        self.details = details or []


class _ErrorCounter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def allowed_values(settings: Settings) -> list[str]:
    """Contact details the site publishes on purpose, which the leak audit must accept."""
    official = settings.official
    return [
        *(v for v in settings.contact.values() if v),
        official.sms,
        official.twitter,
        f"@{official.twitter}",
    ]


def run_pelican(conf: Path, output: Path, content: Path | None = None) -> None:
    from pelican import Pelican
    from pelican.settings import read_settings

    counter = _ErrorCounter()
    logging.getLogger("pelican").addHandler(counter)
    try:
        # Relative paths in the settings file are resolved against its folder.
        override = {"OUTPUT_PATH": str(output)}
        if content is not None:
            override["PATH"] = str(content)
        Pelican(read_settings(str(conf), override=override)).run()
    finally:
        logging.getLogger("pelican").removeHandler(counter)
    if counter.messages:
        raise BuildError(
            f"Pelican reported {len(counter.messages)} error(s): {counter.messages[0]}"
        )


def build(
    settings: Settings,
    output: Path,
    conf: Path = ROOT / "pelicanconf.py",
    identity_values: Iterable[str] = (),
    content: Path | None = None,
) -> int:
    """Build the site into ``output``; return the number of HTML pages written.

    ``content`` overrides Pelican's ``PATH`` (the folder holding ``pages/``
    and ``generated/``).
    """
    output = output.resolve()
    staging = output.with_name(f".{output.name}.new-{os.getpid()}")
    if staging.exists():
        shutil.rmtree(staging)
    try:
        run_pelican(conf.resolve(), staging, content.resolve() if content else None)
        findings = audit_tree(staging, identity_values, allow=allowed_values(settings))
        if findings:
            raise BuildError(
                f"leak audit: {len(findings)} possible personal data item(s); output not published",
                [f"  {f.path}:{f.line}: {f.kind}" for f in findings[:20]],
            )
        pages = sum(1 for _ in staging.rglob("*.html"))
        swap_in(staging, output)
        return pages
    finally:
        if staging.exists():
            shutil.rmtree(staging)
