"""The ``lapor-site`` command: sync, build, audit and status.

Every failure ends with one clear line on stderr and a non-zero exit code;
nothing printed here ever contains personal data or secrets.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from lapor_site import __version__
from lapor_site.settings import ROOT, SettingsError, load_settings

EXIT_FAILED = 1
EXIT_USAGE = 2


def _add_source_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", type=Path, help="sync configuration (default: sync.toml)")
    parser.add_argument("--source", help="source type, overriding sync.toml")
    parser.add_argument("--url", help="source URL, overriding sync.toml")
    parser.add_argument("--input", help="input file (.jsonl, .json, .csv, .xlsx)")
    parser.add_argument(
        "--full", action="store_true",
        help="pull everything, ignoring the last watermark, and rebuild the case store",
    )  # fmt: skip


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="lapor-site", description="Publish anonymized SP4N-LAPOR! complaint data."
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--region", type=Path, help="region configuration (default: region.toml)")
    commands = parser.add_subparsers(dest="command", required=True)

    sync = commands.add_parser("sync", help="pull, validate, anonymize and write content")
    _add_source_options(sync)
    sync.add_argument(
        "--content", type=Path, default=ROOT / "content" / "generated",
        help="directory the pipeline owns (default: content/generated)",
    )  # fmt: skip

    build = commands.add_parser("build", help="build the site with Pelican, audit, publish")
    build.add_argument("--output", type=Path, default=ROOT / "output")
    build.add_argument("--settings", type=Path, default=ROOT / "pelicanconf.py")
    build.add_argument(
        "--content-root", type=Path, help="Pelican content folder (default: content)"
    )

    audit = commands.add_parser("audit", help="scan a built site for personal data")
    audit.add_argument("--output", type=Path, default=ROOT / "output")
    _add_source_options(audit)

    update = commands.add_parser("update", help="sync, then build and audit (the scheduled job)")
    _add_source_options(update)
    update.add_argument("--content", type=Path, default=ROOT / "content" / "generated")
    update.add_argument("--output", type=Path, default=ROOT / "output")
    update.add_argument("--settings", type=Path, default=ROOT / "pelicanconf.py")
    update.add_argument(
        "--content-root", type=Path, help="Pelican content folder (default: content)"
    )

    commands.add_parser("status", help="show the last successful sync")
    return parser


def _source(args: argparse.Namespace, since: datetime | None = None):
    """The configured source; naive dates in its data get the region's time zone."""
    from lapor_site.sources.registry import build_source, load_sync_config

    config = load_sync_config(args.config)
    timezone = load_settings(args.region).timezone
    return build_source(
        config, source=args.source, url=args.url, input=args.input, since=since, timezone=timezone
    )


def source_key(source) -> str:
    """Names the source and where it reads from (secrets removed), to match watermarks."""
    from lapor_site.sources.http import redact_url

    where = getattr(source, "url", None) or getattr(source, "path", None) or ""
    return f"{source.name} {redact_url(str(where))}".strip()


def _identity_values(args: argparse.Namespace) -> list[str]:
    from lapor_site.validate import validate

    result = validate(_source(args).fetch())
    return sorted({v for c in result.cases if c.identity for v in c.identity.values()})


def _run(args: argparse.Namespace) -> int:
    settings = load_settings(args.region)
    if args.command in ("sync", "update"):
        from lapor_site import state
        from lapor_site.pipeline import sync
        from lapor_site.store import CaseStore

        source = _source(args)
        key = source_key(source)
        since = None if args.full else state.watermark_for(key)
        if since is not None:
            source = _source(args, since)
        report = sync(source, settings, args.content, CaseStore(state.store_path()))
        print("\n".join(report.summary_lines()), file=sys.stderr)
        if args.command == "update":
            from lapor_site.build import build

            pages = build(
                settings, args.output, args.settings, report.identity_values, args.content_root
            )
            print(f"built {pages} pages into {args.output}; leak audit passed", file=sys.stderr)
        state.record_success(
            source.name, report.as_of, getattr(source, "watermark", None), report.published,
            datetime.now(settings.tz), source_key=key,
        )  # fmt: skip
        return 0
    if args.command == "build":
        from lapor_site.build import build

        pages = build(settings, args.output, args.settings, content=args.content_root)
        print(f"built {pages} pages into {args.output}", file=sys.stderr)
        return 0
    if args.command == "audit":
        from lapor_site.audit import audit_tree, format_findings
        from lapor_site.build import allowed_values

        if not args.output.is_dir():
            raise FileNotFoundError(f"{args.output}: no built site (run `make html` first)")
        from_source = any((args.input, args.source, args.url, args.config))
        values = _identity_values(args) if from_source else []
        findings = audit_tree(args.output, values, allow=allowed_values(settings))
        if findings:
            print(format_findings(findings), file=sys.stderr)
            print(f"leak audit failed: {len(findings)} finding(s)", file=sys.stderr)
            return EXIT_FAILED
        checked = f"{len(values)} identity values" if from_source else "patterns only, no --input"
        print(f"leak audit passed ({checked})", file=sys.stderr)
        return 0
    if args.command == "status":
        from lapor_site.state import describe

        print(describe())
        return 0
    raise AssertionError(args.command)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    from lapor_site.build import BuildError
    from lapor_site.pipeline import SyncError
    from lapor_site.sources import SourceError

    try:
        return _run(args)
    except (SyncError, SourceError, BuildError, SettingsError) as exc:
        for detail in getattr(exc, "details", ()):
            print(detail, file=sys.stderr)
        print(f"lapor-site {args.command}: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except (ValueError, OSError) as exc:
        print(f"lapor-site {args.command}: {exc}", file=sys.stderr)
        return EXIT_FAILED


if __name__ == "__main__":
    sys.exit(main())
