"""Fuzzing the console with hypothesis: every POST form and every page that reads a query string
gets odd values (unicode, control characters, huge strings, numbers out of range, impossible
dates, missing and duplicated fields) with a valid CSRF token, signed in as a petugas and as an
administrator.

Whatever arrives, the console answers below 500, pages are HTML (the kind error page when
something is wrong), the session and the queue still work, and no case changes status unless
the form that asked for it was accepted.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from urllib.parse import quote, urlencode

import pytest
from console_helpers import (
    ADMIN_PASSWORD,
    OFFICER_PASSWORD,
    PDF,
    PNG,
    csrf_of,
    make_draft,
    sign_in,
)
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, assume, example, given
from hypothesis import settings as fuzz_settings
from hypothesis import strategies as st

from escalation import Escalation, reporter_key

REPORTER = reporter_key(4243, b"console-test-secret-0123456789abcdef")
# Hypothesis warns when it prints a huge generated value (only ever on a failure's report).
pytestmark = pytest.mark.filterwarnings("ignore:Generating overly large repr")


def _fuzz(examples: int) -> Callable:
    # The fixtures (database, app, signed-in client) are set up once per test and shared by its
    # examples on purpose: state left by one example is part of what the next one meets.
    # CONSOLE_FUZZ_SCALE=20 runs twenty times as many examples (a longer hunt, by hand).
    return fuzz_settings(
        max_examples=examples * int(os.environ.get("CONSOLE_FUZZ_SCALE", "1")),
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


# ----------------------------------------------------------------- values

_ANY_TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)
_CONTROL = st.text(
    st.characters(max_codepoint=0x1F) | st.sampled_from("\x7f\x85\u200b\u2028\u202e\ufeff"),
    min_size=1,
    max_size=8,
)


def _huge(*sizes: int) -> st.SearchStrategy[str]:
    return st.builds(
        lambda unit, size: (unit * size)[:size],
        st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=3),
        st.sampled_from(sizes),
    )


_NUMBER = st.integers(min_value=-(2**80), max_value=2**80).map(str) | st.sampled_from(
    ["0", "-1", "2147483648", "9223372036854775807", "9223372036854775808", "1e999", "NaN",
     "0x10", "١٢٣", "99999999999999999999", "-9223372036854775809"]
)
_DATE = st.dates().map(date.isoformat) | st.sampled_from(
    ["9999-12-31", "0000-00-00", "0001-01-01", "2026-02-30", "2026-13-01", "1999-12-31",
     "2100-12-31", "2101-01-01", "31/12/9999", "2026-03-02T25:00", "-2026-01-01", ""]
)
# Form bodies go up to the console's limit and past it (413); URLs only to a few kB, as the test
# client (like any HTTP server) refuses longer ones before the console sees them.
VALUE = st.one_of(_ANY_TEXT, _CONTROL, _huge(300, 4_001, 70_000, 300_000), _NUMBER, _DATE)
URL_VALUE = st.one_of(_ANY_TEXT, _CONTROL, _huge(300, 1_500), _NUMBER, _DATE)
MAX_URL = 60_000


def field(*meaningful: str, url: bool = False) -> st.SearchStrategy[list[str]]:
    """A form field or query parameter: once (half of the time), missing, or duplicated; its
    value a meaningful one two times in three, so that odd values meet otherwise valid forms."""
    value = URL_VALUE if url else VALUE
    if meaningful:
        value = st.one_of(st.sampled_from(meaningful), st.sampled_from(meaningful), value)
    once = value.map(lambda v: [v])
    return st.one_of(once, once, st.just([]), st.lists(value, min_size=2, max_size=3))


def param(*meaningful: str) -> st.SearchStrategy[list[str]]:
    return field(*meaningful, url=True)


def fields(**spec: st.SearchStrategy[list[str]]) -> st.SearchStrategy[list[tuple[str, str]]]:
    return st.fixed_dictionaries(spec).map(
        lambda chosen: [(name, value) for name, values in chosen.items() for value in values]
    )


def path_part(*meaningful: str) -> st.SearchStrategy[str]:
    known = st.sampled_from(meaningful)
    return st.one_of(known, known, URL_VALUE.filter(lambda v: 0 < len(v)))


# ----------------------------------------------------------------- fixtures and checks


@dataclass
class World:
    client: TestClient
    esc: Escalation
    csrf: str
    username: str
    password: str
    tickets: list[str]
    recruiter_ids: list[int]
    sha256: str

    def sign_in_again(self) -> None:
        self.csrf = sign_in(self.client, self.username, self.password)


@pytest.fixture(params=["petugas", "admin"])
def world(request: pytest.FixtureRequest, client: TestClient, esc: Escalation) -> World:
    """Two cases (one with evidence), a second officer account, and a signed-in client."""
    first = esc.file_report(
        make_draft(REPORTER, evidence=[(PNG, "image/png", "chat.png"), (PDF, "application/pdf", "k.pdf")]),
        "fuzz-1",
    ).ticket
    second = esc.file_report(make_draft(REPORTER, recruiter_contact="WA 0813 1111 2222"), "fuzz-2")
    esc.take(second.ticket, "test")
    recruiter_ids = list(esc.recruiter_lookup("0812 3456 7890").recruiter_ids)
    esc.create_console_account("lama", OFFICER_PASSWORD, name="Lama", officer_id="test")
    if request.param == "admin":
        username, password = "admin", ADMIN_PASSWORD
    else:
        esc.create_console_account("sari", OFFICER_PASSWORD, name="Sari", officer_id="test")
        username, password = "sari", OFFICER_PASSWORD
    csrf = sign_in(client, username, password)
    sha = esc.case(first).evidence[0].sha256
    return World(client, esc, csrf, username, password, [first, second.ticket], recruiter_ids, sha)


def _snapshot(world: World) -> dict[str, tuple[str, int]]:
    return {
        t: (card.status, len(card.history)) for t in world.tickets for card in [world.esc.case(t)]
    }


def check_answer(response, *, data: bool = False) -> None:
    """Below 500; HTML pages (the kind error page or the form with its error) unless ``data``."""
    status, text = response.status_code, response.text
    assert status < 500, (status, text[:300])
    kind = response.headers.get("content-type", "")
    if status in (301, 302, 303, 307, 308):
        location = response.headers["location"].removeprefix("http://testserver")
        assert location.startswith("/") and not location.startswith("//"), location
        return
    if status == 413:  # refused before parsing, see console/limits.py
        assert kind.startswith("text/plain") and "terlalu besar" in text
        return
    if data and status < 400:
        assert kind.startswith(("text/csv", "text/plain", "image/", "application/pdf")), kind
        return
    if data:
        assert kind.startswith(("text/plain", "text/html")), kind
        return
    assert kind.startswith("text/html"), (status, kind, text[:300])
    assert "<!doctype html>" in text[:100].lower()
    assert '{"detail"' not in text
    if status >= 400:
        assert 'role="alert"' in text or "Kembali ke antrean" in text, text[:500]


def assert_not_accepted(response) -> None:
    """An administrators' form sent by a petugas: 403, or refused earlier (413 or Starlette's 400
    for the body, Starlette's redirect or 404 for an odd path), never done."""
    assert response.status_code in (307, 400, 403, 404, 405, 413), response.status_code


