"""Case ids never look like personal data, whatever the secret.

A case id is published in URLs, link text, the case page, the feeds and the
open-data CSV. Ids used to be 12 hex digits, and some were all digits
(``035225540936`` reads as a telephone number), so a fair share of secrets
made the site fail its own leak audit. Ids are now 12 lowercase consonants
(:data:`lapor_site.anonymize.PSEUDONYM_RE`) and the audit masks them before
its pattern scan.

The property test takes 200 random secrets, places the pseudonyms of all the
sample's tracking ids in every context the site publishes them, and runs the
real :func:`~lapor_site.audit.audit_tree` over the files; one real ``lapor-site
update`` of the sample under a random secret closes the loop.
"""

from __future__ import annotations

import dataclasses
import json
import os
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from factories import new_site

from lapor_site.anonymize import PSEUDONYM_ALPHABET, PSEUDONYM_LENGTH, PSEUDONYM_RE, pseudonym
from lapor_site.audit import audit_tree, mask_case_ids
from lapor_site.model import Case
from lapor_site.opendata import cases_csv
from lapor_site.redact import BANK_ACCOUNT, EMAIL, NIK, PHONE, find_structured
from lapor_site.settings import load_settings
from lapor_site.site import INSTALL_ROOT as ROOT
from lapor_site.sources.file import FileSource
from lapor_site.store import CaseStore, StoreError
from lapor_site.validate import validate

SAMPLE = ROOT / "data" / "sample" / "cases.jsonl"
SECRET_COUNT = 200
SITE = "https://lapor.kaltimprov.example"


def random_secret() -> bytes:
    """A secret made as the README says."""
    return secrets.token_urlsafe(32).encode("utf-8")


@pytest.fixture(scope="module")
def tracking_ids() -> list[str]:
    with SAMPLE.open(encoding="utf-8") as file:
        ids = [json.loads(line)["tracking_id"] for line in file]
    assert len(ids) == 3000
    return ids


@pytest.fixture(scope="module")
def sample_cases() -> list[Case]:
    cases = list(validate(FileSource(SAMPLE).fetch()).cases)
    assert len(cases) > 2000
    return cases


def open_data_case(case: Case, case_id: str) -> Case:
    """``case`` as an open-data row of the property test sees it, with the id ``case_id``.

    Only ``submitted_at`` (the column after the id) and the codes at the end
    of a row (before the next row's id) are kept: the other columns never
    touch an id, and leaving them out keeps 200 audits fast.
    """
    blank = dict.fromkeys(("title", "category", "agency", "region", "district"), "")
    later = dict.fromkeys(("verified_at", "forwarded_at", "first_response_at", "resolved_at"))
    return dataclasses.replace(case, id=case_id, identity=None, **blank, **later)


@pytest.fixture(scope="module")
def open_data_rows(sample_cases: list[Case]) -> tuple[str, list[str]]:
    """The sample's open-data CSV without ids: its header and each row after the id."""
    rows = [open_data_case(c, "") for c in sample_cases]
    header, *lines = cases_csv(rows, load_settings(ROOT / "region.toml").tz).splitlines(
        keepends=True
    )
    assert header.startswith("id,submitted_at,")
    return header, lines


def open_data(ids: list[str], rows: tuple[str, list[str]]) -> str:
    """:func:`~lapor_site.opendata.cases_csv`'s CSV with ``ids`` in the id column."""
    header, lines = rows
    return header + "".join(i + line for i, line in zip(ids, lines, strict=False))


def publish_ids(root: Path, ids: list[str], rows: tuple[str, list[str]]) -> None:
    """Write ``ids`` into ``root`` in every context the site publishes a case id.

    Case pages, listings and feeds put an id in a URL path (``/kasus/<id>/``,
    ``/en/kasus/<id>/``, also absolute in canonical links and feed entries),
    in link text and after "Nomor kasus"; the open-data CSV starts each row
    with it; JSON quotes it.
    """
    root.mkdir()
    html = [
        f'<a href="/kasus/{i}/">{i}</a> <a href="/en/kasus/{i}/">Nomor kasus: {i}</a>' for i in ids
    ]
    (root / "index.html").write_text("\n".join(html), encoding="utf-8")
    (root / "kasus.csv").write_text(open_data(ids, rows), encoding="utf-8")
    data = [{"id": i, "url": f"/kasus/{i}/"} for i in ids]
    (root / "kasus.json").write_text(json.dumps(data), encoding="utf-8")


def test_open_data_template_is_what_the_site_writes(
    sample_cases: list[Case], open_data_rows: tuple[str, list[str]]
) -> None:
    """The CSV the property test audits is cases_csv's, byte for byte."""
    key = random_secret()
    ids = [pseudonym(c.id, key) for c in sample_cases]
    rows = [open_data_case(c, i) for c, i in zip(sample_cases, ids, strict=True)]
    assert open_data(ids, open_data_rows) == cases_csv(rows, load_settings(ROOT / "region.toml").tz)


# ---------------------------------------------------------------------------
# The pseudonym itself
# ---------------------------------------------------------------------------


def test_pseudonym_is_stable_keyed_and_of_the_published_shape() -> None:
    key, other = random_secret(), random_secret()
    first = pseudonym("LAP-2024-0030316", key)
    assert PSEUDONYM_RE.fullmatch(first)
    assert len(first) == PSEUDONYM_LENGTH
    assert pseudonym("LAP-2024-0030316", key) == first
    assert pseudonym("LAP-2024-0030316", other) != first
    assert pseudonym("LAP-2024-0030317", key) != first
    # All twenty letters occur (not, say, the 16 of a hex digest spelled in letters).
    letters = {c for n in range(500) for c in pseudonym(f"LAP-{n}", key)}
    assert letters == set(PSEUDONYM_ALPHABET)


