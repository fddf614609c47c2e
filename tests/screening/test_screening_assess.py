"""assess(): levels, robustness, hard legal cases, classifier fallback."""

from __future__ import annotations

import re
import time

import pytest

from screening import Assessment, assess
from screening import classifier as clf
from screening.assessment import assess_rules, rules_level

HARD_LEGAL = {
    "lpk_no_experience": "Tanpa pengalaman? Bisa. Pelatihan caregiver di LPK resmi sebelum berangkat ke Taiwan. PT Cahaya Mitra Sejahtera, SIP2MI No. 4512/2025.",
    "fast_with_sip2mi": "Proses cepat! Kilang makanan di Selangor, gaji RM1.700, visa kerja & PK sebelum berangkat. PT Bumi Karya Abadi, SIP2MI No. 1240/2025.",
    "zero_cost": "Bebas biaya penempatan sesuai Perban BP2MI 9/2020 untuk pengasuh lansia Hong Kong, gaji HK$4.990, tanpa potongan gaji, P3MI berizin SIP2MI.",
    "korea_operator": "Operator produksi pabrik di Korea lewat G to G. Ujian EPS-TOPIK, pendaftaran di SISKOP2MI, biaya ujian USD 28 lewat bank.",
    "japan_operator": "Operator produksi Jepang (SSW manufaktur), lulus JFT-Basic, lowongan IPKOL, PT Hikari Karya Nusantara (SIP3MI), gaji ¥210.000.",
    "saudi_spsk": "Lowongan Saudi jalur SPSK: baby sitter & housekeeper, majikan syarikah, hanya P3MI yang ditunjuk Kemnaker, kontrak 2 tahun, BPJS.",
    "eps_notice": "PENGUMUMAN KP2MI: pendaftaran EPS-TOPIK G to G Korea dibuka di siskop2mi.bp2mi.go.id. Waspada calo yang menjanjikan pasti lolos.",
    "taiwan_caregiver_fee": "Caregiver Taiwan, gaji NT$ 20.000. Biaya penempatan maksimal Rp9.622.000 + NT$20.000 sesuai Kepka BP2MI 50/2023. PT Medika Bakti Insani, SIP2MI 4520/2025.",
    "hk_fdh": "Helper Hong Kong, gaji HK$4,990 + food allowance, libur tiap Minggu, kontrak 2 tahun. PT Anugerah Bintang Timur, SIP2MI 2260/2025.",
    "malaysia_ocs": "PLRT Malaysia melalui One Channel System (OCS), gaji RM1.500 lewat bank, biaya ditanggung majikan, P3MI PT Arunika Putra Mandiri (SIP3MI).",
}


@pytest.mark.parametrize("name", sorted(HARD_LEGAL))
@pytest.mark.parametrize("use_classifier", [False, True])
def test_hard_legal_cases_are_not_tinggi(name: str, use_classifier: bool) -> None:
    a = assess(HARD_LEGAL[name], use_classifier=use_classifier)
    assert a.level != "TINGGI", [(f.code, f.evidence) for f in a.flags]


@pytest.mark.parametrize(
    "text",
    [
        "LOWONGAN ADMIN KAMBOJA gaji $1200, tiket ditanggung bos, berangkat pakai visa turis. Japri 0812-0000-1234",
        "Dicari ART ke Arab Saudi gaji 7jt, paspor dipegang agen, biaya 5 juta potong gaji 6 bulan.",
        "Kerja Malaysia lewat Batam naik speedboat, umur 17 bisa, jangan bilang keluarga.",
    ],
)
@pytest.mark.parametrize("use_classifier", [False, True])
def test_clear_trafficking_is_tinggi(text: str, use_classifier: bool) -> None:
    a = assess(text, use_classifier=use_classifier)
    assert a.level == "TINGGI"
    assert 0.0 <= a.score <= 1.0
    assert a.flags and all(f.evidence or f.code == "no_company_licence" for f in a.flags)


@pytest.mark.parametrize("text", ["", "   \n\t ", "😀🙏🔥✈️", "ok", "\u200b\u200b", None])
def test_empty_or_emoji_only_text_is_rendah_without_flags(text: str | None) -> None:
    a = assess(text)  # type: ignore[arg-type]
    assert isinstance(a, Assessment)
    assert a.level == "RENDAH" and a.flags == [] and not a.emergency
    assert a.enough_text is False