def check_still_consistent(world: World, before: dict[str, tuple[str, int]]) -> None:
    """The session still works, the queue still loads, and nothing moved that should not."""
    queue = world.client.get("/queue", follow_redirects=False)
    assert queue.status_code == 200, queue.status_code
    assert csrf_of(queue.text) == world.csrf
    assert _snapshot(world) == before
    accounts = {a.username: a for a in world.esc.console_accounts()}
    assert accounts["admin"].active and accounts["admin"].role == "admin"
    assert accounts[world.username].active


def _post(world: World, path: str, pairs: list[tuple[str, str]]):
    body = urlencode([("csrf_token", world.csrf), *pairs])
    return world.client.post(
        path,
        content=body.encode(),
        headers={"content-type": "application/x-www-form-urlencoded"},
        follow_redirects=False,
    )


# ----------------------------------------------------------------- GET pages


def _get_pages(world: World) -> st.SearchStrategy[tuple[str, list[tuple[str, str]], bool]]:
    ticket = path_part(*world.tickets, "LAP-2026-99999", "lap-2026-00001")
    recruiter = path_part(*map(str, world.recruiter_ids), "0", "-1", "9223372036854775808")
    sha = path_part(world.sha256, world.sha256.upper(), "0" * 64)
    queue_params = fields(
        status=param("terbuka", "semua", "baru", "ditangani", "selesai"),
        urgent=param("1", "0"),
        kabupaten=param("Indramayu"),
        negara=param("Taiwan"),
        perekrut=param("Budi", "0812 3456 7890"),
        dari=param(),
        sampai=param(),
        q=param("Budi", "LAP-2026"),
    )
    ok = fields(ok=param("take", "dibuat", "1"))
    return st.one_of(
        st.tuples(st.just("/queue"), queue_params, st.just(False)),
        st.tuples(st.just("/queue.csv"), queue_params, st.just(True)),
        st.tuples(st.just("/overview"), fields(dari=param(), sampai=param()), st.just(False)),
        st.tuples(st.just("/recruiters"), fields(q=param("Budi", "PT Maju Jaya")), st.just(False)),
        st.tuples(recruiter.map(lambda r: f"/recruiters/{quote(r, safe='')}"), ok, st.just(False)),
        st.tuples(ticket.map(lambda t: f"/cases/{quote(t, safe='')}"), ok, st.just(False)),
        st.tuples(
            st.tuples(ticket, sha).map(
                lambda p: f"/cases/{quote(p[0], safe='')}/evidence/{quote(p[1], safe='')}"
            ),
            fields(download=param("1")),
            st.just(True),
        ),
        st.tuples(
            ticket.map(lambda t: f"/cases/{quote(t, safe='')}/audit.csv"), ok, st.just(True)
        ),
        st.tuples(st.just("/admin/officers"), ok, st.just(False)),
        st.tuples(st.just("/admin/p3mi"), ok, st.just(False)),
        st.tuples(st.just("/login"), fields(next=param("/queue", "//evil.example"),
                                            keluar=param("1")), st.just(False)),
    )


