"""The ``lapor-site`` command: init, sync, build, update, audit, status, publish, schedule-files.

Every command works on one site folder (:mod:`lapor_site.site`): the current
folder, or ``--site DIR``. ``sync``, ``build`` and ``update`` stage what they
write and make it public in one transaction (:mod:`lapor_site.transaction`),
so a failure, or a kill, leaves the folder as it was. Every failure ends with
one clear line on stderr and exit code 1; nothing printed here ever contains
personal data or secrets.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from lapor_site import __version__
from lapor_site.settings import Settings, SettingsError, load_settings
from lapor_site.site import INSTALL_ROOT, SAMPLE_FILE, Site, SiteBusy

EXIT_FAILED = 1
EXIT_USAGE = 2


def _site_options() -> argparse.ArgumentParser:
    """Options every command takes, before or after the command's name."""
    common = argparse.ArgumentParser(add_help=False)
    group = common.add_argument_group("site folder")
    group.add_argument(
        "--site", type=Path, default=argparse.SUPPRESS,
        help="the site folder (default: the current folder)",
    )  # fmt: skip
    group.add_argument(
        "--region", type=Path, default=argparse.SUPPRESS,
        help="region configuration (default: SITE/region.toml)",
    )  # fmt: skip
    group.add_argument(
        "--output", type=Path, default=argparse.SUPPRESS,
        help="the published site (default: SITE/output)",
    )  # fmt: skip
    return common


def _source_options() -> argparse.ArgumentParser:
    options = argparse.ArgumentParser(add_help=False)
    group = options.add_argument_group("source")
    group.add_argument("--config", type=Path, help="sync configuration (default: SITE/sync.toml)")
    group.add_argument("--source", help="source type, overriding sync.toml")
    group.add_argument("--url", help="source URL, overriding sync.toml")
    group.add_argument("--input", help="input file (.jsonl, .json, .csv, .xlsx)")
    group.add_argument(
        "--full", action="store_true",
        help="pull everything, ignoring the last watermark, and rebuild the case store",
    )  # fmt: skip
    group.add_argument(
        "--allow-shrink", action="store_true",
        help="publish even if the pull has far fewer cases than the site shows now",
    )  # fmt: skip
    return options


def _build_options() -> argparse.ArgumentParser:
    options = argparse.ArgumentParser(add_help=False)
    group = options.add_argument_group("build")
    group.add_argument(
        "--settings", type=Path,
        help="Pelican settings (default: SITE/pelicanconf.py, else the installation's)",
    )  # fmt: skip
    return options