def test_long_pasted_offer_is_fast_and_keeps_evidence() -> None:
    block = "Info loker luar negeri 🔥 pabrik, gaji besar, mess gratis, proses mudah. "
    text = (block * 60)[:3900] + " Kerja admin di Kamboja, berangkat pakai visa turis."
    assert len(text) > 3900
    start = time.perf_counter()
    a = assess(text, use_classifier=False)
    assert (time.perf_counter() - start) < 0.5
    assert a.level == "TINGGI"
    assert any(f.code == "non_work_visa" and "visa turis" in f.evidence for f in a.flags)


def test_emergency_is_set_for_someone_already_in_danger() -> None:
    a = assess(
        "Paspor saya ditahan majikan di Riyadh, gaji 5 bulan belum dibayar, saya dikunci di rumah."
    )
    assert a.emergency
    offer = assess("Lowongan ART ke Dubai gaji 8 juta, paspor dipegang agen selama kontrak.")
    assert not offer.emergency


def test_missing_lists_legal_elements_not_mentioned() -> None:
    a = assess("Kerja pabrik Malaysia gaji RM1800, hubungi 0812-0000-1515", use_classifier=False)
    assert any("visa kerja" in m for m in a.missing)
    assert any("PK" in m for m in a.missing)
    legal = assess(HARD_LEGAL["fast_with_sip2mi"], use_classifier=False)
    assert not any("visa kerja" in m for m in legal.missing)


def test_rules_alone_decide_when_classifier_unavailable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(clf._state, "loaded", True)
    monkeypatch.setitem(clf._state, "model", None)
    a = assess("Lowongan CS Kamboja gaji 15jt, tanpa pengalaman, berangkat minggu depan.")
    assert a.classifier_probability is None
    assert a.level == rules_level(
        assess_rules("Lowongan CS Kamboja gaji 15jt, tanpa pengalaman, berangkat minggu depan.")
    )


def test_classifier_trains_in_process_when_model_file_missing(
    tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    model = clf.load_or_train(tmp_path / "model.joblib", clf.DEFAULT_DATA_DIR)
    assert model is not None and (tmp_path / "model.joblib").is_file()
    probs = model.predict_proba("lowongan admin kamboja visa turis gaji 1500 usd")
    assert set(probs) == {"TINGGI", "SEDANG", "RENDAH"}
    assert abs(sum(probs.values()) - 1) < 1e-6
    reloaded = clf.load_or_train(tmp_path / "model.joblib", clf.DEFAULT_DATA_DIR)
    assert reloaded is not None and reloaded.data_hash == model.data_hash


def test_flag_codes_are_stable_snake_case() -> None:
    a = assess(
        "Korea tanpa tes EPS, pasti lolos, DP 10 juta ke rekening a.n. Budi Santoso",
        use_classifier=False,
    )
    assert a.flags
    assert all(re.fullmatch(r"[a-z_]+", f.code) for f in a.flags)


def test_people_offered_like_goods_is_high_risk_unless_it_is_a_warning() -> None:
    flagged = assess("INDONESIAN MAIDS NOW ON SALE!!! 40% discount fast & easy, ready stock, call now")
    assert flagged.level == "TINGGI" and "people_for_sale" in {f.code for f in flagged.flags}
    warned = assess('Waspada: iklan "maid for sale" di Malaysia adalah perdagangan orang')
    assert "people_for_sale" not in {f.code for f in warned.flags}
    assert "people_for_sale" not in {f.code for f in assess("Dijual rumah tipe 36, cocok untuk TKW").flags}


def test_a_passport_made_without_immigration_or_the_embassy_is_high_risk() -> None:
    a = assess("Program pemutihan: permit kerja kamu bisa kami uruskan walaupun sekarang PATI. Bayar ke "
               "agen kami beberapa ribu ringgit, paspor baru juga bisa dibuatkan tanpa ke KBRI.")
    assert a.level == "TINGGI" and "passport_without_authority" in {f.code for f in a.flags}
    advice = assess("Paspor dibuat di kantor imigrasi. Jangan percaya paspor yang dibuatkan tanpa ke imigrasi.")
    assert advice.level != "TINGGI"


def test_no_passport_needed_in_ambon_and_palembang_words() -> None:
    for text in ("Cari ABK kapal ikan, jemput di Bitung, seng usah paspor dolo, gaji 18 jt",
                 "kerjo ladang malaysia, dak perlu paspor, bayar 5jt ke dio"):
        assert "irregular_route" in {f.code for f in assess(text).flags}, text
