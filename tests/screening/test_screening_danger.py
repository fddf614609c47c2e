"""detect_danger(): now / unsure / none, with tense, negation and hypotheses."""

from __future__ import annotations

import pytest

from screening import detect_danger


@pytest.mark.parametrize("text", [
    "tolong saya dikurung majikan",
    "tulung aku dikunci majikan ra oleh metu",
    "adik saya disuruh nipu orang di kamboja, gak boleh pulang",
    "gw di kapal udh 2 hari gk dikasih makan",
    "temen gw dilecehin majikan, dia nangis gk berani keluar kamar",
    "malam ini ada mobil mau jemput anak tetangga umur 15 thn, mau dibawa ke malaysia",
    "gaji saya tidak dibayar 5 bulan, paspor ditahan agen",
])
def test_danger_now(text: str) -> None:
    assert detect_danger(text).level == "now"


@pytest.mark.parametrize("text", [
    "dulu saya pernah dikurung majikan, sekarang sudah pulang",
    "kalau paspor ditahan majikan harus bagaimana?",
])
def test_past_or_hypothetical_harm_is_unsure_not_now(text: str) -> None:
    assert detect_danger(text).level == "unsure"


def test_a_negated_harm_is_no_danger() -> None:
    assert detect_danger("supaya tidak dikurung agen, apa yang harus dicek?").level == "none"


@pytest.mark.parametrize("text", ["syarat kerja ke taiwan apa saja", "saya tidak dikurung", "", "🙂"])
def test_no_danger(text: str) -> None:
    assert detect_danger(text).level == "none"


# Session 2: a child on the move with a recruiter now, lost contact in transit, a boat in trouble,
# debt bondage; and the plans and questions that look like them but are not danger now.
@pytest.mark.parametrize("text", [
    "tulung cah wedok tanggaku umur 16 digowo sponsor wingi bengi, saiki neng terminal",
    "sponsor mau membawa anak perempuan 15 tahun ke Surabaya malam ini",
    "ponakan umur lima belas sekarang di bandara deng satu om yang kami sonde kenal",
    "ade nona sekarang di nunukan hp su mati, pesan terakhir cuma kaka tolong",
    "sepupu sy di kapal kecil ke tawau, dia tlp bilang air masuk",
    "dia ada utang lima belas juta jadi sonde boleh pulang sebelum lunas, pas port dong pegang",
    "keponakan saya sudah 10 jam di bandara istanbul, agen yang mau jemput nomornya nggak aktif",
])
def test_new_harm_cues_are_danger_now(text: str) -> None:
    assert detect_danger(text).now, text


@pytest.mark.parametrize("text", [
    "anak saya umur 19 mau daftar ke jepang, syaratnya apa?",
    "hp saya mati kemarin, nomor pengaduan bp2mi berapa?",
    "nomor sponsor saya tidak aktif, uang 5 juta saya bisa kembali?",
    "lowongan kapal pesiar gaji berapa?",
    "utang KUR untuk biaya berangkat boleh gak?",
    "ada ibu2 ngajak anak2 gadis kerja di Turki, berangkat rombongan lewat Jakarta. Yg diajak umur 16-19. Gmn ini",
])
def test_lookalikes_are_not_danger_now(text: str) -> None:
    assert not detect_danger(text).now, text


@pytest.mark.parametrize("text", [
    "putri kulo teng asrama PT mboten angsal medal, hp ne dipendet pengurus",          # Javanese krama
    "keponakan kulo umur 15 dijak calo, dalu niki badhe dibeta teng Batam",
    "majikan lanang sering nggerayangi adikku tiap malam, dia takut ngomong",
    "agennya mau bawa aku lewat darat ke Mae Sot, paspor aku dia yang pegang",
    "kami WNI terjebak di Myanmar, tolong pulangkan kami",
])
def test_danger_now_in_regional_and_everyday_words(text: str) -> None:
    assert detect_danger(text).now


@pytest.mark.parametrize("text", [
    "dulu saya pernah digerayangi majikan, sekarang sudah aman di rumah",
    "kalau nanti terjebak di Kamboja, harus hubungi siapa?",
])
def test_past_or_hypothetical_abuse_and_traps_are_not_danger_now(text: str) -> None:
    assert not detect_danger(text).now


