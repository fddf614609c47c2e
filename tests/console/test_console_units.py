"""Pure parts of the console: working-day deadlines, overview figures, CSV cells."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from console.deadlines import add_working_days, deadline_of
from console.exports import safe_cell
from console.overview import build
from escalation import OPEN_STATUSES, CaseSummary

WIB = ZoneInfo("Asia/Jakarta")
MONDAY = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)  # 09:00 WIB
FRIDAY = MONDAY + timedelta(days=4)


@pytest.mark.parametrize(
    ("start", "days", "expected_weekday"),
    [(MONDAY, 3, 3), (FRIDAY, 1, 0), (FRIDAY, 3, 2), (FRIDAY + timedelta(days=1), 1, 0)],
)
def test_add_working_days_skips_weekends(start: datetime, days: int, expected_weekday: int) -> None:
    assert add_working_days(start, days, WIB).weekday() == expected_weekday


def test_deadline_labels() -> None:
    assert deadline_of(MONDAY, None, MONDAY, 3, WIB).label == "sisa 3 hari"
    assert (
        deadline_of(MONDAY, None, MONDAY + timedelta(days=3), 3, WIB).label
        == "jatuh tempo hari ini"
    )
    late = deadline_of(MONDAY, None, MONDAY + timedelta(days=5), 3, WIB)
    assert late.overdue and late.label == "terlambat 2 hari"
    answered = deadline_of(MONDAY, MONDAY + timedelta(hours=2), MONDAY + timedelta(days=9), 3, WIB)
    assert answered.answered and not answered.overdue


def _case(ticket: str, created: datetime, **kw: object) -> CaseSummary:
    fields: dict[str, object] = dict(
        ticket=ticket,
        status="baru",
        urgent=False,
        in_danger=False,
        minor=False,
        created_at=created,
        updated_at=created,
        closed_at=None,
        first_response_at=None,
        assigned_officer=None,
        forwarded_to=None,
        recruiter_name=None,
        company=None,
        kabupaten="Indramayu",
        destination_country="Taiwan",
        screening_level=None,
        screening_flags=[],
        evidence_count=0,
        wiped=False,
    )
    fields.update(kw)
    return CaseSummary(**fields)  # type: ignore[arg-type]


def test_overview_counts() -> None:
    cases = [
        _case(
            "a",
            MONDAY,
            screening_flags=["biaya_tinggi"],
            first_response_at=MONDAY + timedelta(hours=3),
        ),
        _case(
            "b", MONDAY + timedelta(days=8), kabupaten=None, screening_flags=["biaya_tinggi", "x"]
        ),
        _case(
            "c",
            MONDAY + timedelta(days=8),
            status="selesai",
            urgent=True,
            first_response_at=MONDAY + timedelta(days=12),
        ),
    ]
    data = build(cases, date(2026, 3, 1), date(2026, 3, 15), WIB, OPEN_STATUSES)
    assert (data.total, data.open, data.urgent) == (3, 2, 1)
    assert [b.count for b in data.per_week] == [0, 1, 2]
    assert {b.label: b.count for b in data.by_kabupaten} == {"Indramayu": 2, "(tidak diisi)": 1}
    assert data.by_flag[0].label == "biaya tinggi" and data.by_flag[0].count == 2
    assert {b.label: b.count for b in data.response_time}["belum ditanggapi"] == 1
    assert data.median_response_hours is not None


@pytest.mark.parametrize("cell", ["=1+1", "+1", "-1", "@SUM(A1)"])
def test_formula_cells_are_defused(cell: str) -> None:
    assert safe_cell(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["ok;=HYPERLINK(\"http://x\")", "Pak Budi, +62 812; @cmd", "a\n=1+1"])
def test_a_formula_after_a_separator_inside_a_cell_is_defused(cell: str) -> None:
    import re

    cleaned = safe_cell(cell)
    for segment in re.split(r"[;,\n]", cleaned):
        assert not segment.strip().startswith(("=", "+", "-", "@")), segment


def test_every_exported_cell_is_quoted_so_a_semicolon_never_starts_a_new_cell() -> None:
    from console.exports import _csv

    text = _csv(("a", "b"), [("x;y", "z")])
    assert '"x;y"' in text and '"z"' in text and '"a"' in text
