"""Console chat: the same stack as Telegram, in a terminal, for trying the assistant without a token."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from bot import messages
from bot.conversation import Conversation
from bot.rasa_client import Button, RasaClient, Reply
from bot.settings import BotSettings

CONSOLE_USER_ID = 1  # one local user; Rasa only ever sees its keyed hash

BANNER = """\
Pandu Migran — mode konsol (tanpa Telegram).
Ketik pesan seperti di Telegram. Perintah: /start /help /cek /lapor /status /batal.
Angka [1], [2]… memilih tombol. /foto <file> membaca gambar. Ctrl-D atau /keluar untuk berhenti.
"""


def render(replies: list[Reply]) -> tuple[str, list[Button]]:
    """Text for the terminal, and the buttons the user may pick by number."""
    lines: list[str] = []
    buttons: list[Button] = []
    for reply in replies:
        if reply.text:
            lines.append("Pandu: " + reply.text.replace("\n", "\n       "))
        for button in reply.buttons:
            buttons.append(button)
            lines.append(f"       [{len(buttons)}] {button.title}")
    return "\n".join(lines), buttons


async def handle_line(conversation: Conversation, line: str,
                      buttons: list[Button]) -> list[Reply]:
    """One line typed in the console, routed like the Telegram handlers route an update."""
    stripped = line.strip()
    if stripped.isdigit() and buttons and 1 <= int(stripped) <= len(buttons):
        return await conversation.button(CONSOLE_USER_ID, buttons[int(stripped) - 1].payload)
    if stripped.startswith("/foto"):
        path = Path(stripped[len("/foto"):].strip()).expanduser()
        if not path.is_file():
            return [Reply("File gambar tidak ditemukan. Contoh: /foto ~/brosur.jpg")]
        from screening import read_image_text

        result = await asyncio.get_running_loop().run_in_executor(
            None, read_image_text, path.read_bytes())
        if not result.ok:
            return [Reply(messages.photo_unreadable(result.reason))]
        return [Reply(messages.photo_read_ok())] + await conversation.offer(
            CONSOLE_USER_ID, result.text)
    if stripped.startswith("/"):
        name, _, args = stripped[1:].partition(" ")
        return await conversation.command(CONSOLE_USER_ID, name, args)
    return await conversation.text(CONSOLE_USER_ID, line)


async def run_console(settings: BotSettings, hotlines: messages.Hotlines) -> None:
    rasa = RasaClient(settings.rasa_url, settings.rasa_timeout_s, token=settings.rasa_token())
    conversation = Conversation(rasa, settings.sender_secret(), hotlines,
                                settings.rasa_slow_reply_s)
    print(BANNER, flush=True)
    buttons: list[Button] = []
    loop = asyncio.get_running_loop()
    try:
        while True:
            try:
                line = await loop.run_in_executor(None, _read_line)
            except EOFError:
                break
            if line.strip() in {"/keluar", "/exit", "/quit"}:
                break
            replies = await conversation.in_time(CONSOLE_USER_ID,
                                                 handle_line(conversation, line, buttons),
                                                 _print_replies)
            text, new_buttons = render(replies)
            buttons = new_buttons or buttons
            print(text, flush=True)
    finally:
        await rasa.close()
        print("Sampai jumpa. Tetap waspada dan berangkat lewat jalur resmi.", flush=True)


async def _print_replies(replies: list[Reply]) -> None:
    print(render(replies)[0], flush=True)


def _read_line() -> str:
    sys.stdout.write("Anda: ")
    sys.stdout.flush()
    line = sys.stdin.readline()
    if line == "":
        raise EOFError
    return line.rstrip("\n")