def test_get_pages_with_odd_query_strings(world: World) -> None:
    before = _snapshot(world)

    @_fuzz(30)
    @given(page=_get_pages(world))
    # What the fuzzer found (500s before the fix), kept as fixed cases:
    @example(page=("/overview", [("sampai", "9999-12-31")], False))  # date overflow
    @example(page=("/overview", [("sampai", "0001-01-01")], False))
    @example(page=("/overview", [("dari", "0000-00-00"), ("sampai", "9999-12-30")], False))
    @example(page=("/recruiters/2147483648", [], False))  # over PostgreSQL's INTEGER
    @example(page=("/recruiters/9223372036854775808", [], False))  # over SQLite's INTEGER
    @example(page=("/queue", [("q", "\x00")], False))  # PostgreSQL refuses NUL
    @example(page=("/queue.csv", [("kabupaten", "a\x00b")], True))
    @example(page=("/recruiters", [("q", "PT\x00Maju")], False))
    @example(page=("/cases/LAP-2026%0000001", [], False))
    @example(page=("/recruiters/", [], False))  # a Starlette redirect, not a page of ours
    @example(page=("/cases/x/evidence/", [], False))  # Starlette's 404: the kind page too
    def run(page: tuple[str, list[tuple[str, str]], bool]) -> None:
        path, params, data = page
        url = path + ("?" + urlencode(params) if params else "")
        assume(len(url) < MAX_URL)
        check_answer(world.client.get(url, follow_redirects=False), data=data)
        check_still_consistent(world, before)

    run()


