"""The officers' web console: queue, cases, recruiters, overview and administration.

Public API: :func:`create_app` (the FastAPI app), :func:`prepare` (migrations and the admin
account, run once at start) and :class:`ConsoleSettings`. Run it with ``python -m console``.
Nothing here touches the database or the disk at import time.
"""

from console.app import create_app, prepare
from console.settings import ConsoleSettings

__all__ = ["ConsoleSettings", "create_app", "prepare"]
