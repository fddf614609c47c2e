"""Long polling that moves past an update python-telegram-bot cannot read, without logging it.

What PTB 22 does with such an update (a poll lacking a field of a newer Bot API, a broken
message): ``Bot.get_updates`` parses the whole batch with ``Update.de_list``; one failure logs the
*entire raw batch* at CRITICAL (``Received data was …``: names, phone numbers, what people wrote)
and re-raises. ``Updater`` catches the error, logs it again and returns without moving its offset,
so the next ``getUpdates`` fetches the same batch, forever, every ``poll_interval``: polling
stalls and every chat waits. (In webhook mode the handler logs the raw update and answers 400, so
Telegram sends it again.)

Two guards:

* :class:`ReadableUpdatesRequest`, the ``get_updates_request`` of the bot: before PTB sees a
  ``getUpdates`` answer, every update it cannot parse is replaced by a bare ``{"update_id": …}``
  (logged by that id only). PTB then reads the batch, hands on the good updates, ignores the empty
  one and moves its offset past it.
* :func:`install_log_redaction`: PTB's own log lines that quote received updates keep the update
  ids and the error's type only; the content is never written to the log.

``bot.telegram_app.TolerantBot`` re-reads a batch PTB failed to parse one update at a time; that
stays as the last line of defence, but it runs only after PTB has logged the raw batch, and it
costs a second ``getUpdates``. With this request as ``get_updates_request`` PTB never fails.
"""

from __future__ import annotations

import logging
from typing import Any

from telegram import Update
from telegram.request import HTTPXRequest

logger = logging.getLogger(__name__)

# The PTB loggers that quote received data (telegram.Bot and telegram.ext.ExtBot in get_updates,
# telegram.ext.Updater when polling or serving the webhook).
PTB_LOGGERS = ("telegram.Bot", "telegram.ext.ExtBot", "telegram.ext.Updater")
_QUOTES_DATA = ("received data was", "webhook received data")


def readable_updates(batch: list[Any]) -> list[Any]:
    """The batch with each update PTB cannot parse replaced by its bare ``update_id``."""
    cleaned: list[Any] = []
    for item in batch:
        try:
            Update.de_json(item, None)
        except Exception as exc:  # noqa: BLE001 - whatever the parser raises, move on
            update_id = item.get("update_id") if isinstance(item, dict) else None
            logger.warning("skipped an update that could not be read (update_id %s, %s)",
                           update_id, type(exc).__name__)
            if isinstance(update_id, int):
                cleaned.append({"update_id": update_id})
            continue
        cleaned.append(item)
    return cleaned


class ReadableUpdatesRequest(HTTPXRequest):
    """The bot's ``get_updates_request`` (PTB sends only ``getUpdates`` through it): its answers
    are cleaned of updates PTB cannot parse, in the hook PTB documents for custom JSON handling."""

    @staticmethod
    def parse_json_payload(payload: bytes) -> dict[str, Any]:
        data = HTTPXRequest.parse_json_payload(payload)
        result = data.get("result") if isinstance(data, dict) else None
        if isinstance(result, list):
            data["result"] = readable_updates(result)
        return data


def _update_ids(value: Any) -> list[int]:
    items = value if isinstance(value, list | tuple) else [value]
    return [item["update_id"] for item in items
            if isinstance(item, dict) and isinstance(item.get("update_id"), int)]


class RedactReceivedData(logging.Filter):
    """Rewrites PTB's log lines that quote received updates: update ids and error type only."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = str(record.msg).lower()
        if not any(part in message for part in _QUOTES_DATA):
            return True
        args = record.args if isinstance(record.args, tuple) else (record.args,)
        ids = [update_id for arg in args for update_id in _update_ids(arg)]
        error = record.exc_info[1] if record.exc_info else None
        record.msg = "could not read update(s) %s from Telegram (%s); content not logged"
        record.args = (ids or "?", type(error).__name__ if error else "no error")
        record.exc_info, record.exc_text, record.stack_info = None, None, None
        return True


_REDACTOR = RedactReceivedData()


def install_log_redaction() -> None:
    """Put the redaction filter on PTB's loggers (once; safe to call again)."""
    for name in PTB_LOGGERS:
        ptb_logger = logging.getLogger(name)
        if _REDACTOR not in ptb_logger.filters:
            ptb_logger.addFilter(_REDACTOR)
