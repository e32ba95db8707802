"""The site folder: the unit every ``lapor-site`` command works on.

Like a Pelican project, a site folder holds one deployment: its
``region.toml``, ``sync.toml``, ``content/`` (hand-written ``pages/`` and
``extra/``, and ``generated/``, which the sync owns), ``output/`` and
``.state/`` (sync state, case store, lock and transaction journal; never
published). Commands use the folder they are run in, or ``--site DIR``.

What a site folder does not have comes from the installation: the theme, the
plugins, the Pelican settings and the default guide pages. One installation
can therefore serve several site folders (a province office running sites for
several kabupaten/kota), each with its own region file.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from lapor_site.cachefile import PARTIAL_SUFFIX
from lapor_site.trees import remove_tree

#: Where the package is installed from: theme, plugins, default pages, Pelican settings.
INSTALL_ROOT = Path(__file__).resolve().parent.parent
#: The bundled synthetic sample (the only input allowed without a secret).
SAMPLE_FILE = INSTALL_ROOT / "data" / "sample" / "cases.jsonl"

REGION_FILE = "region.toml"
SYNC_FILE = "sync.toml"
PELICAN_CONF = "pelicanconf.py"
STATE_DIR = ".state"
#: Prefix of scratch folders under .state (a build's content view); removed under the lock.
SCRATCH_PREFIX = "build-"


class SiteBusy(RuntimeError):
    """Another ``lapor-site`` command is working on the same site folder."""


@dataclass(frozen=True, slots=True)
class Site:
    """Paths of one site folder. ``output`` may be moved with ``--output``."""

    root: Path
    output: Path

    @classmethod
    def at(cls, root: str | Path | None = None, output: str | Path | None = None) -> Site:
        """The site folder ``root`` (default: the current folder)."""
        base = Path(root or Path.cwd()).resolve()
        if not base.is_dir():
            raise FileNotFoundError(f"{base}: site folder not found")
        return cls(base, Path(output).resolve() if output else base / "output")

    @property
    def region_file(self) -> Path:
        return self.root / REGION_FILE

    @property
    def sync_file(self) -> Path:
        return self.root / SYNC_FILE

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def generated(self) -> Path:
        """The folder the sync pipeline owns (``content/generated``)."""
        return self.content / "generated"

    @property
    def state_dir(self) -> Path:
        return self.root / STATE_DIR

    @property
    def state_file(self) -> Path:
        return self.state_dir / "sync.json"

    @property
    def store_file(self) -> Path:
        return self.state_dir / "sync.cases.jsonl"

    @property
    def journal(self) -> Path:
        """The transaction journal of an update in progress (see lapor_site.transaction)."""
        return self.state_dir / "transaction.json"

    @property
    def pelican_conf(self) -> Path:
        """The site's own ``pelicanconf.py`` if it has one, else the installation's."""
        own = self.root / PELICAN_CONF
        return own if own.is_file() else INSTALL_ROOT / PELICAN_CONF

    def content_dir(self, name: str) -> Path:
        """``content/<name>`` of this site, or of the installation when the site has none."""
        own = self.content / name
        return own if own.is_dir() else INSTALL_ROOT / "content" / name

    @contextmanager
    def lock(self) -> Iterator[None]:
        """Hold the site's lock: one command at a time changes a site folder."""
        self.state_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.state_dir / "lock", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise SiteBusy(
                    f"{self.root}: another lapor-site command is running on this site folder"
                ) from None
            for scratch in self.state_dir.glob(f"{SCRATCH_PREFIX}*"):
                remove_tree(scratch, ignore_errors=True)  # left by a killed build
            for partial in self.state_dir.glob(f"*{PARTIAL_SUFFIX}"):
                partial.unlink(missing_ok=True)  # a store or cache a killed run was writing
            yield
        finally:
            os.close(fd)
