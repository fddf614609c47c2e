"""An answer lost when the bot was killed is shown again, not filed as the next answer (issue 11).

Killed after Rasa took a message but before the answer went out, the bot leaves the person
without a reply; they send the same message again. Sent to Rasa a second time, the report form
took it as the answer to the next question (the job offer filed as the money asked; an earlier
button pressed again made Rasa fall back ten times), and ``bench/faults.py`` saw the reporter stuck.
The restarted bot now shows what Rasa answered the first time.
"""

from __future__ import annotations

import json
import time

import httpx

from bot.conversation import REPEAT_WITHIN_S, Conversation
from bot.messages import Hotlines
from bot.rasa_client import RasaClient

HOTLINES = Hotlines(kp2mi="0800-1000", kemlu="+62 812-9007-0800", police="110")
OFFER = "Admin online di Kamboja, gaji 20 juta, visa turis"
MONEY_QUESTION = "Apakah Anda diminta atau sudah membayar uang?"


class StoredRasa:
    """Rasa's REST channel and tracker, as a transport: the tracker ends with ``last`` and the
    answer Rasa gave to it."""

    def __init__(self, last: str = OFFER, age_s: float = 25.0, tracker_status: int = 200) -> None:
        self.last, self.age_s, self.tracker_status = last, age_s, tracker_status
        self.posted: list[str] = []

    def handle(self, request: httpx.Request) -> httpx.Response:
        if request.method == "GET":
            now = time.time()
            events = [
                {"event": "user", "text": "Pak Sponsor", "timestamp": now - 60},
                {"event": "bot", "text": "Nomor HP?", "data": {}, "timestamp": now - 60},
                {"event": "user", "text": self.last, "timestamp": now - self.age_s},
                {"event": "slot", "name": "offer_details", "value": self.last},
                {"event": "bot", "text": MONEY_QUESTION, "timestamp": now - self.age_s,
                 "data": {"buttons": [{"title": "Tidak ada", "payload": "/inform"}]}},
                {"event": "action", "name": "action_listen"},
            ]
            return httpx.Response(self.tracker_status, json={"events": events})
        self.posted.append(json.loads(request.content)["message"])
        return httpx.Response(200, json=[{"recipient_id": "x", "text": "Bagaimana keadaan Anda?"}])


def conversation(rasa: StoredRasa) -> Conversation:
    client = RasaClient("http://rasa.test")
    client._client = httpx.AsyncClient(transport=httpx.MockTransport(rasa.handle))
    return Conversation(client, b"k" * 32, HOTLINES, slow_reply_s=0)


async def test_a_repeated_message_after_a_restart_gets_the_answer_it_was_given() -> None:
    rasa = StoredRasa()
    replies = await conversation(rasa).text(7, OFFER)
    assert [r.text for r in replies] == [MONEY_QUESTION]
    assert [b.title for b in replies[0].buttons] == ["Tidak ada"]
    assert rasa.posted == []  # not filed a second time, as the money asked


async def test_a_repeated_button_is_answered_from_the_tracker_too() -> None:
    payload = '/inform{"situation":"Belum berangkat"}'
    rasa = StoredRasa(last=payload)
    replies = await conversation(rasa).button(7, payload)
    assert [r.text for r in replies] == [MONEY_QUESTION] and rasa.posted == []


async def test_a_new_message_goes_to_rasa() -> None:
    rasa = StoredRasa()
    replies = await conversation(rasa).text(7, "Rp 5 juta ke rekening pribadi")
    assert rasa.posted == ["Rp 5 juta ke rekening pribadi"]
    assert [r.text for r in replies] == ["Bagaimana keadaan Anda?"]


async def test_only_the_first_message_since_the_start_is_compared() -> None:
    rasa = StoredRasa(last="halo")
    conv = conversation(rasa)
    await conv.text(7, "Rp 5 juta")
    await conv.text(7, "halo")  # this process saw the person's last message: a real repeat
    assert rasa.posted == ["Rp 5 juta", "halo"]


async def test_an_old_repeat_goes_to_rasa() -> None:
    rasa = StoredRasa(age_s=REPEAT_WITHIN_S + 60)
    await conversation(rasa).text(7, OFFER)
    assert rasa.posted == [OFFER]


async def test_a_tracker_that_does_not_answer_changes_nothing() -> None:
    rasa = StoredRasa(tracker_status=500)
    await conversation(rasa).text(7, OFFER)
    assert rasa.posted == [OFFER]
