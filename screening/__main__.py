"""Command line: ``python -m screening train`` (build the classifier) or ``check "<text>"``."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from screening.classifier import (
    DEFAULT_DATA_DIR,
    DEFAULT_MODEL_PATH,
    data_hash,
    load,
    save,
    train_from_dir,
)


def main(argv: list[str] | None = None) -> int:
    """Run the screening command line."""
    parser = argparse.ArgumentParser(prog="python -m screening")
    sub = parser.add_subparsers(dest="command", required=True)
    p_train = sub.add_parser("train", help="train the classifier on the train split and save it")
    p_train.add_argument("--data", type=Path, default=DEFAULT_DATA_DIR)
    p_train.add_argument("--out", type=Path, default=DEFAULT_MODEL_PATH)
    p_train.add_argument("--force", action="store_true", help="train even if the model is current")
    p_check = sub.add_parser("check", help="assess one offer text and print the reply")
    p_check.add_argument("text")
    args = parser.parse_args(argv)

    if args.command == "train":
        from screening.danger_detector import DETECTOR as DANGER_DETECTOR
        from screening.offer_detector import DETECTOR as OFFER_DETECTOR

        for detector in (OFFER_DETECTOR, DANGER_DETECTOR):
            started = time.perf_counter()
            if detector.ensure_saved(force=args.force):
                print(f"{detector.name} trained in {time.perf_counter() - started:.1f}s")
            else:
                print(f"{detector.name} is up to date")
        existing = None if args.force else load(args.out)
        if existing is not None and existing.data_hash == data_hash(args.data):
            print(f"{args.out} is up to date (data {existing.data_hash[:12]})")
            return 0
        started = time.perf_counter()
        model = train_from_dir(args.data)
        save(model, args.out)
        print(
            f"trained in {time.perf_counter() - started:.1f}s -> {args.out} (data {model.data_hash[:12]})"
        )
        return 0
    from screening import assess, render_reply

    print(render_reply(assess(args.text)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
