"""Action server entry point: loads the knowledge base and models, then serves Rasa's webhook.

One process (no Sanic worker pool) so the embedding model is loaded once.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os

from rasa_sdk.endpoint import create_app
from rasa_sdk.executor import ActionExecutor

from actions.services import warm_up


def main() -> None:
    parser = argparse.ArgumentParser(description="Pandu Migran action server")
    parser.add_argument("--port", type=int, default=int(os.environ.get("ACTION_SERVER_PORT", 5055)))
    parser.add_argument("--host", default=os.environ.get("ACTION_SERVER_HOST", "127.0.0.1"))
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

    executor = ActionExecutor()
    executor.register_package("actions.actions")
    executor.register_package("actions.report")
    app = create_app(executor, cors_origins=None)

    @app.before_server_start
    async def load_models(_app, _loop) -> None:
        await asyncio.get_running_loop().run_in_executor(None, warm_up)

    app.run(host=args.host, port=args.port, single_process=True, access_log=False,
            motd=False)


if __name__ == "__main__":
    main()
