"""``python -m knowledge_base build``: rebuild the search index if the articles or model changed."""

from __future__ import annotations

import argparse
import logging

from knowledge_base.index import build_index, default_model_path


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(prog="python -m knowledge_base")
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="rebuild var/kb if the stamp differs")
    build.add_argument("--force", action="store_true", help="rebuild even if the stamp matches")
    build.add_argument("--model", default=None, help="embedding model (default: EMBEDDING_MODEL)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    report = build_index(model=args.model or default_model_path(), force=args.force)
    if report.rebuilt:
        print(f"rebuilt {report.index_dir}: {report.passages} passages in {report.seconds:.1f} s")
    else:
        print(
            f"{report.index_dir} is up to date ({report.passages} passages, "
            f"stamp {report.stamp[:12]}); checked in {report.seconds:.2f} s"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
