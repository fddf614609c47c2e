"""``python -m escalation migrate|retention DAYS``: schema upgrades and the retention sweep."""

from __future__ import annotations

import argparse
import logging
import os
import sys

from escalation.database import DEFAULT_DATABASE_URL
from escalation.privacy import deployment_secret
from escalation.service import Escalation


def _secret() -> bytes:
    return deployment_secret(os.environ.get("PANDU_VAR_DIR", "var"),
                             os.environ.get("SENDER_ID_SECRET"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m escalation")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("migrate", help="upgrade the schema to the newest revision")
    retention = sub.add_parser("retention", help="wipe personal data of old closed reports")
    retention.add_argument("days", type=int)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    var_dir = os.environ.get("PANDU_VAR_DIR", "var")
    esc = Escalation(os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL),
                     evidence_dir=os.path.join(var_dir, "evidence"), secret=_secret())
    with esc:
        if args.command == "migrate":
            esc.migrate()
            print("database schema up to date")
        else:
            print(f"wiped personal data of {esc.apply_retention(args.days)} closed reports")
            print(f"deleted {esc.purge_conversations(args.days)} conversations idle for "
                  f"{args.days} days")
            print(f"deleted {esc.state.purge_expired()} expired entries of the bot's state")
    return 0


if __name__ == "__main__":
    sys.exit(main())
