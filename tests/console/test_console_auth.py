"""Sign-in, sessions, CSRF, roles: nothing shows case data without a valid session."""

from __future__ import annotations

import re
from types import SimpleNamespace

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
from starlette.requests import Request

from console import create_app, prepare
from console.web import client_address, request_is_secure
from escalation import Escalation, reporter_key

REPORTER = reporter_key(4242, b"console-test-secret-0123456789abcdef")


def _post_login(
    client: TestClient, username: str, password: str, headers: dict[str, str] | None = None
) -> object:
    page = client.get("/login", headers=headers)
    return client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": csrf_of(page.text)},
        headers=headers,
        follow_redirects=False,
    )


_ALERT = re.compile(r'role="alert">([^<]*)<')


def _answer(response) -> tuple[int, str]:
    """Status and error text of a sign-in answer (the page's CSRF token differs every time)."""
    match = _ALERT.search(response.text)
    return response.status_code, match.group(1) if match else ""


def _client_at(settings, esc: Escalation, clock: FakeClock, address: str, **kw) -> TestClient:
    """A client whose requests come from ``address`` (the TCP peer the app sees)."""
    return TestClient(create_app(settings, esc, clock=clock), client=(address, 40000), **kw)


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


def test_unknown_name_locks_exactly_like_a_real_one(
    client: TestClient, esc: Escalation
) -> None:
    esc.create_console_account("lama", OFFICER_PASSWORD, name="Lama", officer_id="test")
    esc.update_console_account("lama", officer_id="test", active=False)
    answers = {
        name: [_answer(_post_login(client, name, "wrong-password!")) for _ in range(6)]
        for name in ("admin", "nobody", "lama")
    }
    assert answers["admin"] == answers["nobody"] == answers["lama"]
    assert [status for status, _ in answers["nobody"]] == [401] * 4 + [429] * 2
    assert "dikunci" in answers["nobody"][-1][1]
    assert "Akun" not in answers["nobody"][-1][1]  # says nothing about an account existing
    # The right password at a locked key gets the very same answer.
    assert _answer(_post_login(client, "admin", ADMIN_PASSWORD)) == answers["nobody"][-1]
    assert _answer(_post_login(client, "lama", OFFICER_PASSWORD)) == answers["nobody"][-1]


def test_officer_signs_in_from_another_address_while_one_is_locked(
    settings, esc: Escalation, clock: FakeClock
) -> None:
    with _client_at(settings, esc, clock, "203.0.113.7") as attacker:
        for _ in range(5):
            _post_login(attacker, "admin", "wrong-password!")
        assert _post_login(attacker, "admin", ADMIN_PASSWORD).status_code == 429
        with _client_at(settings, esc, clock, "198.51.100.20") as officer:
            assert _post_login(officer, "admin", ADMIN_PASSWORD).status_code == 303
            assert officer.get("/queue").status_code == 200
        assert _post_login(attacker, "admin", ADMIN_PASSWORD).status_code == 429
        clock.advance(minutes=16)
        assert _post_login(attacker, "admin", ADMIN_PASSWORD).status_code == 303


def test_spraying_many_names_from_one_address_locks_the_address(
    settings, esc: Escalation, clock: FakeClock
) -> None:
    with _client_at(settings, esc, clock, "203.0.113.7") as sprayer:
        answers = [_post_login(sprayer, f"nama{i}", "Password123!").status_code for i in range(20)]
        assert answers == [401] * 19 + [429]  # 4 × 5 failures, one per name
        assert _post_login(sprayer, "admin", ADMIN_PASSWORD).status_code == 429
    with _client_at(settings, esc, clock, "198.51.100.20") as officer:
        assert _post_login(officer, "admin", ADMIN_PASSWORD).status_code == 303


def test_forwarded_for_is_only_trusted_from_a_listed_proxy(
    settings, esc: Escalation, clock: FakeClock
) -> None:
    proxied = settings.model_copy(update={"trusted_proxies_text": "10.0.0.1, 10.0.0.2"})
    attacker = {"X-Forwarded-For": "203.0.113.7"}
    with _client_at(proxied, esc, clock, "10.0.0.1") as proxy:
        for _ in range(5):
            _post_login(proxy, "admin", "wrong-password!", attacker)
        assert _post_login(proxy, "admin", ADMIN_PASSWORD, attacker).status_code == 429
        # What the client wrote left of the proxies' own entries does not help.
        forged = {"X-Forwarded-For": "198.51.100.20, 203.0.113.7, 10.0.0.2"}
        assert _post_login(proxy, "admin", ADMIN_PASSWORD, forged).status_code == 429
        officer = {"X-Forwarded-For": "198.51.100.20"}
        assert _post_login(proxy, "admin", ADMIN_PASSWORD, officer).status_code == 303
    # A peer that is not a listed proxy: its X-Forwarded-For is ignored.
    with _client_at(proxied, esc, clock, "192.0.2.50") as direct:
        for i in range(5):
            _post_login(direct, "admin", "wrong-password!", {"X-Forwarded-For": f"192.0.2.{i}"})
        other = {"X-Forwarded-For": "198.51.100.99"}
        assert _post_login(direct, "admin", ADMIN_PASSWORD, other).status_code == 429


