"""looks_like_job_offer(): job ads vs ordinary chat (high precision)."""

from __future__ import annotations

import pytest

from screening import carries_offer, looks_like_job_offer

ADS = [
    "🔥LOWONGAN ADMIN ONLINE KAMBOJA🔥 Gaji $1000-1500/bulan, tanpa pengalaman, tiket ditanggung. Minat japri 0812-0000-1188",
    "Dibutuhkan PRT ke Hong Kong, gaji HK$4,990, libur tiap Minggu. Syarat usia 23-40. Daftar di kantor PT Anugerah Bintang Timur.",
    "Job order Taiwan pabrik, cowok 20-30, gaji NT$27.470 + lembur. SIP2MI 5133/2025. Info kantor 0812-0000-4102",
    "Loker kilang Malaysia gaji RM 1.700, cewek 20-30, hubungi 0812-0000-6767, berangkat bulan depan.",
    "We are hiring! Customer support in Phnom Penh. Salary $1300, free flight. No experience needed. Contact me.",
]
CHATS = [
    "Halo kak, saya mau tanya cara daftar BPJS buat ibu saya gimana ya?",
    "Besok kita ketemu jam 3 di pasar ya, jangan lupa bawa KTP.",
    "Berapa sih gaji di Taiwan sekarang? Teman saya bilang lumayan.",
    "Alhamdulillah adik saya sudah sampai di Hong Kong dengan selamat.",
    "Terima kasih infonya, nanti saya sampaikan ke keluarga.",
    "Apakah benar kalau ke Korea harus ikut ujian EPS-TOPIK dulu?",
    "😀😀😀",
    "",
]


@pytest.mark.parametrize("text", ADS)
def test_job_ads_are_recognised(text: str) -> None:
    assert looks_like_job_offer(text)


@pytest.mark.parametrize("text", CHATS)
def test_ordinary_chat_is_not_an_offer(text: str) -> None:
    assert not looks_like_job_offer(text)


def test_a_forward_is_screened_on_a_lower_bar_than_typed_text() -> None:
    from screening import forward_carries_offer

    smuggling = ("PMI kat johor yg nak balik tapi takut kena saman overstay, kami boleh hantar lewat "
                 "jalan tikus ke batam, RM1.800 seorang, selamat, tak payah jumpa imigresen.")
    assert forward_carries_offer(smuggling)
    assert forward_carries_offer("loker CS kamboja 15jt tiket ditanggung, yg minat chat aja")
    for chat in ("Selamat pagi semua, jangan lupa arisan RT besok jam 4 sore di rumah bu Siti",
                 "Info: jadwal posyandu bulan ini pindah ke hari Kamis"):
        assert not forward_carries_offer(chat)


@pytest.mark.parametrize("text", [
    "mau kerja di luar negri tanpa ribet? wa aja 08xx-xxxx-xxxx, visa dijamin, gaji 12 juta",
    'ieu ti calo: "PT mah teu penting, angkat heula ka Malaysia, gajih 6 juta"',
    "liwat aku bae, sasi ngarep wis mangkat nang Taiwan, duit 20 juta ndisik",
])
def test_an_offer_with_a_contact_line_a_quoted_recruiter_or_the_recruiter_speaking_is_screened(text) -> None:
    from screening import carries_offer

    assert carries_offer(text)


def test_a_question_about_working_abroad_is_still_not_an_offer() -> None:
    from screening import carries_offer

    assert not carries_offer("kerja di luar negri yang resmi gimana caranya ya?")
    assert not carries_offer('kata orang "kerja di Korea itu enak", bener gak?')


@pytest.mark.parametrize("text,offer", [
    ("gaji pembantu di hongkong sekarang berapa? katanya 5 ribu dolar", False),   # asks the rule
    ("biaya ke taiwan brp sih, katanya dipotong gaji", False),
    ("katanya ada kerja ke Laos jadi admin gaji 9 juta, tanpa visa kerja, aman?", True),  # tells one
])
def test_hearsay_is_an_offer_only_with_enough_detail(text, offer) -> None:
    from screening import carries_offer

    assert carries_offer(text) is offer


@pytest.mark.parametrize("text", [
    "biaya nya brapa ka kalo mau kerja ke saudi lewat pt yg resmi sia tau ndak",
    "umur aku 45 masih bisa kah kerja ke luar jadi tukang masak",
    "adik sepupuku umur 19 pengen ikut aku ke HK jd PRT, umur minimal e brp to? trus hrs lewat PT ya?",
    "Ana lowongan pabrik sepatu ning Brebes ora? Sing cedek bae, ora usah ning luar negri.",
])
def test_questions_about_the_rules_without_an_offer_are_not_screened(text: str) -> None:
    assert not carries_offer(text)


@pytest.mark.parametrize("text", [
    "Nduk, ikut aku kerja di salon di Malaysia yuk, gajine Rp5 juta sebulan. Paspor wis diurus",
    "ning tiktok ana sing promosi kerja ning kamboja admin online gaji 15 juta, tiket ditanggung, "
    "ora perlu pengalaman. kepriwe kiye",
    "ada sponsor datang ke desa bilang anak umur 16 jg bisa brangkat ke malaysia jadi pembantu, "
    "gaji 1500 ringgit, ini boleh ndak ka",
])
def test_offers_that_end_in_a_question_are_still_screened(text: str) -> None:
    assert carries_offer(text)


@pytest.mark.parametrize("text", [
    "agen arab posting 'CALLING VISA READY, direct employer saudi, house driver & housemaid, no agent "
    "fee, fly in 10 days' pake nomor WA +966. ada member mau daftar, aman gak?",
    "majikan baru kat penang nak ambil sy kerja kilang, dia kata nak urus lewat agensi berlesen, "
    "tak payah bayar apa2. ni betul jalan dia ke?",
])
def test_an_ad_someone_posted_or_an_employer_who_wants_the_writer_is_an_offer(text: str) -> None:
    assert carries_offer(text)


def test_money_sent_home_is_not_pay_offered() -> None:
    assert not carries_offer("Kirim uang dari Taiwan ke Indonesia yang aman lewat apa ya? Adikku tiap "
                             "bulan kirim NT$10.000 lewat toko Indo, katanya lebih murah tapi kadang telat.")
    assert carries_offer("Dicari PRT Taiwan gaji NT$20.000, transfer uang 5 juta dulu ke rekening kami. "
                         "WA 0812345678")
