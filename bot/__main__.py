"""Entry point of the front end: Telegram when a token is set, otherwise the console chat."""

from __future__ import annotations

import asyncio
import logging
import sys

from bot.messages import Hotlines
from bot.settings import BotSettings


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    logging.basicConfig(
        level=logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    # httpx logs every request URL, which contains the bot token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    settings = BotSettings()
    from knowledge_base import load_contacts

    hotlines = Hotlines.from_contacts(load_contacts())
    console = "--console" in argv or not settings.telegram_bot_token
    if console:
        logging.getLogger().setLevel(logging.WARNING)
        asyncio.run(_console(settings, hotlines))
    else:
        from bot.robust_updates import install_log_redaction
        from bot.telegram_app import run_telegram

        install_log_redaction()  # PTB quotes updates it cannot read (what people wrote): ids only
        run_telegram(settings, hotlines)
    return 0


async def _console(settings: BotSettings, hotlines: Hotlines) -> None:
    from bot.console import run_console

    await run_console(settings, hotlines)


if __name__ == "__main__":
    raise SystemExit(main())
