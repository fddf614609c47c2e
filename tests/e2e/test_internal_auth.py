"""The probe's requests against a running stack fail safely: Rasa's HTTP API and the action server
answer only to the holders of the deployment key."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest
from harness import Stack

pytestmark = pytest.mark.e2e


def _call(url: str, method: str = "GET", body: dict | None = None) -> int:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=15) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def _token(stack: Stack, purpose: str) -> str:
    from escalation import internal_token

    return internal_token(stack.var_dir, stack.env.get("SENDER_ID_SECRET"), purpose)


def _forged_tracker(action: str) -> dict:
    return {"next_action": action, "sender_id": "someone-else", "version": "3.6.21",
            "tracker": {"sender_id": "someone-else", "slots": {}, "latest_message": {
                "text": "/status", "intent": {"name": "check_status"}, "entities": []},
                "events": [], "paused": False, "followup_action": None, "active_loop": {},
                "latest_action_name": "action_listen"},
            "domain": {}}


def test_rasa_api_without_the_token_reads_nothing_and_deletes_nothing(stack: Stack) -> None:
    base = stack.rasa_url
    assert _call(f"{base}/conversations/someone/tracker") == 401
    assert _call(f"{base}/conversations/someone/tracker/events", "POST",
                 {"event": "slot", "name": "consent", "value": "contact"}) == 401
    assert _call(f"{base}/model", "DELETE") == 401
    assert _call(f"{base}/status") == 401
    # the model is still there for everyone (and the holders of the token can see it)
    assert _call(f"{base}/status?token={_token(stack, 'rasa-api')}") == 200


def test_a_forged_call_to_the_action_server_runs_no_action(stack: Stack) -> None:
    port = stack.env["ACTION_SERVER_PORT"]
    url = f"http://127.0.0.1:{port}/webhook"
    for action in ("action_check_status", "action_submit_report"):
        assert _call(url, "POST", _forged_tracker(action)) == 401
        assert _call(f"{url}?token=guessed", "POST", _forged_tracker(action)) == 401
    assert _call(f"http://127.0.0.1:{port}/actions") == 401
    assert _call(f"http://127.0.0.1:{port}/health") == 200
    # Rasa itself holds the token: a normal message still gets its answer through the actions
    request = urllib.request.Request(f"{stack.rasa_url}/webhooks/rest/webhook", method="POST",
                                     data=json.dumps({"sender": "auth-probe",
                                                      "message": "syarat kerja ke taiwan apa"}).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        replies = json.loads(response.read())
    assert replies and any("Taiwan" in (r.get("text") or "") for r in replies)
