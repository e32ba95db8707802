"""Gate: two Pelican builds of the same sources are byte-identical.

Builds the repository's site folder with ``lapor-site build --output <tmp>/a`` and
``.../b``, with different ``PYTHONHASHSEED`` values so that set/dict-order dependence
shows up, and compares the two trees. This is the slowest gate; deselect it with
``-k "not reproducible"``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from . import checks

pytestmark = pytest.mark.gates


def test_build_is_reproducible(tmp_path: Path) -> None:
    conf = checks.REPO_ROOT / "pelicanconf.py"
    assert conf.is_file(), f"{conf} not found"
    outputs = []
    for name, seed in (("a", "1"), ("b", "2")):
        out = tmp_path / name
        proc = checks.build_site(out, hash_seed=seed)
        assert proc.returncode == 0, (
            f"pelican build {name} failed ({proc.returncode}):\n"
            f"{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
        )
        assert (out / "index.html").is_file(), f"build {name} wrote no index.html"
        outputs.append(out)
    problems = checks.compare_trees(*outputs)
    if problems:
        pytest.fail(
            f"the two builds differ in {len(problems)} file(s):\n"
            + checks.format_problems(problems, limit=50),
            pytrace=False,
        )
