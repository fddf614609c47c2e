"""Action server entry point: loads the knowledge base and models, then serves Rasa's webhook.

One process (no Sanic worker pool) so the embedding model is loaded once. The models are loaded
before the port is opened: Sanic binds and listens before its ``before_server_start`` listeners
run, so a server still loading (10-20 s) would accept Rasa's calls and leave them waiting, and
the person waiting with them, instead of being refused at once. A refused call makes Rasa fail
fast, and the bot gives its outage reply with the help numbers.
"""

from __future__ import annotations

import argparse
import hmac
import logging
import os
import time

from rasa_sdk.endpoint import create_app
from rasa_sdk.executor import ActionExecutor

from actions.services import warm_up

OPEN_PATHS = ("/health",)


def action_server_token() -> str:
    """The token Rasa sends with every call (``action_endpoint.token``, written by the supervisor)."""
    from actions.services import var_dir
    from escalation import internal_token

    return internal_token(var_dir(), os.environ.get("SENDER_ID_SECRET"), "action-server")


def guard_with_token(app, token: str) -> None:
    """Refuse every call without Rasa's token: a hand-made tracker must not file a report or read
    someone's tickets. Only ``/health`` stays open (it tells nothing)."""
    from sanic.response import json as json_response

    expected = token.encode()

    @app.on_request
    async def check_token(request):
        if request.path in OPEN_PATHS:
            return None
        given = (request.args.get("token") or "").encode()
        if not hmac.compare_digest(given, expected):
            return json_response({"error": "unauthorized"}, status=401)
        return None


def main() -> None:
    parser = argparse.ArgumentParser(description="Pandu Migran action server")
    parser.add_argument("--port", type=int, default=int(os.environ.get("ACTION_SERVER_PORT", 5055)))
    parser.add_argument("--host", default=os.environ.get("ACTION_SERVER_HOST", "127.0.0.1"))
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

    # Before the port opens (see the module docstring); nothing answers, or waits, until then.
    started = time.monotonic()
    warm_up()
    logging.getLogger(__name__).info("models loaded in %.1f s; opening port %d",
                                     time.monotonic() - started, args.port)

    executor = ActionExecutor()
    executor.register_package("actions.actions")
    executor.register_package("actions.report")
    app = create_app(executor, cors_origins=None)
    guard_with_token(app, action_server_token())
    app.run(host=args.host, port=args.port, single_process=True, access_log=False,
            motd=False)


if __name__ == "__main__":
    main()
