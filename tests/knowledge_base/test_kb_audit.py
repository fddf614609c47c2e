"""Each finding of the guidance audit (issue 12), fixed and kept fixed."""

from __future__ import annotations

import re

import pytest

from knowledge_base.articles import load_articles
from knowledge_base.check import phone_like
from knowledge_base.knowledge import load_contacts

ARTICLES = {a.article_id: a for a in load_articles()}
PASSAGES = {p.passage_id: p for a in ARTICLES.values() for p in a.passages}


def body(passage_id: str) -> str:
    return PASSAGES[passage_id].body


def article_text(article_id: str) -> str:
    return "\n".join(p.body for p in ARTICLES[article_id].passages)


def test_korea_asks_never_more_than_five_years_in_korea_not_earlier_work() -> None:
    text = article_text("negara-korea-selatan")
    assert "kurang dari lima tahun" not in text
    assert "lebih dari lima tahun" in text


def test_zero_cost_passages_say_it_depends_on_the_country_and_taiwan_differs() -> None:
    for passage in PASSAGES.values():
        if re.search(r"sepuluh jabatan|10 jabatan", passage.body) and re.search(
                r"tidak (?:boleh|dapat) (?:di)?(?:bebankan|dibebani|dipungut)", passage.body):
            assert re.search(r"negara", passage.body), passage.passage_id
    assert "Taiwan" in article_text("biaya-penempatan-nol")
    taiwan = article_text("negara-taiwan")
    assert "sumber berbeda" in taiwan.lower() or "berbeda" in taiwan.lower()


def test_the_middle_east_moratorium_is_stated_with_its_uncertainty() -> None:
    for passage in ARTICLES["negara-timur-tengah"].passages:
        if "moratorium" in passage.body.lower():
            assert re.search(r"belum pasti|belum dapat dipastikan", passage.body), passage.passage_id
    assert "SPSK" in article_text("negara-timur-tengah") or "satu kanal" in article_text(
        "negara-timur-tengah").lower()


def test_hong_kong_minimum_wage_is_the_2025_figure_and_the_old_one_only_with_its_date() -> None:
    assert "HK$5.100" in article_text("negara-hong-kong")
    for passage in PASSAGES.values():
        if re.search(r"HK\$\s?4[.,]990", passage.body):
            assert "30 September 2025" in passage.body, passage.passage_id


def test_singapore_rest_day_cannot_be_paid_off() -> None:
    text = " ".join(p.body for p in PASSAGES.values() if "Singapura" in p.body)
    assert re.search(r"tidak (?:bisa|boleh|dapat) (?:di)?ganti(?:kan)? (?:dengan )?uang", text)


def test_malaysia_names_the_mou_wage_beside_the_national_minimum() -> None:
    text = article_text("negara-malaysia")
    assert "RM1.500" in text and "RM1.700" in text


def test_registration_points_to_siskop2mi_not_only_siapkerja() -> None:
    for passage in PASSAGES.values():
        if "SIAPkerja" in passage.body:
            assert "SISKOP2MI" in passage.body, passage.passage_id
    siapkerja = next(c for c in load_contacts() if c["id"] == "siapkerja")
    assert "SISKOP2MI" in siapkerja["name"] or "diganti" in siapkerja["name"].lower()


def test_complaint_channels_list_the_whatsapp_number_with_its_caveat() -> None:
    whatsapp = next(str(c["value"]) for c in load_contacts() if c["id"] == "kp2mi_whatsapp")
    holders = [p for p in PASSAGES.values() if whatsapp in p.body]
    assert len(holders) >= 2
    for passage in holders:
        assert re.search(r"satu sumber|sumber media|belum", passage.body), passage.passage_id


def test_migran_aman_is_a_trusted_contact() -> None:
    row = next(c for c in load_contacts() if "migran" in c["id"] and "aman" in c["id"])
    assert str(row["confidence"]).upper() in ("HIGH", "MED-HIGH", "MED")


def test_cambodia_and_myanmar_are_refused_and_reported_not_asked_about() -> None:
    text = article_text("negara-kamboja-myanmar")
    assert not re.search(r"tanya(?:kan)? dulu", text)
    assert "bukan negara penempatan" in text.lower()
    assert "lapor" in text.lower()


def test_claims_without_a_source_are_gone_or_sourced() -> None:
    everything = "\n".join(p.body for p in PASSAGES.values())
    assert "berkat laporan keluarga" not in everything
    if "kenaikan iuran" in everything:
        from pathlib import Path

        notes = Path(__file__).resolve().parents[2] / "knowledge_base" / "notes"
        assert "indonesiakini.go.id" in (notes / "audit-2026-12.md").read_text("utf-8")


def test_rights_are_told_in_short_sentences_and_missions_two_numbers_at_a_time() -> None:
    for passage in ARTICLES["hak-informasi-perlindungan"].passages:
        for sentence in re.split(r"(?<=[.!?])\s+", passage.body):
            assert sentence.count(",") <= 6, sentence[:80]
    for passage in ARTICLES["bantuan-perwakilan-ri"].passages:
        assert len(phone_like(passage.body)) <= 2, passage.passage_id


@pytest.mark.parametrize("passage_id", sorted(PASSAGES))
def test_every_passage_speaks_to_the_reader(passage_id: str) -> None:
    assert re.search(r"\bAnda\b", body(passage_id)), passage_id


def test_an_article_is_as_fresh_as_its_newest_passage() -> None:
    for article in ARTICLES.values():
        assert article.verified[:7] == max(p.dated for p in article.passages), article.article_id
