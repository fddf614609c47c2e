"""Sign-in, sessions, CSRF, roles: nothing shows case data without a valid session."""

from __future__ import annotations

import pytest
from console_helpers import (
    ADMIN_PASSWORD,
    OFFICER_PASSWORD,
    PNG,
    FakeClock,
    csrf_of,
    make_draft,
    make_settings,
    sign_in,
)
from fastapi.testclient import TestClient
from pydantic import SecretStr

from console import create_app, prepare
from escalation import Escalation, reporter_key

REPORTER = reporter_key(4242, b"console-test-secret-0123456789abcdef")


def _post_login(client: TestClient, username: str, password: str) -> object:
    page = client.get("/login")
    return client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": csrf_of(page.text)},
        follow_redirects=False,
    )


def test_login_sets_a_hardened_session_cookie(client: TestClient) -> None:
    response = _post_login(client, "admin", ADMIN_PASSWORD)
    assert response.status_code == 303
    assert response.headers["location"] == "/queue"
    cookie = next(
        c for c in response.headers.get_list("set-cookie") if c.startswith("pandu_console_session=")
    )
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie
    assert "Secure" not in cookie  # plain http in tests, and not forced by the settings
    assert client.get("/queue").status_code == 200


def test_secure_cookie_when_configured(esc: Escalation, settings, clock: FakeClock) -> None:
    secure = settings.model_copy(update={"cookie_secure": True})
    with TestClient(create_app(secure, esc, clock=clock), base_url="https://testserver") as client:
        response = _post_login(client, "admin", ADMIN_PASSWORD)
    cookie = next(
        c for c in response.headers.get_list("set-cookie") if c.startswith("pandu_console_session=")
    )
    assert "Secure" in cookie


def test_wrong_password_is_refused(client: TestClient) -> None:
    response = _post_login(client, "admin", "not-the-password")
    assert response.status_code == 401
    assert "Nama pengguna atau kata sandi salah" in response.text
    assert "pandu_console_session" not in response.headers.get("set-cookie", "")
    assert client.get("/queue", follow_redirects=False).status_code == 303


def test_unknown_user_gets_the_same_answer(client: TestClient) -> None:
    response = _post_login(client, "nobody", "whatever-password")
    assert response.status_code == 401
    assert "Nama pengguna atau kata sandi salah" in response.text


def test_lockout_after_five_failures_then_unlock(client: TestClient, clock: FakeClock) -> None:
    for _ in range(4):
        assert _post_login(client, "admin", "wrong-password!").status_code == 401
    locked = _post_login(client, "admin", "wrong-password!")
    assert locked.status_code == 429
    assert "dikunci" in locked.text
    # Even the right password is refused while locked.
    assert _post_login(client, "admin", ADMIN_PASSWORD).status_code == 429
    clock.advance(minutes=16)
    assert _post_login(client, "admin", ADMIN_PASSWORD).status_code == 303


def test_login_form_without_csrf_is_refused(client: TestClient) -> None:
    client.get("/login")
    response = client.post(
        "/login",
        data={"username": "admin", "password": ADMIN_PASSWORD},
        follow_redirects=False,
    )
    assert response.status_code == 403


def test_action_without_csrf_is_refused_and_changes_nothing(
    client: TestClient, esc: Escalation, admin: str
) -> None:
    ticket = esc.file_report(make_draft(REPORTER), "k1").ticket
    for data in ({}, {"csrf_token": "forged"}):
        response = client.post(f"/cases/{ticket}/take", data=data, follow_redirects=False)
        assert response.status_code == 403
    card = esc.case(ticket)
    assert card.status == "baru"
    assert [e.action for e in card.history] == ["lapor"]
    # Logout is a form too.
    assert client.post("/logout", data={}).status_code == 403


def test_petugas_cannot_open_admin_pages(client: TestClient, officer: str) -> None:
    assert client.get("/admin/officers").status_code == 403
    assert client.get("/admin/p3mi").status_code == 403
    response = client.post(
        "/admin/officers",
        data={
            "csrf_token": officer,
            "username": "evil",
            "name": "Evil",
            "password": "password-12345",
            "role": "admin",
        },
    )
    assert response.status_code == 403
    assert "Admin" not in client.get("/queue").text.split("<main")[0]


