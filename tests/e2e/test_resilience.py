"""End to end on PostgreSQL: nothing a reporter typed is lost when the bot process is killed or the
database stops in the middle of a report."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fake_telegram import FakeTelegram, SentMessage
from flows import press
from harness import start_bot, start_stack
from pg import (
    PG_SKIP_REASON,
    create_pg_database,
    drop_pg_database,
    pg_admin,
    pg_reachable,
    pg_url,
)

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]

OFFICERS_CHAT = -100999
OFFICER = 4343


def admin(sql: str) -> None:
    with pg_admin() as conn:
        conn.execute(sql)


@pytest.fixture(scope="module")
def pg_stack(tmp_path_factory: pytest.TempPathFactory):
    if not pg_reachable():
        pytest.skip(PG_SKIP_REASON)
    name = create_pg_database("pandu_e2e")
    stack = start_stack(tmp_path_factory.mktemp("pgvar"), database_url=pg_url(name))
    stack.db_name = name
    yield stack
    stack.stop()
    admin(f"ALTER DATABASE {name} WITH ALLOW_CONNECTIONS true")
    drop_pg_database(name)


def say(tg: FakeTelegram, user: int, text: str, expect: str) -> SentMessage:
    before = tg.count_to(user)
    tg.send_text(user, text)
    return tg.wait_for(user, lambda m: expect.lower() in m.text.lower(), after=before, timeout=40)


def fill_report(tg: FakeTelegram, user: int) -> SentMessage:
    say(tg, user, "/lapor", "nama orang yang merekrut")
    for text, expect in [("Bu Sari", "nomor HP/WhatsApp"), ("lewati", "Perusahaan"),
                         ("lewati", "Di mana")]:
        say(tg, user, text, expect)
    channel = say(tg, user, "Kab. Cianjur", "menghubungi Anda")
    press(tg, user, channel, "Facebook", "Pekerjaan apa")
    say(tg, user, "PRT ke Arab Saudi visa ziarah", "uang")
    situation = say(tg, user, "tidak ada", "keadaan")
    evidence = press(tg, user, situation, "Belum berangkat", "bukti")
    consent = press(tg, user, evidence, "Tidak ada bukti", "Boleh petugas")
    return press(tg, user, consent, "Boleh dihubungi", "Ringkasan laporan")


def press_send(tg: FakeTelegram, user: int, summary: SentMessage, expect: str) -> SentMessage:
    data = next(b["callback_data"] for b in summary.buttons if b["text"] == "Kirim laporan")
    before = tg.count_to(user)
    tg.press(user, summary, data)
    return tg.wait_for(user, lambda m: expect in m.text, after=before, timeout=60)


def test_bot_killed_after_the_summary_loses_nothing(pg_stack, fake_telegram: FakeTelegram,
                                                    tmp_path: Path) -> None:
    env = {"OFFICER_CHAT_ID": str(OFFICERS_CHAT), "OFFICER_USER_IDS": str(OFFICER)}
    bot = start_bot(pg_stack, fake_telegram, tmp_path / "bot.log", env)
    summary = fill_report(fake_telegram, 6660001)
    bot.kill()
    bot = start_bot(pg_stack, fake_telegram, tmp_path / "bot.log", env)
    try:
        receipt = press_send(fake_telegram, 6660001, summary, "Nomor tiket")
        ticket = re.search(r"LAP-[A-Z0-9-]+", receipt.text).group(0)
        fake_telegram.wait_for(OFFICERS_CHAT, lambda m: ticket in m.text and "Bu Sari" in m.text)
    finally:
        bot.stop()


def test_database_stopped_mid_report_then_back(pg_stack, fake_telegram: FakeTelegram,
                                               tmp_path: Path) -> None:
    env = {"OFFICER_CHAT_ID": str(OFFICERS_CHAT), "OFFICER_USER_IDS": str(OFFICER)}
    bot = start_bot(pg_stack, fake_telegram, tmp_path / "bot.log", env)
    user = 6660002
    try:
        summary = fill_report(fake_telegram, user)
        admin(f"ALTER DATABASE {pg_stack.db_name} WITH ALLOW_CONNECTIONS false")
        admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
              f"WHERE datname = '{pg_stack.db_name}'")
        outage = press_send(fake_telegram, user, summary, "terganggu")
        assert "0800-1000" in outage.text
        admin(f"ALTER DATABASE {pg_stack.db_name} WITH ALLOW_CONNECTIONS true")
        for _ in range(3):  # stale pooled connections may fail once more after the restart
            data = next(b["callback_data"] for b in summary.buttons if b["text"] == "Kirim laporan")
            before = fake_telegram.count_to(user)
            fake_telegram.press(user, summary, data)
            reply = fake_telegram.wait_for(user, lambda m: m.method == "sendMessage",
                                           after=before, timeout=60)
            if "Nomor tiket" in reply.text:
                break
        assert "Nomor tiket" in reply.text, reply.text
        ticket = re.search(r"LAP-[A-Z0-9-]+", reply.text).group(0)
        card = fake_telegram.wait_for(OFFICERS_CHAT, lambda m: ticket in m.text and m.buttons)
        cards = [m for m in fake_telegram.messages_to(OFFICERS_CHAT)
                 if ticket in m.text and m.buttons]
        assert cards == [card], "the officers' card is delivered once"
    finally:
        admin(f"ALTER DATABASE {pg_stack.db_name} WITH ALLOW_CONNECTIONS true")
        bot.stop()