def _request(settings, peer: str, headers: dict[str, str], scheme: str = "http") -> Request:
    console = SimpleNamespace(settings=settings)
    scope = {
        "type": "http",
        "method": "GET",
        "scheme": scheme,
        "path": "/login",
        "query_string": b"",
        "server": ("console", 8080),
        "client": (peer, 40000),
        "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()],
        "app": SimpleNamespace(state=SimpleNamespace(console=console)),
    }
    return Request(scope)


@pytest.mark.parametrize(
    ("trusted", "peer", "forwarded", "expected"),
    [
        ("", "10.0.0.1", "203.0.113.7", "10.0.0.1"),  # no proxies configured
        ("10.0.0.1", "10.0.0.1", "203.0.113.7", "203.0.113.7"),
        ("10.0.0.1", "192.0.2.50", "203.0.113.7", "192.0.2.50"),  # peer is not a proxy
        ("10.0.0.1,10.0.0.2", "10.0.0.1", "1.2.3.4, 203.0.113.7, 10.0.0.2", "203.0.113.7"),
        ("10.0.0.1", "10.0.0.1", "", "10.0.0.1"),  # proxy sent no header
        ("10.0.0.1", "10.0.0.1", "10.0.0.1", "10.0.0.1"),  # only proxies in the chain
        ("2001:db8::1", "2001:DB8:0::1", "2001:DB8::7", "2001:db8::7"),
    ],
)
def test_client_address(
    settings, trusted: str, peer: str, forwarded: str, expected: str
) -> None:
    configured = settings.model_copy(update={"trusted_proxies_text": trusted})
    headers = {"X-Forwarded-For": forwarded} if forwarded else {}
    assert client_address(_request(configured, peer, headers)) == expected


def _session_cookie(response) -> str:
    return next(
        c for c in response.headers.get_list("set-cookie") if c.startswith("pandu_console_session=")
    )


def test_hsts_and_secure_cookie_on_https(settings, esc: Escalation, clock: FakeClock) -> None:
    with TestClient(create_app(settings, esc, clock=clock), base_url="https://testserver") as tls:
        assert tls.get("/login").headers["Strict-Transport-Security"] == "max-age=31536000"
        assert "Secure" in _session_cookie(_post_login(tls, "admin", ADMIN_PASSWORD))


def test_no_hsts_on_plain_http(client: TestClient) -> None:
    assert "Strict-Transport-Security" not in client.get("/login").headers
    assert "Strict-Transport-Security" not in client.get("/healthz").headers


def test_forwarded_https_is_only_trusted_from_a_listed_proxy(
    settings, esc: Escalation, clock: FakeClock
) -> None:
    proxied = settings.model_copy(update={"trusted_proxies_text": "10.0.0.1"})
    https = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "198.51.100.20"}
    with _client_at(proxied, esc, clock, "10.0.0.1") as proxy:
        page = proxy.get("/login", headers=https)
        assert page.headers["Strict-Transport-Security"] == "max-age=31536000"
        assert "Secure" in page.headers["set-cookie"]  # the sign-in form's CSRF cookie
        plain = proxy.get("/login", headers={"X-Forwarded-Proto": "http"})
        assert "Strict-Transport-Security" not in plain.headers
    with _client_at(proxied, esc, clock, "192.0.2.50") as direct:
        assert "Strict-Transport-Security" not in direct.get("/login", headers=https).headers
        assert "Secure" not in _session_cookie(_post_login(direct, "admin", ADMIN_PASSWORD, https))


@pytest.mark.parametrize(
    ("peer", "proto", "secure"),
    [
        ("10.0.0.1", "https", True),
        ("10.0.0.1", "HTTPS", True),
        ("10.0.0.1", "http", False),
        ("10.0.0.1", "https, http", False),  # the right-most value is the proxy's
        ("192.0.2.50", "https", False),
    ],
)
def test_request_is_secure_behind_a_proxy(settings, peer: str, proto: str, secure: bool) -> None:
    configured = settings.model_copy(update={"trusted_proxies_text": "10.0.0.1"})
    request = _request(configured, peer, {"X-Forwarded-Proto": proto})
    assert request_is_secure(request) is secure


def test_cookie_secure_setting_still_wins(settings, esc: Escalation, clock: FakeClock) -> None:
    forced_off = settings.model_copy(
        update={"cookie_secure": False, "trusted_proxies_text": "10.0.0.1"}
    )
    with _client_at(forced_off, esc, clock, "10.0.0.1") as proxy:
        response = _post_login(proxy, "admin", ADMIN_PASSWORD, {"X-Forwarded-Proto": "https"})
        assert "Secure" not in _session_cookie(response)