def _parser() -> argparse.ArgumentParser:
    site, source, build = _site_options(), _source_options(), _build_options()
    parser = argparse.ArgumentParser(
        prog="lapor-site",
        description="Publish anonymized SP4N-LAPOR! complaint data. Every command works on "
        "the site folder it is run in, or --site DIR.",
        parents=[site],
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    init = commands.add_parser("init", help="create a site folder with a region.toml to edit")
    init.add_argument("folder", type=Path, help="the new site folder")
    commands.add_parser(
        "sync", parents=[site, source], help="pull, validate, anonymize and write content"
    )
    production = commands.add_parser(
        "build", parents=[site, build], help="build the site with Pelican, audit, publish"
    )
    production.add_argument(
        "--production", action="store_true",
        help="link from the region's public URL (needs LAPOR_SITE_SECRET)",
    )  # fmt: skip
    commands.add_parser(
        "update", parents=[site, source, build],
        help="the scheduled job: sync, build (production unless the sample), audit, all or nothing",
    )  # fmt: skip
    audit = commands.add_parser(
        "audit", parents=[site], help="scan the built site for personal data"
    )
    audit.add_argument(
        "--input", help="also look for the identity values in this input (as `sync --input`)"
    )
    audit.add_argument("--config", type=Path, help="… or in the source of this sync.toml")
    commands.add_parser("status", parents=[site], help="show the last successful sync")
    publish = commands.add_parser(
        "publish", parents=[site], help="copy output/ to a web folder (or host:path with rsync)"
    )
    publish.add_argument("target", help="a local folder, replaced in one step, or host:path")
    schedule = commands.add_parser(
        "schedule-files", parents=[site],
        help="write the systemd unit and timer, cron line and GitHub workflow for this region",
    )  # fmt: skip
    schedule.add_argument("folder", type=Path, help="where to write deploy/ and .github/")
    schedule.add_argument(
        "--deploy-path", type=Path, default=Path("/srv/lapor-site"),
        help="the site folder on the server (default: /srv/lapor-site)",
    )  # fmt: skip
    return parser


def _sync_config(args: argparse.Namespace, site: Site) -> dict[str, Any]:
    from lapor_site.sources.registry import default_sync_config, load_sync_config

    if args.config:
        return load_sync_config(args.config)
    if site.sync_file.is_file():
        return load_sync_config(site.sync_file)
    return default_sync_config()


def _source(
    args: argparse.Namespace, site: Site, settings: Settings, since: datetime | None = None
):
    """The configured source; naive dates in its data get the region's time zone."""
    from lapor_site.sources.registry import build_source

    return build_source(
        _sync_config(args, site),
        source=getattr(args, "source", None),
        url=getattr(args, "url", None),
        input=args.input,
        since=since,
        timezone=settings.timezone,
    )


def source_key(source) -> str:
    """Names the source and where it reads from (secrets removed), to match watermarks."""
    from lapor_site.sources.http import redact_url

    where = getattr(source, "url", None) or getattr(source, "path", None) or ""
    return f"{source.name} {redact_url(str(where))}".strip()


def is_sample(source) -> bool:
    """Whether the source reads the bundled synthetic sample."""
    path = getattr(source, "path", None)
    return bool(path) and Path(path).resolve() == SAMPLE_FILE.resolve()


def _identity_values(args: argparse.Namespace, site: Site, settings: Settings) -> list[str]:
    from lapor_site.validate import validate

    result = validate(_source(args, site, settings).fetch())
    return sorted({v for c in result.cases if c.identity for v in c.identity.values()})


def _stage_sync(args: argparse.Namespace, site: Site, settings: Settings, transaction):
    """Run the sync into staged content, case store and state; return its report."""
    from lapor_site import state
    from lapor_site.anonymize import key_check
    from lapor_site.pipeline import SyncOptions, read_provenance, sync
    from lapor_site.settings import pseudonym_secret
    from lapor_site.store import CaseStore

    source = _source(args, site, settings)
    key = source_key(source)
    previous = state.load(site.state_file)
    since = None if args.full else state.watermark_for(key, site.state_file)
    if since is not None:
        source = _source(args, site, settings, since)
    made = read_provenance(site.generated)
    sample = is_sample(source)
    options = SyncOptions(
        sample=sample,
        previously_published=_cases_shown(site, previous, made),
        allow_shrink=args.allow_shrink,
        stored_key_check=previous.get("key_check") or made.get("key_check"),
    )
    staged = transaction.stage(site.generated)
    report = sync(
        source, settings, staged, CaseStore(site.store_file),
        transaction.stage(site.store_file), options,
    )  # fmt: skip
    now = datetime.now(settings.tz)
    new_state = state.success(
        previous, source=source.name, source_key=key, as_of=report.as_of,
        watermark=_next_watermark(getattr(source, "watermark", None), report, now),
        published=report.published, now=now,
    )  # fmt: skip
    new_state |= {"key_check": key_check(pseudonym_secret()[0]), "sample_data": sample}
    state.write(new_state, transaction.stage(site.state_file))
    return report, staged, options


def _cases_shown(site: Site, previous: dict[str, Any], made: dict[str, Any]) -> int:
    """How many cases the site shows now, by every record of it that is left.

    The state file, the generated content and the built output are each
    counted, so that losing one of them (an expired CI cache, a deleted state
    file) does not switch off the guard against a shrinking site. Replacing
    the demo's sample with real data is not a shrinking site.
    """
    if made.get("sample_data") or previous.get("sample_data"):
        return 0
    pages = site.output / "kasus"
    built = sum(1 for p in pages.glob("*/index.html") if p.parent.name != "page")
    generated = sum(1 for _ in (site.generated / "kasus").glob("*.md"))
    return max(int(previous.get("published_cases") or 0), generated, built)


def _next_watermark(watermark: str | None, report, now: datetime) -> str | None:
    """The watermark to record: ``None`` (keep the last one) when it cannot be trusted.

    A record skipped as invalid must be pulled again once its source is
    fixed, so a pull with skipped records does not move the watermark; nor
    does a watermark in the future (one bad clock would stop every later pull).
    """
    if watermark is None or report.problems:
        return None
    moment = datetime.fromisoformat(watermark)
    if (moment if moment.tzinfo else moment.replace(tzinfo=now.tzinfo)) > now:
        return now.isoformat(timespec="seconds")
    return watermark


def _run(args: argparse.Namespace) -> int:
    if args.command == "init":
        return _init(args.folder)
    site = Site.at(getattr(args, "site", None), getattr(args, "output", None))
    region = getattr(args, "region", None) or site.region_file
    if args.command in ("status", "audit"):
        from lapor_site.transaction import recover

        with site.lock():  # an update killed earlier is finished or undone first
            outcome = recover(site.journal)
        if outcome:
            print(f"lapor-site: {outcome}", file=sys.stderr)
    if args.command == "status":
        from lapor_site.state import describe

        print(describe(site.state_file))
        return 0
    if args.command == "publish":
        from lapor_site.publish import publish

        with site.lock():
            print(publish(site.output, args.target, site.journal), file=sys.stderr)
        return 0
    settings = load_settings(region)
    if args.command == "audit":
        return _audit(args, site, settings)
    if args.command == "schedule-files":
        from lapor_site.schedule import write

        for path in write(settings, args.folder, args.deploy_path):
            print(f"wrote {path}", file=sys.stderr)
        return 0
    from lapor_site.build import build
    from lapor_site.timing import Timings
    from lapor_site.transaction import Transaction, fault_point, same_content

    timings = Timings()
    with site.lock(), Transaction(site.journal) as transaction:
        report = None
        if args.command in ("sync", "update"):
            with timings.phase("sync"):
                report, staged, options = _stage_sync(args, site, settings, transaction)
            report.changed = not same_content(staged, site.generated)
            print("\n".join(report.summary_lines()), file=sys.stderr)
            fault_point("after-sync")
        if args.command in ("build", "update"):
            production = args.production if args.command == "build" else not options.sample
            pages = build(
                site, settings, transaction.stage(site.output),
                generated=transaction.staged(site.generated), conf=args.settings,
                production=production, identity_values=report.identity_values if report else (),
                timings=timings,
            )  # fmt: skip
            fault_point("after-build")
        with timings.phase("publish"):
            changed = transaction.commit()
    if args.command in ("build", "update"):
        what = "published" if site.output.resolve() in changed else "unchanged"
        print(
            f"built {pages} pages; leak audit passed; link check passed; {site.output} {what}",
            file=sys.stderr,
        )
    if timings.seconds:
        print(timings.summary(), file=sys.stderr)
    return 0


def _audit(args: argparse.Namespace, site: Site, settings: Settings) -> int:
    from lapor_site.audit import audit_tree, format_findings
    from lapor_site.build import allowed_values

    if not site.output.is_dir():
        raise FileNotFoundError(f"{site.output}: no built site (run `lapor-site build` first)")
    from_source = bool(args.input or args.config)
    values = _identity_values(args, site, settings) if from_source else []
    findings = audit_tree(site.output, values, allow=allowed_values(settings))
    if findings:
        print(format_findings(findings), file=sys.stderr)
        print(f"leak audit failed: {len(findings)} finding(s)", file=sys.stderr)
        return EXIT_FAILED
    checked = f"{len(values)} identity values" if from_source else "patterns only, no --input"
    print(f"leak audit passed ({checked})", file=sys.stderr)
    return 0


def _init(folder: Path) -> int:
    """Create a site folder: region.toml and sync.toml to edit, a .gitignore."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("region.toml", "sync.toml"):
        if (folder / name).exists():
            raise FileExistsError(f"{folder / name}: already exists; nothing changed")
    shutil.copyfile(INSTALL_ROOT / "region.toml", folder / "region.toml")
    sync = (INSTALL_ROOT / "sync.toml").read_text(encoding="utf-8")
    sample = f'path = "{SAMPLE_FILE.relative_to(INSTALL_ROOT).as_posix()}"'
    sync = sync.replace(sample, f"path = {json.dumps(str(SAMPLE_FILE))}")
    (folder / "sync.toml").write_text(sync, encoding="utf-8")
    (folder / ".gitignore").write_text("output/\n.state/\ncontent/generated/\n", encoding="utf-8")
    print(
        f"created {folder}: edit region.toml and sync.toml, then run "
        f"`lapor-site --site {folder} update`",
        file=sys.stderr,
    )
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    from lapor_site.build import BuildError
    from lapor_site.pipeline import SyncError
    from lapor_site.publish import PublishError
    from lapor_site.sources import SourceError

    try:
        return _run(args)
    except (SyncError, SourceError, BuildError, SettingsError, SiteBusy, PublishError) as exc:
        for detail in getattr(exc, "details", ()):
            print(detail, file=sys.stderr)
        print(f"lapor-site {args.command}: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except (ValueError, OSError) as exc:
        print(f"lapor-site {args.command}: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except RecursionError:
        print(
            f"lapor-site {args.command}: the input is nested too deeply to read "
            "(more than about 1,000 levels of lists or objects); nothing published",
            file=sys.stderr,
        )
        return EXIT_FAILED


if __name__ == "__main__":
    sys.exit(main())
