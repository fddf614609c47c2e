"""`make kb-check`: each check finds its problem in a small article set, and the real
articles and contacts are clean."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge_base.articles import parse_article
from knowledge_base.check import check

FACTS = """
hedges: [belum pasti, sumber berbeda]
facts:
  - key: fee_cap
    pattern: "9[.,]622[.,]000"
    hedge: true
    note: conflict
  - key: hk_wage
    pattern: "upah minimum[^.]{0,40}?HK\\\\$\\\\s?(\\\\d[\\\\d.,]*\\\\d)"
"""
CONTACTS = [{"id": "kp2mi_hotline", "kind": "phone", "value": "0800-1000", "verified": "2026-11",
             "confidence": "MED-HIGH"}]


def article(tmp_path: Path, name: str, body: str, sources: str = '["UU 18/2017", "KDEI Taipei"]'):
    text = (f"---\nid: {name}\ntitle: T\ntopic: biaya\ncountries: []\nsources: {sources}\n"
            f"confidence: MED\nverified: 2026-11\n---\n{body}")
    path = tmp_path / f"{name}.md"
    path.write_text(text, encoding="utf-8")
    return parse_article(path)


def passage(answer: str, dated: str = "Dated: 2025-03; review_by: 2027-06",
            source: str = "Sumber: UU 18/2017 Pasal 30.") -> str:
    return f"## Pertanyaan?\n{answer}\n{dated}\n{source}\n\n"


@pytest.fixture()
def facts(tmp_path: Path) -> Path:
    path = tmp_path / "facts.yml"
    path.write_text(FACTS, encoding="utf-8")
    return path


def run(tmp_path, facts, *bodies, today="2026-12"):
    articles = [article(tmp_path, f"a{i}", body) for i, body in enumerate(bodies)]
    return check(articles, CONTACTS, today=today, facts_file=facts)


def test_a_clean_set_is_clean(tmp_path, facts) -> None:
    report = run(tmp_path, facts, passage("Hubungi 0800-1000. Biaya Rp9.622.000, sumber berbeda."))
    assert report.clean, report.problems()


def test_undated_and_overdue_passages(tmp_path, facts) -> None:
    report = run(tmp_path, facts, passage("Tidak boleh.", dated="")
                 + passage("Boleh.", dated="Dated: 2024-01; review_by: 2026-06"))
    assert report.undated == ["a0#1"]
    assert report.overdue == ["a0#2: review_by 2026-06"]


def test_a_doubtful_fact_without_a_hedge(tmp_path, facts) -> None:
    report = run(tmp_path, facts, passage("Biaya paling banyak Rp9.622.000."))
    assert report.unhedged == ["a0#1: fee_cap (conflict)"]


def test_one_fact_with_two_values(tmp_path, facts) -> None:
    report = run(tmp_path, facts, passage("Upah minimum di Hong Kong HK$5,100 sebulan."),
                 passage("Upah minimum pembantu HK$4.990 per bulan."))
    assert report.conflicting and "hk_wage" in report.conflicting[0]
    assert "a0#1" in report.conflicting[0] and "a1#1" in report.conflicting[0]


def test_a_number_not_in_contacts(tmp_path, facts) -> None:
    report = run(tmp_path, facts, passage("Hubungi 0812-3456-7890 sekarang."))
    assert report.unknown_numbers == ["a0#1: 0812-3456-7890"]


def test_a_source_item_that_names_nothing_listed(tmp_path, facts) -> None:
    report = run(tmp_path, facts,
                 passage("Tidak boleh.", source="Sumber: UU 18/2017 Pasal 69; laporan media (2025)."),
                 passage("Boleh.", source="Sumber: KDEI Taipei (2024); Perban BP2MI 9/2020."))
    assert report.dangling_sources == ["a0#1: 'laporan media (2025)'",
                                       "a1#1: 'Perban BP2MI 9/2020'"]


def test_a_contact_checked_more_than_a_year_ago(tmp_path, facts) -> None:
    report = check([], [{**CONTACTS[0], "verified": "2025-10"}], today="2026-12",
                   facts_file=facts)
    assert report.stale_contacts == ["kp2mi_hotline: verified 2025-10"]


def test_the_real_articles_and_contacts_are_clean() -> None:
    report = check()
    assert report.clean, report.problems()
