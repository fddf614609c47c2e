"""Start the officers' console: ``python -m console [--host 127.0.0.1] [--port N]``."""

from __future__ import annotations

import argparse
import logging

import uvicorn

from console.app import build_escalation, create_app, prepare
from console.settings import DEFAULT_HOST, ConsoleSettings


def main(argv: list[str] | None = None) -> int:
    """Migrate, make sure the admin account exists, then serve with uvicorn."""
    settings = ConsoleSettings()
    parser = argparse.ArgumentParser(prog="python -m console", description=__doc__)
    parser.add_argument("--host", default=DEFAULT_HOST, help="address to listen on")
    parser.add_argument(
        "--port", type=int, default=settings.port, help="port (default: OFFICER_CONSOLE_PORT)"
    )
    parser.add_argument(
        "--proxy-headers",
        action="store_true",
        help="trust X-Forwarded-Proto from a local reverse proxy (https → Secure cookies)",
    )
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    esc = build_escalation(settings)
    prepare(settings, esc)
    app = create_app(settings, esc)
    try:
        uvicorn.run(
            app,
            host=args.host,
            port=args.port,
            proxy_headers=args.proxy_headers,
            forwarded_allow_ips="127.0.0.1" if args.proxy_headers else None,
            log_level="info",
            access_log=False,
        )
    finally:
        esc.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
