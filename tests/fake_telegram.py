"""A local fake of the Telegram Bot API, served over real HTTP for end-to-end tests and benchmarks.

The bot under test talks to it exactly as to api.telegram.org (``TELEGRAM_API_BASE_URL``). Tests
push updates in and read what the bot sent out. It runs in its own thread with its own event loop,
so tests and benchmarks call it from ordinary code.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import socket
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

BOT_USER = {"id": 777000111, "is_bot": True, "first_name": "Pandu Migran",
            "username": "pandu_test_bot", "can_join_groups": True,
            "can_read_all_group_messages": False, "supports_inline_queries": False}


@dataclass
class SentMessage:
    """Something the bot sent (or edited) in a chat."""

    method: str
    chat_id: int
    text: str
    message_id: int
    reply_markup: dict | None
    at: float = field(default_factory=time.monotonic)

    @property
    def buttons(self) -> list[dict]:
        if not self.reply_markup:
            return []
        return [b for row in self.reply_markup.get("inline_keyboard", []) for b in row]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class FakeTelegram:
    """The fake server. ``base_url`` goes into TELEGRAM_API_BASE_URL."""

    def __init__(self, token: str = "123456:TEST-token", port: int | None = None) -> None:
        self.token = token
        self.port = port or free_port()
        self.base_url = f"http://127.0.0.1:{self.port}/bot"
        self.sent: list[SentMessage] = []
        self.calls: list[tuple[str, dict]] = []
        self.commands: dict[str, list[dict]] = {}
        self.files: dict[str, bytes] = {}
        self.callback_answers: list[dict] = []
        self._updates: list[dict] = []
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1000)
        self._cond = threading.Condition()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._new_update: asyncio.Event | None = None
        self._thread: threading.Thread | None = None
        self._runner: web.AppRunner | None = None
        self.fail_sends = 0  # answer this many sendMessage calls with HTTP 502

    # ----- lifecycle ---------------------------------------------------------------------------

    def start(self) -> FakeTelegram:
        ready = threading.Event()

        def serve() -> None:
            self._loop = asyncio.new_event_loop()
            asyncio.set_event_loop(self._loop)
            self._new_update = asyncio.Event()
            app = web.Application(client_max_size=20 * 1024 * 1024)
            app.router.add_route("*", "/bot{token}/{method}", self._api)
            app.router.add_get("/file/bot{token}/{path:.*}", self._file)
            self._runner = web.AppRunner(app, access_log=None)
            self._loop.run_until_complete(self._runner.setup())
            site = web.TCPSite(self._runner, "127.0.0.1", self.port)
            self._loop.run_until_complete(site.start())
            ready.set()
            self._loop.run_forever()

        self._thread = threading.Thread(target=serve, daemon=True, name="fake-telegram")
        self._thread.start()
        ready.wait(10)
        return self

    def stop(self) -> None:
        if self._loop is None:
            return

        async def shutdown() -> None:
            await self._runner.cleanup()

        asyncio.run_coroutine_threadsafe(shutdown(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)

    # ----- pushing updates ---------------------------------------------------------------------

    def _push(self, update: dict) -> int:
        update["update_id"] = next(self._update_ids)
        with self._cond:
            self._updates.append(update)
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._new_update.set)
        return update["update_id"]

    def send_raw(self, update: dict) -> int:
        """Queue an update exactly as given (only update_id is added): for broken updates."""
        return self._push(dict(update))

    @staticmethod
    def user(user_id: int) -> dict:
        return {"id": user_id, "is_bot": False, "first_name": f"User{user_id}",
                "language_code": "id"}

    def message(self, user_id: int, chat_id: int | None = None, chat_type: str = "private",
                **content: Any) -> dict:
        chat_id = chat_id if chat_id is not None else user_id
        chat = {"id": chat_id, "type": chat_type}
        if chat_type == "private":
            chat["first_name"] = f"User{user_id}"
        else:
            chat["title"] = "Petugas"
        return {"message_id": next(self._message_ids), "date": int(time.time()), "chat": chat,
                "from": self.user(user_id), **content}

    def send_text(self, user_id: int, text: str, **extra: Any) -> int:
        """The user writes a text (commands get their bot_command entity)."""
        content: dict[str, Any] = {"text": text, **extra}
        if text.startswith("/"):
            length = len(text.split()[0]) if text.split() else 1
            content["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
        return self._push({"message": self.message(user_id, **content)})

    def reply_to(self, user_id: int, sent: SentMessage, text: str) -> int:
        """The user answers a message of the bot with Telegram's reply (groups or private)."""
        original = {"message_id": sent.message_id, "date": int(time.time()),
                    "chat": {"id": sent.chat_id,
                             "type": "private" if sent.chat_id > 0 else "supergroup"},
                    "from": BOT_USER, "text": sent.text}
        chat_type = "private" if sent.chat_id > 0 else "supergroup"
        return self._push({"message": self.message(user_id, chat_id=sent.chat_id,
                                                   chat_type=chat_type, text=text,
                                                   reply_to_message=original)})

    def send_forwarded(self, user_id: int, text: str) -> int:
        origin = {"type": "hidden_user", "date": int(time.time()), "sender_user_name": "Agen"}
        return self._push({"message": self.message(user_id, text=text, forward_origin=origin)})

    def send_sticker(self, user_id: int) -> int:
        sticker = {"file_id": "stk1", "file_unique_id": "stku1", "type": "regular",
                   "width": 512, "height": 512, "is_animated": False, "is_video": False}
        return self._push({"message": self.message(user_id, sticker=sticker)})

    def send_voice(self, user_id: int) -> int:
        voice = {"file_id": "voice1", "file_unique_id": "voiceu1", "duration": 3}
        return self._push({"message": self.message(user_id, voice=voice)})

    def send_location(self, user_id: int) -> int:
        return self._push({"message": self.message(
            user_id, location={"latitude": -6.2, "longitude": 106.8})})

    def send_document(self, user_id: int, data: bytes, name: str, mime: str) -> int:
        file_id = f"doc{len(self.files)}"
        self.files[file_id] = data
        doc = {"file_id": file_id, "file_unique_id": file_id + "u", "file_name": name,
               "mime_type": mime, "file_size": len(data)}
        return self._push({"message": self.message(user_id, document=doc)})

    def send_photo(self, user_id: int, data: bytes, caption: str | None = None) -> int:
        file_id = f"photo{len(self.files)}"
        self.files[file_id] = data
        sizes = [{"file_id": file_id, "file_unique_id": file_id + "u", "width": 1200,
                  "height": 1600, "file_size": len(data)}]
        extra = {"caption": caption} if caption else {}
        return self._push({"message": self.message(user_id, photo=sizes, **extra)})

    def edit_text(self, user_id: int, text: str) -> int:
        message = self.message(user_id, text=text)
        message["edit_date"] = int(time.time())
        return self._push({"edited_message": message})

    def press(self, user_id: int, sent: SentMessage, callback_data: str) -> int:
        """The user presses an inline button of a message the bot sent."""
        chat = {"id": sent.chat_id, "type": "private" if sent.chat_id > 0 else "supergroup"}
        if sent.chat_id < 0:
            chat["title"] = "Petugas"
        message = {"message_id": sent.message_id, "date": int(time.time()), "chat": chat,
                   "from": BOT_USER, "text": sent.text, "reply_markup": sent.reply_markup}
        query = {"id": f"cq{next(self._message_ids)}", "from": self.user(user_id),
                 "chat_instance": "ci", "data": callback_data, "message": message}
        return self._push({"callback_query": query})

    # ----- reading what the bot sent -----------------------------------------------------------

    def messages_to(self, chat_id: int) -> list[SentMessage]:
        with self._cond:
            return [m for m in self.sent if m.chat_id == chat_id]

    def wait_for(self, chat_id: int, predicate=lambda m: True, timeout: float = 30.0,
                 after: int = 0) -> SentMessage:
        """Wait for a message to ``chat_id`` (the first one past index ``after``) that matches."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                candidates = [m for m in self.sent if m.chat_id == chat_id][after:]
                for m in candidates:
                    if predicate(m):
                        return m
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    texts = [m.text[:80] for m in candidates]
                    raise TimeoutError(f"no matching message to {chat_id}; got {texts}")
                self._cond.wait(remaining)

    def count_to(self, chat_id: int) -> int:
        return len(self.messages_to(chat_id))

    # ----- the API -----------------------------------------------------------------------------

    async def _params(self, request: web.Request) -> dict:
        if request.content_type == "application/json":
            return await request.json()
        form = await request.post()
        params: dict[str, Any] = {}
        for key, value in form.items():
            if isinstance(value, str):
                try:
                    params[key] = json.loads(value)
                except ValueError:
                    params[key] = value
            else:
                params[key] = value
        return params

    async def _api(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.json_response({"ok": False, "error_code": 401,
                                      "description": "Unauthorized"}, status=401)
        method = request.match_info["method"]
        params = await self._params(request)
        with self._cond:
            self.calls.append((method, params))
        handler = getattr(self, "_m_" + method.lower(), None)
        if handler is None:
            return web.json_response({"ok": True, "result": True})
        return await handler(params)

    @staticmethod
    def ok(result: Any) -> web.Response:
        return web.json_response({"ok": True, "result": result})

    async def _m_getme(self, params: dict) -> web.Response:
        return self.ok(BOT_USER)

    async def _m_getupdates(self, params: dict) -> web.Response:
        offset = int(params.get("offset") or 0)
        timeout = float(params.get("timeout") or 0)
        deadline = time.monotonic() + timeout
        while True:
            with self._cond:
                self._updates = [u for u in self._updates if u["update_id"] >= offset]
                pending = list(self._updates[:100])
            if pending or time.monotonic() >= deadline:
                return self.ok(pending)
            self._new_update.clear()
            try:
                await asyncio.wait_for(self._new_update.wait(),
                                       max(0.01, deadline - time.monotonic()))
            except TimeoutError:
                pass

    def _record(self, method: str, params: dict, message_id: int | None = None) -> dict:
        chat_id = int(params["chat_id"])
        message_id = message_id or next(self._message_ids)
        text = str(params.get("text", ""))
        markup = params.get("reply_markup") or None
        with self._cond:
            self.sent.append(SentMessage(method, chat_id, text, message_id, markup))
            self._cond.notify_all()
        chat = {"id": chat_id, "type": "private" if chat_id > 0 else "supergroup"}
        if chat_id < 0:
            chat["title"] = "Petugas"
        result = {"message_id": message_id, "date": int(time.time()), "chat": chat,
                  "from": BOT_USER, "text": text}
        if markup and "inline_keyboard" in markup:  # Telegram echoes inline keyboards only
            result["reply_markup"] = markup
        return result

    async def _m_sendmessage(self, params: dict) -> web.Response:
        if self.fail_sends > 0:
            self.fail_sends -= 1
            return web.json_response({"ok": False, "error_code": 502,
                                      "description": "Bad Gateway"}, status=502)
        return self.ok(self._record("sendMessage", params))

    async def _m_sendphoto(self, params: dict) -> web.Response:
        params = dict(params, text=str(params.get("caption", "")))
        return self.ok(self._record("sendPhoto", params))

    async def _m_senddocument(self, params: dict) -> web.Response:
        params = dict(params, text=str(params.get("caption", "")))
        return self.ok(self._record("sendDocument", params))

    async def _m_editmessagetext(self, params: dict) -> web.Response:
        return self.ok(self._record("editMessageText", params, int(params["message_id"])))

    async def _m_editmessagereplymarkup(self, params: dict) -> web.Response:
        params = dict(params, text="")
        return self.ok(self._record("editMessageReplyMarkup", params, int(params["message_id"])))

    async def _m_answercallbackquery(self, params: dict) -> web.Response:
        with self._cond:
            self.callback_answers.append(params)
            self._cond.notify_all()
        return self.ok(True)

    async def _m_setmycommands(self, params: dict) -> web.Response:
        scope = params.get("scope") or {"type": "default"}
        with self._cond:
            self.commands[json.dumps(scope, sort_keys=True)] = params.get("commands") or []
        return self.ok(True)

    async def _m_getfile(self, params: dict) -> web.Response:
        file_id = str(params["file_id"])
        if file_id not in self.files:
            return web.json_response({"ok": False, "error_code": 400,
                                      "description": "Bad Request: invalid file_id"}, status=400)
        return self.ok({"file_id": file_id, "file_unique_id": file_id + "u",
                        "file_size": len(self.files[file_id]), "file_path": f"files/{file_id}"})

    async def _file(self, request: web.Request) -> web.Response:
        file_id = request.match_info["path"].rsplit("/", 1)[-1]
        if request.match_info["token"] != self.token or file_id not in self.files:
            return web.Response(status=404)
        return web.Response(body=self.files[file_id])
