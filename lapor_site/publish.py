"""Publish: copy a built ``output/`` to where the web server reads it.

A local folder is replaced in one transaction (the copy is staged beside it
and swapped in, so the web server never sees half a site). A remote target
(``host:path`` or ``user@host:path``) goes through ``rsync``, which must be
installed; the error says so when it is not.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from lapor_site.transaction import Transaction

_REMOTE = re.compile(r"^(?:[\w.-]+@)?[\w.-]+:")


class PublishError(Exception):
    """Publishing failed; the message is one line, safe to print."""


def is_remote(target: str) -> bool:
    return bool(_REMOTE.match(target)) and not Path(target).exists()


def publish(output: Path, target: str, journal: Path) -> str:
    """Copy ``output`` to ``target``; return what was done, in one line."""
    if not (output / "index.html").is_file():
        raise PublishError(f"{output}: no built site to publish (run `lapor-site build`)")
    if is_remote(target):
        rsync = shutil.which("rsync")
        if rsync is None:
            raise PublishError(
                f"publishing to {target} needs rsync (apt-get install rsync); "
                "a local folder needs nothing"
            )
        done = subprocess.run(
            [rsync, "-a", "--delete", "--checksum", f"{output}/", f"{target}/"], check=False
        )
        if done.returncode:
            raise PublishError(f"rsync to {target} failed with exit code {done.returncode}")
        return f"published {output} to {target} with rsync"
    destination = Path(target).resolve()
    if destination == output.resolve() or output.resolve() in destination.parents:
        raise PublishError(f"{destination}: the target must not be the output folder itself")
    with Transaction(journal) as transaction:
        shutil.copytree(output, transaction.stage(destination), symlinks=False)
        changed = transaction.commit()
    return f"published {output} to {destination}" if changed else f"{destination} unchanged"