def test_pseudonym_letters_are_evenly_spread(tracking_ids: list[str]) -> None:
    """No letter is favoured: each is about 1/20 of 36,000 draws (±15 %)."""
    key = random_secret()
    counts = dict.fromkeys(PSEUDONYM_ALPHABET, 0)
    for tracking_id in tracking_ids:
        for letter in pseudonym(tracking_id, key):
            counts[letter] += 1
    expected = len(tracking_ids) * PSEUDONYM_LENGTH / len(PSEUDONYM_ALPHABET)
    assert all(abs(n - expected) < 0.15 * expected for n in counts.values()), counts


# ---------------------------------------------------------------------------
# 200 secrets: no id ever reads as personal data
# ---------------------------------------------------------------------------


def test_no_secret_makes_an_id_look_like_personal_data(
    tracking_ids: list[str], open_data_rows: tuple[str, list[str]], tmp_path: Path
) -> None:
    """For 200 secrets: ids distinct, of the shape, no pattern match, a clean audit."""
    failed: dict[int, list[str]] = {}
    for n in range(SECRET_COUNT):
        key = random_secret()
        ids = [pseudonym(t, key) for t in tracking_ids]
        problems = []
        if len(set(ids)) != len(ids):
            problems.append("pseudonym collision")
        problems += [f"bad shape: {i}" for i in ids if not PSEUDONYM_RE.fullmatch(i)][:3]
        problems += [f"{m.kind} pattern" for m in find_structured(" ".join(ids))][:3]
        root = tmp_path / str(n)
        publish_ids(root, ids, open_data_rows)
        problems += [f"audit: {f.path}:{f.line}: {f.kind}" for f in audit_tree(root)][:3]
        shutil.rmtree(root)
        if problems:
            failed[n] = problems
    assert failed == {}, f"{len(failed)} of {SECRET_COUNT} secrets failed"


# ---------------------------------------------------------------------------
# Masking ids hides nothing else
# ---------------------------------------------------------------------------

CASE_ID = "bcdfghjklmnp"
MOBILE = "081234567890"


def test_mask_keeps_offsets_and_only_touches_whole_ids() -> None:
    text = f"/kasus/{CASE_ID}/ {CASE_ID}x x{CASE_ID} {CASE_ID}9 {CASE_ID.upper()} {CASE_ID[:11]}"
    masked = mask_case_ids(text)
    assert len(masked) == len(text)
    assert masked.count(CASE_ID) == 3
    assert masked.startswith("/kasus/bbbbbbbbbbbb/ ")


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (f"{CASE_ID} {MOBILE}", PHONE),
        (f"{CASE_ID},{MOBILE},2025-09-21T18:07:07+08:00", PHONE),
        (f"/kasus/{CASE_ID}/{MOBILE}/", PHONE),
        (f"/kasus/{CASE_ID}-0812-3456-7890", PHONE),
        (f"Nomor kasus: {CASE_ID} (HP 0812 3456 7890)", PHONE),
        (f'{{"id": "{CASE_ID}", "hp": "+62 812-3456-7890"}}', PHONE),
        (f"{CASE_ID}@gmail.com", EMAIL),
        (f"budi@{CASE_ID}.co.id", EMAIL),
        (f"no. rek {CASE_ID} 1234567890", BANK_ACCOUNT),
        (f"NIK {CASE_ID} 6472 0101 0190 0003", NIK),
    ],
)
def test_identifiers_next_to_an_id_are_still_found(tmp_path: Path, text: str, kind: str) -> None:
    (tmp_path / "page.html").write_text(f"<p>{text}</p>\n", encoding="utf-8")
    assert [f.kind for f in audit_tree(tmp_path)] == [kind]


# ---------------------------------------------------------------------------
# The case store
# ---------------------------------------------------------------------------


def test_store_of_hex_ids_is_refused(sample_cases: list[Case], tmp_path: Path) -> None:
    """Merging cases stored under old hex ids would publish each twice: a full sync is asked for."""
    case = sample_cases[0]
    key = random_secret()
    store = CaseStore(tmp_path / "sync.cases.jsonl")
    current = dataclasses.replace(case, id=pseudonym(case.id, key), identity=None)
    store.save([current])
    assert list(store.load()) == [current.id]
    store.save([current, dataclasses.replace(current, id="035225540936")])
    with pytest.raises(StoreError, match=r"line 1 has a case id of an older form.*--full"):
        store.load()


# ---------------------------------------------------------------------------
# The real update under a random secret
# ---------------------------------------------------------------------------


def test_sample_update_passes_its_leak_audit_under_a_random_secret(tmp_path: Path) -> None:
    """``lapor-site update`` of the sample, in a subprocess, into temporary directories."""
    output = new_site(tmp_path) / "output"
    env = {**os.environ, "LAPOR_SITE_SECRET": random_secret().decode("ascii")}
    argv = [sys.executable, "-m", "lapor_site.cli", "update", "--input", str(SAMPLE)]
    argv += ["--site", str(tmp_path)]
    run = subprocess.run(
        argv, env=env, capture_output=True, text=True, encoding="utf-8", timeout=300
    )
    assert run.returncode == 0, run.stderr[-3000:]
    assert "leak audit passed" in run.stderr
    case_dirs = [p.name for p in (output / "kasus").iterdir() if p.name != "page" and p.is_dir()]
    assert len(case_dirs) > 1000
    assert all(PSEUDONYM_RE.fullmatch(name) for name in case_dirs)
    header, first = (output / "data" / "kasus.csv").read_text(encoding="utf-8").splitlines()[:2]
    assert header.startswith("id,submitted_at,")
    assert PSEUDONYM_RE.fullmatch(first.split(",")[0])
