"""One parametrised table per indicator: phrases that must fire (hits) and must not (near-misses)."""

from __future__ import annotations

import pytest

from screening.assessment import assess_rules
from screening.indicators import INDICATORS

# (code, text, should_fire). Texts are padded to look like short offers.
CASES: list[tuple[str, str, bool]] = [
    # modus added after the test_s8 offers were read (session 7), own wording
    ("impersonated_agency", "Kami dari KP2MI menyalurkan dana bantuan Rp 100 juta untuk setiap PMI, hubungi WA kami", True),
    ("impersonated_agency", "Undangan seleksi penempatan kerja dari BP2MI, konfirmasi lewat link ini", True),
    ("impersonated_agency", "Waspada penipuan mengatasnamakan BP2MI yang menjanjikan dana bantuan PMI", False),
    ("false_statements", "Pas bikin paspor bilang saja keperluan ke Malaysia untuk berwisata", True),
    # modus added after the test_s7 offers were read (session 7), own wording
    ("no_contract", "ABK tuna Mauritius, kontrak ditandatangani di bandara sebelum terbang", True),
    ("no_contract", "Loker kapal cumi, tanda tangan kontrak di bandara ya", True),
    ("no_contract", "Perjanjian kerja ditandatangani di kantor BP3MI sebelum berangkat", False),
    ("documents_retention", "Syarat: KTP, KK, ijazah ASLI (ditahan sbg jaminan), gaji 700 USD", True),
    ("documents_retention", "buku pelaut asli & sertifikat ditahan agen selama kontrak", True),
    ("documents_retention", "Bawa ijazah asli saat wawancara untuk dicocokkan, lalu dikembalikan", False),
    ("debt_bondage", "Kerja ke Arab Saudi, kalau sudah jadi terus mundur kena ganti rugi Rp45 juta", True),
    ("debt_bondage", "Kalau mundur sebelum proses visa, biaya tes dikembalikan", False),
    ("pay_before_interview", "Sebelum interview dengan owner, wajib bayar asuransi Rp 3.250.000", True),
    ("pay_before_interview", "Biaya 35jt dibayar LUNAS sebelum interview, uang tidak kembali", True),
    ("pay_before_interview", "Interview gratis, biaya ditanggung perusahaan sesuai aturan", False),
    ("personal_account", "Candidate pay visa 25.000.000 to account BCA a.n. pribadi", True),
    ("personal_account", "Pembayaran ke rekening PT Xxxx Jaya, bukan atas nama orang", False),
    ("process_bypass", "Kapal Fiji brangkat dari Benoa, TIDAK PERLU BST, tidak perlu buku pelaut", True),
    ("process_bypass", "Wajib BST, buku pelaut dan medical sebelum berangkat", False),
    ("eps_shortcut", "Yacht crew, STCW with our partner academy, certificate guaranteed", True),
    # modus added after offers by outside authors (session 5), own wording
    ("non_work_visa", "Kerja resto Osaka lewat jalur wisata dulu, nanti ganti status", True),
    ("non_work_visa", "Berangkat pakai paspor turis, permit diurus bos", True),
    ("bride_trafficking", "Ada jodoh dari Tiongkok buat adikmu, mahar 25 juta buat bapak ibu", True),
    ("bride_trafficking", "Kerja pabrik di China, gaji 8 juta, lewat PT berizin", False),
    ("irregular_route", "Kerja sawit Tawau, nanti nyebrang pakai speed dari pelabuhan kecil", True),
    ("third_country_route", "Kerja di Turki dulu dua bulan, setelah itu kami berangkatkan ke Italia", True),
    ("third_country_route", "Kerja di Jerman lewat PT berizin, visa kerja langsung ke Jerman", False),
    ("debt_bondage", "Peserta berutang 35 juta plus bunga, ijazah asli ditahan sampai lunas", True),
    ("age_manipulation", "umur 16 mah tiasa, engke KTP anyar umur 20", True),
    ("phone_taken", "di penampungan hp na dicepeng ku pengurus", True),
    ("confinement", "di asrama kulawarga teu kenging nganjang salami 3 bulan", True),
    ("secrecy", "kerja di Malaysia, ulah bebeja ka saha-saha heula", True),
    # non_work_visa
    ("non_work_visa", "Kerja di Malaysia, berangkat pakai visa turis dulu ya", True),
    ("non_work_visa", "Kerja Dubai, masuk pakai VISA KUNJUNGAN 3 bulan", True),
    ("non_work_visa", "Kerja di Saudi berangkat dengan visa umroh, gaji 6 juta", True),
    ("non_work_visa", "Pabrik Jepang, visa kerja menyusul setelah sampai", True),
    ("non_work_visa", "Kerja Thailand masuk bebas visa ASEAN, bos yang atur", True),
    ("non_work_visa", "Kerja Kuala Lumpur, visa on arrival aja kak", True),
    ("non_work_visa", "Berangkat ke Taiwan, visa diurus di sana nanti", True),
    ("non_work_visa", "Kerja restoran Johor pakai paspor biasa saja, cop turis", True),
    ("non_work_visa", "V I S A  T U R I S aman kok kerja di Malaysia", True),
    ("non_work_visa", "Pabrik Taiwan, berangkat dengan visa kerja resmi dan ARC", False),
    ("non_work_visa", "Kami hanya pakai visa kerja, bukan visa turis. SIP2MI tersedia", False),
    (
        "non_work_visa",
        "Himbauan: jangan berangkat bekerja dengan visa turis atau visa ziarah",
        False,
    ),
    ("non_work_visa", "Australia Work and Holiday Visa untuk usia 18-30 tahun", False),
    # cambodia_destination
    ("cambodia_destination", "Lowongan admin di Kamboja gaji 15 juta", True),
    ("cambodia_destination", "Loker k4mboja gaji gede, mess gratis", True),
    ("cambodia_destination", "Kerja CS Kambodia, tiket ditanggung", True),
    ("cambodia_destination", "Kantor di Phnom Penh butuh staf chat", True),
    ("cambodia_destination", "Waspada tawaran kerja ke Kamboja dengan gaji besar", False),
    ("cambodia_destination", "Lowongan pabrik di Kampung Melayu, gaji UMR", False),
    # scam_hub_destination
    ("scam_hub_destination", "Kerja typing di Myawaddy gaji 20 juta", True),
    ("scam_hub_destination", "Lowker operator online myawady, mess free", True),
    ("scam_hub_destination", "Admin kasino Laos dekat Golden Triangle", True),
    ("scam_hub_destination", "Hati-hati tawaran kerja ke Myanmar dan Laos", False),
    ("scam_hub_destination", "Lowongan pabrik di Malaysia gaji RM1700", False),
    # online_scam_job
    ("online_scam_job", "Customer service di Thailand, gaji 15 juta", True),
    ("online_scam_job", "Operator online Filipina, tiket gratis", True),
    ("online_scam_job", "Marketing online Vietnam, gaji 1200 USD", True),
    ("online_scam_job", "Admin gudang di Jakarta Barat, gaji UMP", False),
    ("online_scam_job", "Operator produksi pabrik elektronik di Korea lewat G to G", False),
    # middle_east_domestic
    ("middle_east_domestic", "Butuh ART ke Dubai gaji 8 juta", True),
    ("middle_east_domestic", "Lowongan pembantu rumah tangga ke Turki", True),
    ("middle_east_domestic", "Qatar housemaid gaji 7,5 juta, proses cepat", True),
    ("middle_east_domestic", "Sopir pribadi ke Arab Saudi gaji 9 juta", True),
    (
        "middle_east_domestic",
        "SPSK Saudi: baby sitter melalui syarikah resmi, P3MI ditunjuk Kemnaker",
        False,
    ),
    ("middle_east_domestic", "Perawat rumah sakit di Jeddah, STR aktif, employment visa", False),
    ("middle_east_domestic", "PRT Hong Kong gaji HK$4,990 libur mingguan", False),
    # unrealistic_salary
    ("unrealistic_salary", "Admin Kamboja gaji $1500 per bulan", True),
    ("unrealistic_salary", "Pabrik Malaysia gaji RM 8000 sebulan", True),
    ("unrealistic_salary", "Jaga toko di Brunei gaji 25 juta", True),
    ("unrealistic_salary", "Kerja Jepang gaji 2 digit, tanpa bahasa", True),
    ("unrealistic_salary", "Caregiver Taiwan gaji NT$ 20.000 per bulan", False),
    ("unrealistic_salary", "PRT Hong Kong gaji HK$4.990 + food allowance", False),
    ("unrealistic_salary", "Operator pabrik Korea G to G gaji 2.100.000 won", False),
    # no_experience_needed
    ("no_experience_needed", "Kerja ke Taiwan tanpa pengalaman, hub admin", True),
    ("no_experience_needed", "Syarat mudah, tidak perlu ijazah, kerja Malaysia", True),
    (
        "no_experience_needed",
        "Tanpa pengalaman, pelatihan di LPK resmi, SIP2MI no. 4471/2025",
        False,
    ),
    ("no_experience_needed", "Pengalaman minimal 2 tahun sebagai welder ke Polandia", False),
    # all_costs_covered
    ("all_costs_covered", "Kerja Malaysia GRATISSS semua sampai berangkat", True),
    ("all_costs_covered", "Semua biaya ditanggung agen, tinggal berangkat ke Taiwan", True),
    (
        "all_costs_covered",
        "Bebas biaya penempatan sesuai Perban BP2MI 9/2020 untuk PRT Hong Kong",
        False,
    ),
    ("all_costs_covered", "Biaya medical dibayar sendiri, gaji Malaysia RM1500", False),
    # upfront_fee
    ("upfront_fee", "Kerja Jepang, uang pendaftaran 500rb dulu ya", True),
    ("upfront_fee", "Lowongan Taiwan, biaya admin 750 ribu, DP 2 juta", True),
    ("upfront_fee", "Kerja Malaysia, uang seragam 300 ribu dibayar di kantor", True),
    ("upfront_fee", "Tidak ada biaya pendaftaran, P3MI resmi SIP2MI ke Malaysia", False),
    ("upfront_fee", "Biaya ujian EPS-TOPIK USD 28 dibayar melalui kode pembayaran bank", False),
    # personal_account
    ("personal_account", "Uang pendaftaran transfer ke rek BRI a.n. Dedi Kurniawan", True),
    ("personal_account", "Kirim biaya admin lewat DANA 081200001234", True),
    ("personal_account", "Bayar ke rekening pribadi saya saja biar cepat", True),
    ("personal_account", "Pembayaran hanya ke rekening a.n. PT Cahaya Mitra Sejahtera", False),
    ("personal_account", "Jangan mau bayar ke rekening pribadi, cek P3MI di SISKOP2MI", False),
    # zero_cost_job_fee
    ("zero_cost_job_fee", "Pengasuh bayi ke Singapura, biaya proses 8 juta bayar di depan", True),
    ("zero_cost_job_fee", "ABK kapal ikan, biaya 6 juta potong gaji", True),
    ("zero_cost_job_fee", "PRT Hong Kong, biaya pelatihan & penampungan 15 juta", True),
    (
        "zero_cost_job_fee",
        "Caregiver Taiwan, biaya maksimal Rp9.622.000 sesuai Kepka BP2MI 50/2023, SIP2MI 4480/2025",
        False,
    ),
    ("zero_cost_job_fee", "Operator pabrik Taiwan, biaya 25 juta", False),
    # salary_deduction
    ("salary_deduction", "Biaya 5 juta bisa potong gaji 6 bulan", True),
    ("salary_deduction", "Biaya dipotong dari gaji 10 bulan", True),
    ("salary_deduction", "Zero cost, tidak ada potongan gaji, HK$4,990 full", False),
    ("salary_deduction", "Pakai KUR PMI bunga 6%, cicilan dari gaji setelah bekerja", False),
    # debt_bondage
    ("debt_bondage", "Biaya 12 jt ditalangi dulu oleh agen", True),
    ("debt_bondage", "Semua biaya pakai dana talangan sponsor", True),
    ("debt_bondage", "Kalau kabur kena denda kalau putus kontrak", True),
    ("debt_bondage", "Tidak ada talangan dari sponsor, biaya sesuai struktur resmi", False),
    # unverified_fee
    ("unverified_fee", "Lowongan Taiwan pabrik, biaya 30 juta, gaji NT 27.000", True),
    (
        "unverified_fee",
        "Pabrik Taiwan, biaya sesuai struktur biaya, SIP2MI 5133/2025, biaya 20 juta",
        False,
    ),
    # passport_retention
    ("passport_retention", "Paspor dipegang agen selama kontrak", True),
    ("passport_retention", "Paspor kami simpan untuk keamanan", True),
    ("passport_retention", "Nanti serahkan paspor ke bos sesampai di sana", True),
    ("passport_retention", "Jangan serahkan paspor ke agen; paspor adalah hak Anda", False),
    ("passport_retention", "Paspor dibuat di kantor imigrasi sesuai domisili", False),
    # individual_recruiter
    ("individual_recruiter", "Kerja Malaysia, minat japri aja", True),
    ("individual_recruiter", "Hub sponsor Bu Narti untuk daftar", True),
    ("individual_recruiter", "Minat? Hubungi saya di WA", True),
    ("individual_recruiter", "Gabung grup telegram lowongan luar negeri", True),
    ("individual_recruiter", "Datang langsung ke kantor PT, bawa KTP dan KK", False),
    # no_company_licence (computed)
    ("no_company_licence", "Lowongan pabrik Malaysia, gaji RM 1.800, umur 20-35", True),
    ("no_company_licence", "PT Mitra Abadi Sentosa buka lowongan ke Hong Kong", True),
    (
        "no_company_licence",
        "PT Bumi Karya Abadi (SIP3MI 2/0117/2022) buka lowongan Malaysia",
        False,
    ),
    ("no_company_licence", "Loker Cikarang operator produksi, gaji UMK Bekasi", False),
    # rushed_departure
    ("rushed_departure", "Kerja Malaysia berangkat minggu depan", True),
    ("rushed_departure", "Proses 3 hari langsung terbang ke Dubai", True),
    ("rushed_departure", "Tanpa ribet, terima beres, kerja Taiwan", True),
    ("rushed_departure", "Proses cepat & resmi! SIP2MI No. 1187/2025, visa kerja", False),
    ("rushed_departure", "Proses seleksi, pelatihan dan OPP memakan waktu 3-4 bulan", False),
    # irregular_route
    ("irregular_route", "Nyebrang ke Malaysia naik speedboat malam", True),
    ("irregular_route", "Ke Tawau lewat jalur tikus, ada yang jemput", True),
    ("irregular_route", "Berangkat ke Sarawak tidak lewat imigrasi", True),
    ("irregular_route", "Lowongan kaigo lewat IPKOL, g ada jalur belakang", False),
    ("irregular_route", "Berangkat lewat Bandara Juanda dengan visa kerja", False),
    # border_transit
    ("border_transit", "Kumpul di Batam, lalu nyebrang ke Johor", True),
    ("border_transit", "Berangkat dari Nunukan ke Tawau", True),
    ("border_transit", "Loker Batam: operator produksi di kawasan Muka Kuning, gaji UMK", False),
    ("border_transit", "Kasir minimarket di Tanjung Pinang, gaji UMK", False),
    # age_manipulation
    ("age_manipulation", "Kerja Malaysia umur 17 bisa", True),
    ("age_manipulation", "Usia bisa diatur, KTP bisa dibantu", True),
    ("age_manipulation", "Belum 18 tahun boleh, asal badan tinggi", True),
    ("age_manipulation", "Syarat usia 18-35 tahun, KTP asli", False),
    ("age_manipulation", "Usia minimal 18 tahun sesuai UU 18/2017", False),
    # no_contract
    ("no_contract", "Kerja Malaysia tanpa kontrak, yang penting mau kerja", True),
    ("no_contract", "Kontrak nanti di sana saja setelah sampai", True),
    ("no_contract", "Kontrak bahasa Mandarin ditandatangani di lokasi", True),
    ("no_contract", "PK ditandatangani di LTSA sebelum berangkat", False),
    ("no_contract", "Jangan berangkat tanpa kontrak kerja", False),
    # vague_job
    ("vague_job", "Kerjaannya nanti dijelaskan setelah sampai", True),
    ("vague_job", "Kerja apa aja yang penting gaji besar", True),
    ("vague_job", "Jabatan: operator mesin CNC, shift 8 jam", False),
    # fake_internship
    ("fake_internship", "Magang ke Korea gaji 25 juta per bulan", True),
    ("fake_internship", "Program magang Jepang bergaji 30 juta", True),
    ("fake_internship", "Magang Jepang (TITP) melalui LPK terdaftar Kemnaker dan IM Japan", False),
    ("fake_internship", "Mahasiswa magang di kantor desa", False),
    # eps_shortcut
    ("eps_shortcut", "Korea tanpa tes EPS, jalur khusus", True),
    ("eps_shortcut", "Dijamin lolos, 100% pasti berangkat", True),
    ("eps_shortcut", "Punya orang dalam di HRD Korea", True),
    ("eps_shortcut", "Kelas persiapan EPS-TOPIK, ujian tetap resmi lewat G to G", False),
    # secrecy
    ("secrecy", "Jangan bilang keluarga dulu ya biar aman", True),
    ("secrecy", "Tolong rahasiakan dari travel", True),
    ("secrecy", "Berangkatnya diam-diam saja", True),
    ("secrecy", "Data pribadi Anda kami jaga kerahasiaannya", False),
    ("secrecy", "Beritahu keluarga dan kepala desa sebelum berangkat", False),
    # false_statements
    ("false_statements", "Di bandara ngaku liburan aja ya", True),
    ("false_statements", "Kalau ditanya petugas imigrasi bilang saja mau jalan-jalan", True),
    ("false_statements", "Bisa pakai paspor orang lain", True),
    ("false_statements", "Isi data dengan jujur sesuai KTP", False),
    # pay_before_interview
    ("pay_before_interview", "Bayar dulu 1 jt sebelum interview dengan user", True),
    ("pay_before_interview", "Slot dikunci setelah transfer", True),
    ("pay_before_interview", "Interview gratis di kantor, tanpa pungutan", False),
    # urgency_pressure
    ("urgency_pressure", "Kuota terbatas, buruan daftar!", True),
    ("urgency_pressure", "Sisa 3 slot, siapa cepat dia dapat", True),
    ("urgency_pressure", "Pendaftaran dibuka sampai 31 Mei", False),
    # unlicensed_ship_crew
    ("unlicensed_ship_crew", "Loker ABK kapal asing gaji 800 USD daftar via WA", True),
    ("unlicensed_ship_crew", "ABK kapal tanker, BST dan buku pelaut wajib, SIUPPAK", False),
    # personal_data_request
    ("personal_data_request", "Kirim foto KTP dan KK ke WA ini dulu", True),
    ("personal_data_request", "Bawa KTP dan KK asli ke kantor saat seleksi", False),
    # entertainment_lure
    ("entertainment_lure", "Dicari cewek 18-25 kerja karaoke di Kuching, gaji RM5000, kirim foto", True),
    ("entertainment_lure", "Hai kak kamu cantik, mau jadi model di Dubai? kontrak 3 bulan", True),
    ("entertainment_lure", "Terapis spa wanita ke Turki via P3MI SIP2MI no. 123, visa kerja", False),
    ("entertainment_lure", "Bartender pria untuk kapal pesiar, pengalaman 2 tahun, via P3MI", False),
    # direct_hire_domestic
    ("direct_hire_domestic", "Majikan HK mau direct hire helper, gaji HK$5.300, urus sendiri", True),
    ("direct_hire_domestic", "Maid untuk keluarga di KL, gak usah pakai PT, langsung sama majikan", True),
    ("direct_hire_domestic", "PRT Taiwan lewat P3MI SIP2MI no. 45/2025, tanpa calo", False),
    ("direct_hire_domestic", "Operator pabrik Taiwan direct hire lewat job matching resmi", False),
    # bride_trafficking
    ("bride_trafficking", "Dicari wanita single untuk dikenalkan dengan pria Tiongkok yg mapan", True),
    ("bride_trafficking", "Nikah kontrak dengan pengusaha Taiwan, keluarga dapat mahar 50 juta", True),
    ("bride_trafficking", "Pabrik di Taiwan butuh operator wanita, gaji NT$28.590, via P3MI", False),
    # phone_taken
    ("phone_taken", "Neng besok dijemput, hp nanti dititip di kantor selama pelatihan ya", True),
    ("phone_taken", "Kerja di Malaysia, HP disita bos selama kontrak, gaji RM1500", True),
    ("phone_taken", "Pelatihan di BLK, peserta boleh pakai hp di luar jam kelas", False),
    # process_bypass
    ("process_bypass", "Kerja ke Kuwait, ga perlu SPSK, cukup KTP, uang saku 7jt", True),
    ("process_bypass", "Tidak perlu ke Disnaker, kami yang urus semua, berangkat ke Arab", True),
    ("process_bypass", "I send visa direct, no need agency no need PT, ticket madam pay", True),
    ("process_bypass", "Waspada: jangan percaya yang bilang tidak perlu ke Disnaker untuk kerja ke Arab", False),
    ("process_bypass", "Daftar lewat Disnaker dan ikut OPP di BP3MI sebelum berangkat ke Taiwan", False),
    # instant_documents
    ("instant_documents", "Kerja di luar negeri gak ribet, paspor jadi 3 hari, wa aja", True),
    ("instant_documents", "Pelaut kapal asing, buku pelaut & BST gak punya? kami buatkan 3 hari jadi", True),
    ("instant_documents", "Kapal pesiar via P3MI, ikut pelatihan BST 5 hari di lembaga resmi Kemenhub", False),
    # undocumented_work
    ("undocumented_work", "JOB KABURAN TAOYUAN pabrik plastik, GAK PERLU ARC, aman polisi jarang razia", True),
    ("undocumented_work", "Kerja bangunan semporna RM70 sehari, masuk pakai PLB saja nanti bos urus permit", True),
    ("undocumented_work", "Pabrik Taiwan lewat P3MI, ARC diurus agensi resmi setelah tiba, visa kerja", False),
    # task_scam
    ("task_scam", "Kerja sampingan dari HP, cuma like & follow video YouTube NT 300 per hari, deposit NT 2.000 nanti balik", True),
    ("task_scam", "Lowongan admin media sosial kantor Jakarta, gaji UMR, kontrak kerja, BPJS", False),
    # emergency rows
    ("passport_taken", "Paspor saya ditahan majikan", True),
    ("passport_taken", "Paspornya diambil bos sejak datang", True),
    ("passport_taken", "Jika paspor Anda ditahan, hubungi KBRI", False),
    ("confinement", "Saya dikunci di dalam rumah, tidak boleh keluar", True),
    ("confinement", "Boleh keluar rumah saat hari libur", False),
    ("forced_scam_work", "Adik saya dipaksa menipu orang lewat HP", True),
    ("forced_scam_work", "Anak saya dijual ke perusahaan lain, diminta tebusan", True),
    ("forced_scam_work", "Kerja sesuai perjanjian kerja, lembur dibayar", False),
    ("violence", "Teman saya sering ditampar majikan", True),
    ("violence", "Gajinya tidak dibayar dan dipukul majikan", True),
    ("violence", "Majikan baik, libur tiap Minggu", False),
    ("wage_deferred", "ABK kapal ikan, gaji USD 450/bln dibayar akhir kontrak 2 thn", True),
    ("wage_deferred", "Gaji ditabung perusahaan, diambil saat pulang", True),
    ("wage_deferred", "Gaji dibayar setiap bulan lewat rekening bank pekerja", False),
    ("wage_deferred", "Bonus diberikan di akhir kontrak sesuai PK", False),
    # placeholders written for a private person ("Bu Xxxx", "a.n. Xxxx") are still a person
    ("personal_account", "siapkan uang medical 7,5 jt, transfer ke Bu Xxxx, bukti kirim WA", True),
    ("personal_account", "transfer ke rekening panitia: Mandiri a.n. Xxxx", True),
    ("personal_account", "bayar lewat virtual account BNI atas nama PT Xxxx", False),
    ("passport_retention", "dokumen paspor & buku pelaut disiapkan & DIPEGANG kantor", True),
    ("passport_retention", "paspor & buku pelaut dipegang sendiri oleh pekerja", False),
    ("age_manipulation", "umur 17 gpp, KTP ne mengko tak urusna dadi 19 taun", True),
    ("age_manipulation", "umur kamu sekarang 19 tahun, sudah cukup untuk daftar", False),
    ("wages_unpaid", "Gaji 5 bulan belum dibayar", True),
    ("wages_unpaid", "Sudah 7 bulan tidak digaji", True),
    ("wages_unpaid", "Gaji dibayar lewat bank setiap bulan", False),
    ("passport_without_authority", "paspor baru juga bisa dibuatkan tanpa ke KBRI, bayar ke agen kami", True),
    ("passport_without_authority", "Paspor baru dibuat di KJRI setelah Anda datang sendiri", False),
    ("people_for_sale", "INDONESIAN MAIDS NOW ON SALE, ready stock, call now", True),
    ("people_for_sale", "Dijual rumah tipe 36 dekat kantor BP3MI", False),
]


def test_at_least_25_indicators_and_every_one_has_cases() -> None:
    codes = {ind.code for ind in INDICATORS}
    assert len(codes) >= 25
    hits = {code for code, _, fire in CASES if fire}
    misses = {code for code, _, fire in CASES if not fire}
    assert codes <= hits, f"no hit case for {codes - hits}"
    assert codes <= misses, f"no near-miss case for {codes - misses}"


@pytest.mark.parametrize(
    ("code", "text", "should_fire"), CASES, ids=[f"{c}-{i}" for i, (c, _, _) in enumerate(CASES)]
)
def test_indicator(code: str, text: str, should_fire: bool) -> None:
    flags = {f.code: f for f in assess_rules(text).flags}
    assert (code in flags) is should_fire, f"{code} on {text!r}: got {sorted(flags)}"
    if should_fire and flags[code].evidence:
        assert flags[code].evidence.split("…")[0].strip().lower()[:4] in text.lower()


def test_every_indicator_has_a_plain_explanation() -> None:
    for ind in INDICATORS:
        assert ind.title and ind.explanation.endswith(".")
        assert 0 < ind.weight < 1
        assert ind.severity in ("high", "medium", "low")