@pytest.mark.parametrize("text", [
    "paspor ku dipegang agen dr awal dtg, aku gpp sih masih bisa day off, cm pengen tau itu boleh gk?",
    "gaji ku udh 2 bln blm dibayar, aku msh kerja biasa kok day off jg dikasih, makan jg dikasih",
    "Mbiyen paspore dicekel majikan 2 taun. Saiki wis ning umah, alhamdulillah sehat. Kudu ngadu ning endi?",
    "tetangga wis mulih, paspore dicekel agen setaun, saiki piye carane njaluk gaji sing durung dibayar",
])
def test_a_person_who_says_they_are_free_or_home_is_not_danger_now(text: str) -> None:
    assert detect_danger(text).level == "unsure"


@pytest.mark.parametrize("text", [
    "ponakan aku skrg di tinggal sponsor di pelabuhan tanjung pinang ndak tau mau kemana sudah malam",
    "adik saya ndak ada uang ndak ada paspor di batam, agennya hilang",
    "tolong adik saya dikurung majikan, katanya masih bisa day off tapi bohong",
])
def test_left_with_nothing_on_the_way_is_danger_now(text: str) -> None:
    assert detect_danger(text).now


@pytest.mark.parametrize("text", [
    "sapupu ambo di kamboja baru chat, inyo bilang paspor diambiak, indak buliah kalua gedung",
    "kawan ambo tatinggal di entikong, indak ado pitih indak ado makan alah 2 hari",
])
def test_danger_told_in_minangkabau_is_danger_now(text: str) -> None:
    assert detect_danger(text).now


def test_a_plain_minangkabau_question_is_not_danger() -> None:
    assert not detect_danger("baa caro pai karajo ka malaysia nan resmi? bara pitih nyo?").any


def test_held_in_banjar_words_is_danger_now() -> None:
    assert detect_danger("jar inya dikurung di rumah, kada boleh kaluar, paspor diambil calo").now


@pytest.mark.parametrize("text", [
    # "juga bisa balik" holds "ga bisa balik" inside a word: no negation there.
    "ah saya ngga usah daftar BPJS lagi lah, toh juga bisa balik lagi ke Taiwan. apa resikonya?",
    # "biar idak ditangkap": a purpose, negated in Jambi Malay.
    "sepupu aku di johor idak ado permit, dio nak balek, cak mano caronyo biar idak ditangkap polis",
])
def test_words_that_only_look_like_a_cue_are_not_danger(text: str) -> None:
    assert not detect_danger(text).now


@pytest.mark.parametrize("text", [
    # A clause in a draft contract, a plan: asked about, not happening now.
    "paspor kite nanti dipegang perusahaan wajar gk? di draft kontrak ada tulisan begitu",
    # Deported home already, and planning the next job.
    "sy ditangkap imigresen krn paspor mati, dihukum 25 hari terus diusir ke Nunukan. mau balik "
    "kerja lagi, urus paspor gmn?",
])
def test_a_plan_or_an_arrest_that_is_over_gets_numbers_and_an_answer(text: str) -> None:
    assert detect_danger(text).level == "unsure"


def test_held_now_in_jambi_malay_is_still_danger_now() -> None:
    assert detect_danger("tolong kak adek aku dikurung majikan di johor, paspor diambil").now


@pytest.mark.parametrize("text", [
    "TPPO itu apa sih kak? td nonton berita orang indo disekap di myanmar, ngeri bgt",
    "sepupu sy baru pulang dr myawaddy, korban scam. suka nangis tengah malem. ada rehabilitasi?",
])
def test_news_about_strangers_or_a_return_just_made_is_not_danger_now(text: str) -> None:
    assert detect_danger(text).level == "unsure"


@pytest.mark.parametrize("text", [
    "nomor darurat kbri kuala lumpur brp ya?",
    "PMI yg sakit minta tolong ke siapa? ga darurat sih, cuma sakit biasa",
    "tombol darurat di safe travel itu buat apa",
])
def test_asking_for_an_emergency_number_is_not_a_cry_for_help(text: str) -> None:
    assert not detect_danger(text).now


@pytest.mark.parametrize("text", [
    "darurat! adik saya disekap di kamboja",
    "adik saya disekap di myanmar, tolong. beritanya sama kayak di tv",
])
def test_a_cry_or_a_relative_held_stays_danger_now_whatever_else_is_said(text: str) -> None:
    assert detect_danger(text).now


def test_javanese_mbiyen_puts_a_held_passport_in_the_past() -> None:
    danger = detect_danger("mbiyen inyong ketipu dipotong gaji 7 wulan, paspor dicekel agency, saiki "
                           "pengin sing resmi")
    assert danger.level == "unsure" and danger.mitigated_by == "mbiyen"
