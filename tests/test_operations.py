"""The operator's path: the cron script, publishing, schedule files and the Makefile.

The cron script runs for real in a subprocess on a small site folder; its
secret comes from an environment file whose mode is checked. Publishing to a
local folder replaces it in one step and needs no rsync. The committed
schedule files are the ones rendered for the reference region, and a region in
another zone gets its own times.
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from factories import new_site, records, write_jsonl

from lapor_site.cli import main
from lapor_site.schedule import render
from lapor_site.settings import load_settings
from lapor_site.site import INSTALL_ROOT

SCRIPT = INSTALL_ROOT / "scripts" / "scheduled-update"


def small_site(tmp_path: Path) -> Path:
    site = new_site(tmp_path / "site")
    data = write_jsonl(tmp_path / "real.jsonl", records(8))
    (site / "sync.toml").write_text(f'[sources.file]\npath = "{data}"\n', encoding="utf-8")
    return site


def run_script(site: Path, env_file: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "LAPOR_SITE_SECRET"}
    env |= {"LAPOR_SITE_ENV_FILE": str(env_file), **extra}
    return subprocess.run(
        [str(SCRIPT), str(site)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=300,
        check=False,
    )


@pytest.fixture
def env_file(tmp_path: Path) -> Path:
    path = tmp_path / "lapor-site.env"
    path.write_text("LAPOR_SITE_SECRET=script-test-secret\n", encoding="utf-8")
    path.chmod(0o600)
    return path


def test_cron_script_reads_the_secret_from_a_private_environment_file(
    tmp_path: Path, env_file: Path
) -> None:
    site = small_site(tmp_path)
    web = tmp_path / "www"
    done = run_script(site, env_file, PUBLISH_TARGET=str(web))
    assert done.returncode == 0, done.stderr
    assert "leak audit passed" in done.stderr
    phases = r"time: sync [\d.]+ s, pages [\d.]+ s, search [\d.]+ s, audit [\d.]+ s, links [\d.]+ s"
    assert re.search(phases + r", publish [\d.]+ s$", done.stderr, re.MULTILINE), done.stderr
    assert (web / "index.html").is_file()
    assert 'href="https://lapor.kaltimprov.example/' in (web / "index.html").read_text("utf-8")


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o604])
def test_cron_script_refuses_a_readable_environment_file(
    tmp_path: Path, env_file: Path, mode: int
) -> None:
    site = small_site(tmp_path)
    env_file.chmod(mode)
    done = run_script(site, env_file)
    assert done.returncode == 1
    assert done.stderr.strip() == (
        f"scheduled-update: {env_file} has mode {mode:o} but holds the secret: "
        f"run chmod 600 {env_file}"
    )
    assert not (site / "output").exists()


def test_cron_script_without_secret_fails_with_one_line(tmp_path: Path) -> None:
    site = small_site(tmp_path)
    done = run_script(site, tmp_path / "missing.env")
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        f"scheduled-update: LAPOR_SITE_SECRET is not set: put LAPOR_SITE_SECRET=... in "
        f"{tmp_path / 'missing.env'} (mode 600)"
    ]


def test_publish_to_a_local_folder_needs_no_rsync(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    monkeypatch.setenv("LAPOR_SITE_SECRET", "publish-test-secret")
    monkeypatch.setenv("PATH", "/nonexistent")  # no rsync, no anything
    site = small_site(tmp_path)
    assert main(["update", "--site", str(site)]) == 0
    web = tmp_path / "www"
    (web / "stale").mkdir(parents=True)
    (web / "stale" / "index.html").write_text("old page")
    assert main(["publish", "--site", str(site), str(web)]) == 0
    assert not (web / "stale").exists()  # the folder is replaced, not merged
    assert (web / "index.html").read_bytes() == (site / "output" / "index.html").read_bytes()
    mtime = (web / "index.html").stat().st_mtime_ns
    assert main(["publish", "--site", str(site), str(web)]) == 0
    assert (web / "index.html").stat().st_mtime_ns == mtime  # unchanged: not touched
    assert "unchanged" in capsys.readouterr().err.splitlines()[-1]


def test_publish_to_a_remote_target_says_it_needs_rsync(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    site = tmp_path
    (site / "output").mkdir()
    (site / "output" / "index.html").write_text("<p>x</p>")
    monkeypatch.setenv("PATH", "/nonexistent")
    assert main(["publish", "--site", str(site), "web@host.example:/var/www/lapor"]) == 1
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert "needs rsync (apt-get install rsync)" in line


def test_committed_schedule_files_are_the_rendered_ones() -> None:
    settings = load_settings(INSTALL_ROOT / "region.toml")
    for name, text in render(settings).items():
        assert (INSTALL_ROOT / name).read_text(encoding="utf-8") == text, name


def test_schedule_follows_the_region_time_zone() -> None:
    kaltim = load_settings(INSTALL_ROOT / "region.toml")
    jabar = replace(kaltim, timezone="Asia/Jakarta", timezone_label="WIB")
    files = render(jabar)
    assert "OnCalendar=*-*-* 02:15:00 Asia/Jakarta" in files["deploy/systemd/lapor-site.timer"]
    assert "daily at 02:15 WIB" in files["deploy/systemd/lapor-site.timer"]
    assert '- cron: "15 19 * * *"  # 02:15 WIB' in files[".github/workflows/update.yml"]
    assert "WITA" not in "".join(files.values())


def test_workflow_keeps_state_and_fails_without_the_secret() -> None:
    workflow = (INSTALL_ROOT / ".github" / "workflows" / "update.yml").read_text("utf-8")
    steps = re.findall(r"(?m)^      - (?:name: (.+)|uses: (\S+))$", workflow)
    names = [name or uses for name, uses in steps]
    assert names.index("Refuse to run without the pseudonym secret") == 0
    restore = "Restore the sync state of the last run (watermark, case store)"
    assert names.index(restore) < names.index("Sync, build and audit")
    assert names.index("Keep the sync state for the next run") > names.index(
        "Sync, build and audit"
    )
    assert workflow.count("path: .state") == 2


def test_make_update_installs_no_test_tools() -> None:
    makefile = (INSTALL_ROOT / "Makefile").read_text(encoding="utf-8")
    (rule,) = re.findall(r"(?ms)^update: (.*?)\n\n", makefile)
    target, *recipe = rule.splitlines()
    assert target.split("##")[0].split() == ["$(INSTALLED)"]
    assert [line.strip() for line in recipe] == ["$(BIN)/lapor-site update"]


def test_cron_script_takes_every_value_of_the_environment_file(
    tmp_path: Path, env_file: Path
) -> None:
    """PUBLISH_TARGET comes from the file even when the secret is already in the environment."""
    site = small_site(tmp_path)
    web = tmp_path / "www-from-file"
    env_file.write_text(f"LAPOR_SITE_SECRET=script-test-secret\nPUBLISH_TARGET={web}\n")
    done = run_script(site, env_file, LAPOR_SITE_SECRET="script-test-secret")
    assert done.returncode == 0, done.stderr
    assert (web / "index.html").is_file()