# ----------------------------------------------------------------- POST forms


def test_case_actions_with_odd_forms(world: World) -> None:
    @_fuzz(30)
    @given(
        ticket=path_part(*world.tickets, "LAP-2026-99999"),
        action=path_part("take", "ask_info", "forward", "resolve", "reject", "reply", "lapor"),
        form=fields(note=field("Mohon kirim foto kontrak."), to=field("polisi", "kp2mi", "x")),
    )
    @example(ticket="LAP-2026-00001\x00", action="take", form=[])
    @example(ticket="LAP-2026-00001", action="ask_info", form=[("note", "Siapa\x00?")])
    def run(ticket: str, action: str, form: list[tuple[str, str]]) -> None:
        before = _snapshot(world)
        response = _post(world, f"/cases/{quote(ticket, safe='')}/{quote(action, safe='')}", form)
        check_answer(response)
        after = _snapshot(world)
        if response.status_code == 303 and ticket in world.tickets:
            before[ticket] = after[ticket]  # the one change a valid form may make
        else:
            assert after == before
        check_still_consistent(world, after)

    run()


def test_recruiter_verdict_with_odd_forms(world: World) -> None:
    before = _snapshot(world)

    @_fuzz(20)
    @given(
        recruiter=path_part(*map(str, world.recruiter_ids), "0", "99999999999999999999"),
        form=fields(verified=field("1", "0"), note=field("Terverifikasi di lapangan.")),
    )
    @example(recruiter="2147483648", form=[("verified", "1"), ("note", "Terverifikasi.")])
    @example(recruiter="1", form=[("verified", "1"), ("note", "Catatan\x00")])
    def run(recruiter: str, form: list[tuple[str, str]]) -> None:
        response = _post(world, f"/recruiters/{quote(recruiter, safe='')}/verdict", form)
        check_answer(response)
        check_still_consistent(world, before)

    run()


def test_new_officer_form_with_odd_values(world: World) -> None:
    before = _snapshot(world)

    @_fuzz(25)
    @given(
        form=fields(
            username=field("budi", "ADMIN", "lama", "a"),
            name=field("Budi Petugas"),
            password=field("kata-sandi-baru-123", "pendek"),
            role=field("petugas", "admin"),
            telegram_user_id=field("123456789", "-5", "99999999999999999999"),
        )
    )
    @example(
        form=[("username", "budi"), ("name", "Budi"), ("password", "kata-sandi-baru-123"),
              ("telegram_user_id", "99999999999999999999")]  # over BIGINT
    )
    @example(
        form=[("username", "budi2"), ("name", "Budi\x00"), ("password", "kata-sandi-baru-123"),
              ("telegram_user_id", "²")]  # int() refuses it with an English message
    )
    def run(form: list[tuple[str, str]]) -> None:
        response = _post(world, "/admin/officers", form)
        check_answer(response)
        if world.username != "admin":
            assert_not_accepted(response)
        check_still_consistent(world, before)

    run()


