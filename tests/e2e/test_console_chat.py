"""End to end: without a token the bot opens a console chat on the same stack."""

from __future__ import annotations

import subprocess

import pytest
from harness import APP_PYTHON, ROOT

pytestmark = pytest.mark.e2e


def test_console_chat_goes_through_rasa_and_the_actions(stack) -> None:
    env = dict(stack.env)
    env.pop("TELEGRAM_BOT_TOKEN", None)
    lines = ("halo\n1\ntolong paspor saya ditahan majikan\n/cek visa turis ke kamboja gaji 30jt\n"
             "what documents do I need to work abroad legally?\n/keluar\n")
    result = subprocess.run([APP_PYTHON, "-m", "bot"], cwd=ROOT, env=env, input=lines,
                            capture_output=True, text=True, timeout=120)
    out = result.stdout
    assert result.returncode == 0, result.stderr[-2000:]
    assert "mode konsol" in out
    assert "[1] Cara kerja resmi" in out
    assert "Sumber:" in out, "button 1 asked a guidance question and got a cited answer"
    assert "0800-1000" in out and "+62 812 9007 0027" in out
    assert "Risiko: TINGGI" in out
    last_reply = out[out.rfind("Pandu:"):]
    assert "Sumber:" in last_reply and " the " in last_reply, "asked in English, answered in English"
    assert "Sampai jumpa" in out