def test_session_expires_after_idle_timeout(
    client: TestClient, clock: FakeClock, admin: str
) -> None:
    clock.advance(hours=7, minutes=59)
    assert client.get("/queue").status_code == 200  # activity renews the idle timer
    clock.advance(hours=7, minutes=59)
    assert client.get("/queue").status_code == 200
    clock.advance(hours=8, minutes=1)
    response = client.get("/queue", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/login")


def test_logout_ends_the_session_on_the_server(client: TestClient, admin: str) -> None:
    token = client.cookies.get("pandu_console_session")
    assert (
        client.post("/logout", data={"csrf_token": admin}, follow_redirects=False).status_code
        == 303
    )
    client.cookies.set("pandu_console_session", token)
    assert client.get("/queue", follow_redirects=False).status_code == 303


def test_every_case_page_requires_a_session(client: TestClient, esc: Escalation) -> None:
    ticket = esc.file_report(
        make_draft(REPORTER, evidence=[(PNG, "image/png", "a.png")]), "k1"
    ).ticket
    sha = esc.case(ticket).evidence[0].sha256
    recruiter_id = esc.recruiter_lookup("0812 3456 7890").recruiter_ids[0]
    pages = [
        "/",
        "/queue",
        f"/cases/{ticket}",
        f"/cases/{ticket}/evidence/{sha}",
        "/overview",
        "/recruiters?q=Budi",
        f"/recruiters/{recruiter_id}",
        "/admin/officers",
        "/admin/p3mi",
    ]
    for page in pages:
        response = client.get(page, follow_redirects=False)
        assert response.status_code == 303, page
        assert response.headers["location"].startswith("/login?next="), page
        assert ticket not in response.text
    for data in ("/queue.csv", f"/cases/{ticket}/audit.csv"):
        response = client.get(data, follow_redirects=False)
        assert response.status_code == 401, data
        assert ticket not in response.text
    response = client.post(
        f"/cases/{ticket}/take", data={"csrf_token": "x"}, follow_redirects=False
    )
    assert response.status_code == 303
    assert esc.case(ticket).status == "baru"


def test_redirect_after_login_stays_on_site(client: TestClient) -> None:
    page = client.get("/login?next=//evil.example/x")
    response = client.post(
        "/login",
        data={
            "username": "admin",
            "password": ADMIN_PASSWORD,
            "csrf_token": csrf_of(page.text),
            "next": "//evil.example/x",
        },
        follow_redirects=False,
    )
    assert response.headers["location"] == "/queue"


def test_login_page_explains_how_to_create_the_admin(tmp_path, clock: FakeClock) -> None:
    settings = make_settings(f"sqlite:///{tmp_path}/p.db", tmp_path / "var", admin_password=None)
    esc = Escalation(
        settings.database_url, evidence_dir=settings.evidence_dir, secret=settings.sender_secret()
    )
    prepare(settings, esc)
    try:
        assert esc.console_accounts() == []
        with TestClient(create_app(settings, esc, clock=clock)) as client:
            page = client.get("/login")
        assert "OFFICER_CONSOLE_ADMIN_PASSWORD" in page.text
    finally:
        esc.close()


def test_admin_password_from_environment_is_applied_at_start(
    settings, esc: Escalation, client: TestClient
) -> None:
    prepare(settings.model_copy(update={"admin_password": SecretStr("a-new-admin-password")}), esc)
    assert _post_login(client, "admin", ADMIN_PASSWORD).status_code == 401
    assert _post_login(client, "admin", "a-new-admin-password").status_code == 303


@pytest.mark.parametrize("header", ["Content-Security-Policy", "X-Frame-Options"])
def test_security_headers(client: TestClient, header: str) -> None:
    assert header in client.get("/login").headers


def test_officer_sign_in_works_with_petugas_role(client: TestClient, esc: Escalation) -> None:
    esc.create_console_account("budi", OFFICER_PASSWORD, name="Budi", officer_id="test")
    sign_in(client, "budi", OFFICER_PASSWORD)
    assert "Budi" in client.get("/queue").text