def test_officer_changes_with_odd_values(world: World) -> None:
    before = _snapshot(world)

    @_fuzz(30)
    @given(
        username=path_part("lama", "LAMA", "admin", "ADMIN", " admin", "sari", "Sari", "tidak-ada"),
        form=fields(
            change=field("telegram", "password", "role", "deactivate", "activate"),
            telegram_user_id=field("123456789", "", "99999999999999999999"),
            password=field("kata-sandi-baru-123", "pendek"),
            role=field("petugas", "admin", "root"),
        ),
    )
    @example(username="ADMIN", form=[("change", "deactivate")])  # one's own account, upper case
    @example(username=" admin", form=[("change", "role"), ("role", "petugas")])
    @example(username="lama", form=[("change", "telegram"),
                                    ("telegram_user_id", "99999999999999999999")])
    @example(username="lama\x00", form=[("change", "activate")])
    def run(username: str, form: list[tuple[str, str]]) -> None:
        response = _post(world, f"/admin/officers/{quote(username, safe='')}", form)
        check_answer(response)
        if world.username != "admin":
            assert_not_accepted(response)
        own = username.strip().lower() == world.username
        changes = [value for name, value in form if name == "change"]
        if own and response.status_code == 303 and changes and changes[-1] == "password":
            # A new password of one's own account ends one's sessions, as it should.
            world.esc.ensure_console_admin(ADMIN_PASSWORD)
            world.sign_in_again()
        check_still_consistent(world, before)

    run()


def test_p3mi_import_with_odd_values(world: World) -> None:
    before = _snapshot(world)
    header = "nama_perusahaan,nomor_izin,berlaku_sampai\n"
    csv_body = st.one_of(
        st.binary(max_size=300),
        st.builds(
            lambda name, licence, valid: f"{header}{name},{licence},{valid}\n".encode(
                errors="replace"
            ),
            VALUE,
            VALUE,
            _DATE,
        ),
        st.builds(lambda cell: (header + cell + ",1,\n").encode(), st.just("x" * 200_000)),
        st.just(header.encode() + b"PT Maju\x00Jaya,1,2027-01-01\n"),
    )

    @_fuzz(20)
    @given(
        form=fields(source=field("BP2MI, bp2mi.go.id"), list_date=field("2026-01-15")),
        body=csv_body,
        filename=st.sampled_from(["p3mi.csv", "../../etc/passwd", "x\x00.csv", ""]),
    )
    @example(  # a cell over the csv module's field limit
        form=[("source", "BP2MI"), ("list_date", "2026-01-15")],
        body=(header + "x" * 200_000 + ",1,\n").encode(),
        filename="p3mi.csv",
    )
    @example(  # no file name: a plain field over Starlette's part limit (a JSON 400 before)
        form=[("source", "BP2MI"), ("list_date", "2026-01-15")],
        body=b"x" * 1_100_000,
        filename="",
    )
    @example(  # NUL in a cell: PostgreSQL cannot store it
        form=[("source", "BP2MI\x00"), ("list_date", "9999-12-31")],
        body=header.encode() + b"PT Maju\x00Jaya,1,2027-01-01\n",
        filename="p3mi.csv",
    )
    def run(form: list[tuple[str, str]], body: bytes, filename: str) -> None:
        values: dict[str, list[str]] = {"csrf_token": [world.csrf]}
        for name, value in form:
            values.setdefault(name, []).append(value)
        response = world.client.post(
            "/admin/p3mi",
            data=values,
            files={"file": (filename, body, "text/csv")},
            follow_redirects=False,
        )
        check_answer(response)
        if world.username != "admin":
            assert_not_accepted(response)
        check_still_consistent(world, before)

    run()


def test_login_form_with_odd_values(
    client: TestClient, esc: Escalation
) -> None:
    @_fuzz(20)
    @given(
        form=fields(
            username=field("admin", "ADMIN ", "nobody"),
            password=field(ADMIN_PASSWORD, "salah"),
            next=field("/queue", "//evil.example", "/cases/x"),
        )
    )
    def run(form: list[tuple[str, str]]) -> None:
        client.cookies.clear()
        page = client.get("/login")
        body = urlencode([("csrf_token", csrf_of(page.text)), *form])
        response = client.post(
            "/login",
            content=body.encode(),
            headers={"content-type": "application/x-www-form-urlencoded"},
            follow_redirects=False,
        )
        check_answer(response)
        assert response.status_code in (303, 401, 413, 429), response.status_code
        assert client.get("/login").status_code == 200

    run()
