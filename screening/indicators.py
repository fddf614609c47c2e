"""The red-flag table: one row per indicator of trafficking (TPPO) or job fraud.

Sources are in /work/shared/guidance-facts.md: section C (how to check an offer), D2 (Kemnaker,
KP2MI and Kemlu red-flag lists), B5 (zero-cost occupations, Perban BP2MI 9/2020), B6 (Korea EPS),
B7 (Kepmenaker 260/2015 Middle-East moratorium, SPSK) and UU 18/2017 (Pasal 5, 13, 15, 30, 69, 81).

Patterns are regular expressions over the *normalised* text (see ``normalize.py``): lower case, no
emojis, leetspeak and stretched letters undone. Each row may require a second pattern somewhere in
the text (``also_any``), be switched off by a legal context (``unless_any``) and ignore matches
preceded by a negation ("bukan visa turis", "tidak ada biaya pendaftaran").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["high", "medium", "low"]

# --- vocabulary shared by several rows -------------------------------------------------------
W = r"(?:[\w.'/-]+\s+)"  # one filler word
CAMBODIA = r"(?:kamboja|kambodia|kambodja|kamboca|cambodia|cambodja|cambodian|phnom ?penh|pnom ?penh|sihanouk\w*|shihanouk\w*|bavet|poipet|kampot)"
SCAM_HUBS = (
    r"(?:myawad+y|myawadi|miawad+[iy]|myawaddi|myanmar|myanmr|burma|laos|golden triangle|"
    r"segitiga emas|kk ?park|shwe ?kok+o|mae ?sot|tachileik|bokeo)"
)
SCAM_PRONE = (
    rf"(?:{CAMBODIA}|{SCAM_HUBS}|thailand|thailan|bangkok|filipina|philippines?|pilipina|manila|"
    r"vietnam|viet ?nam|perbatasan)"
)
SCAM_JOB = (
    r"(?:admin(?:istrasi)?|customer ?services?|\bcs\b|operator (?:online|komputer|chat|game|judi|slot)|"
    r"typing|tukang ketik|marketing (?:online|digital)|telemarketing|input data|entry data|data entry|"
    r"(?:depan|di depan) (?:laptop|komputer|hp)|crypto|kripto|trading|investasi online|chatting|"
    r"kerja online|judi online|game online|slot online|online scam|scammer)"
)
MIDDLE_EAST = (
    r"(?:arab saudi|saudi|\bksa\b|riyadh|riyad|jeddah|jedah|jiddah|mekkah|makkah|madinah|dammam|"
    r"dubai|abu ?dhabi|\buea\b|\buae\b|emirat\w*|qatar|doha|kuwait|oman|muscat|bahrain|yordania|"
    r"jordan|turki|turkey|turkiye|irak|iraq|lebanon|suriah|syria|mesir|timur tengah|middle east)"
)
DOMESTIC_JOB = (
    r"(?:\bart\b|\bprt\b|pembantu|house ?maid|\bmaid\b|asisten rumah tangga|pekerja rumah tangga|"
    r"penata laksana rumah tangga|\bplrt\b|domestic (?:worker|helper)|baby ?sitter|pengasuh|nanny|"
    r"(?:sopir|supir|driver) (?:pribadi|keluarga|rumah)|perawat lansia|pengasuh lansia|"
    r"jaga (?:nenek|kakek|lansia|anak|orang tua|jompo)|house ?keeper|\btkw\b|rumah tangga)"
)
ZERO_COST_JOB = (
    rf"(?:{DOMESTIC_JOB}|caregiver|care giver|perawat (?:orang tua|jompo)|tukang kebun|perawat taman|"
    r"gardener|juru masak|tukang masak|family cook|cleaner|cleaning service|petugas kebersihan|"
    r"\babk\b|kapal (?:ikan|penangkap)|awak kapal perikanan|nelayan|ladang|perkebunan|kebun sawit|"
    r"ladang sawit|buruh kebun|petani)"
)
FEE_AMOUNT = (
    r"(?:biaya|bayar\w*|ongkos|potongan|\bdp\b|fee|uang (?:pendaftaran|admin\w*|proses|jaminan|muka|"
    r"seragam|formulir|berkas|pelicin|fasilitas))\s+(?:[\w.:/&+-]+\s+){0,4}?"
    r"(?:rp\.?\s*\d|\d+(?:[.,]\d+)*\s*(?:jt|juta|rb|ribu|k)\b|nt\$|rm\s*\d|\$\s*\d|"
    r"(?:hkd|hk\$|usd|sgd|s\$|ntd|sar|eur)\s*\d)"
)
LICENCE = (
    r"(?:sip3mi|sip2mi|sip ?p3mi|siup ?p[3p]mi|siuppak|siupak|no(?:mor)?\.? ?izin|"
    r"izin (?:resmi )?(?:kp2mi|bp2mi|kemnaker)|terdaftar (?:resmi )?(?:di )?(?:siskop2mi|kp2mi|bp2mi))"
)
OFFICIAL = (
    r"(?:bp2mi|kp2mi|bp3mi|p4mi|\bltsa\b|disnaker\w*|kemnaker|siskop2mi|g ?to ?g\b|hrd korea|"
    r"eps-?topik|ipkol|siapkerja|kementerian|\bspsk\b|syarikah|one channel|\bocs\b|perban|kepka)"
)
LEGAL_ZERO_COST = (
    r"(?:perban|peraturan (?:badan|bp2mi)|pembebasan biaya|zero ?cost|sip2mi|sip3mi|siskop2mi|"
    r"pasal 30|bebas biaya penempatan|ditanggung (?:oleh )?(?:pemberi kerja|majikan|employer))"
)
PASSPORT = r"(?:paspor|pasport|passport|paspot|pasporte|pas port)"
BOSS = (r"(?:saya|sy|aku|kami|bos|boss|laoban|majikan|tokey|taukeh|towkay|agen|agensi|kantor|mandor|"
        r"sponsor|perusahaan|pt|madam|kafil)")
PHONE = r"(?:\+?62|0)8\d{1,2}[\s-]?\d{3,4}[\s-]?\d{3,5}"

# Weak negators cancel a match a few words later in the same clause ("bukan visa turis",
# "tidak ada uang pendaftaran"); strong ones (warnings) cancel it anywhere earlier in the sentence
# ("Hati-hati tawaran kerja ke Kamboja ..."). "jangan khawatir/ragu" is a sales line, not a warning.
NEGATIONS = (
    r"(?:bukan|tidak|tdk|tak|gak|ga|gk|g|ngga|nggak|ngak|enggak|tanpa|bebas|anti|menolak|melarang)"
)
WARNINGS = (
    r"(?:jangan|jgn)(?! (?:khawatir|kuatir|takut|ragu|bingung|sampai|lewatkan|malu|minder|sia|tunda))|"
    r"hindari|waspada\w*|hati-hati|hati hati|dilarang|larangan|tolak|awas|modus|bahaya|"
    r"tanda-tanda|tanda tanda|ciri-ciri|ciri ciri|kenali|himbau\w*|imbau\w*|jangan percaya|"
    r"stop tppo|tidak (?:punya|ada) kerja ?sama|penipuan:"
)
CONDITIONALS = r"(?:jika|kalau|kalo|klo|apabila|bila|seandainya|misal\w*|andai)"


@dataclass(frozen=True)
class Indicator:
    """One red flag: what it is called, why it matters and how to find it in an offer."""

    code: str
    title: str
    explanation: str
    weight: float
    severity: Severity
    patterns: tuple[str, ...]
    also_any: tuple[str, ...] = ()
    unless_any: tuple[str, ...] = ()
    negatable: bool = True
    emergency: bool = False
    compiled: tuple[re.Pattern[str], ...] = field(init=False, repr=False, compare=False)
    compiled_also: tuple[re.Pattern[str], ...] = field(init=False, repr=False, compare=False)
    compiled_unless: tuple[re.Pattern[str], ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "compiled", tuple(re.compile(p) for p in self.patterns))
        object.__setattr__(self, "compiled_also", tuple(re.compile(p) for p in self.also_any))
        object.__setattr__(self, "compiled_unless", tuple(re.compile(p) for p in self.unless_any))


INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        code="non_work_visa",
        title="Bukan visa kerja",
        explanation="Bekerja dengan visa turis, kunjungan, ziarah atau umrah itu ilegal; PMI wajib punya visa kerja sebelum berangkat.",
        weight=0.45,
        severity="high",
        patterns=(
            r"(?:jalur|lewat|via|pakai|pake|modal|dengan)\s+(?:visa\s+|paspor\s+)?(?:turis|wisata|pelancong|tourist)\b|(?:paspor|passport)\s+(?:wisata|turis|pelancong|tourist)",
            rf"visa\s+{W}?(?:turis|turist|tourist|wisata|kunjungan|kunjung|visit|ziarah|umrah|umroh|haji|pelancong|liburan|holiday|pelajar|belajar|student)",
            r"(?:tourist|visit|travel) visa|(?<!and )(?<!& )(?<!working )(?<!work )holiday visa",
            r"(?:cop|cap|chop|stempel) (?:turis|wisata|pelancong)",
            r"visa on arrival|\bvoa\b|pas lawatan|social visit",
            r"visa (?:lawatan|melancong|sosial)|(?:masuk|datang|berangkat|terbang)\s+(?:\w+\s+){0,2}?(?:sebagai|sbg|jadi|pakai|pake) (?:turis|wisatawan|pelancong|tourist|tamu)",
            rf"(?:work ?permit|permit|izin kerja|visa kerja)\w*\s+{W}{{0,2}}?(?:di ?urus|diuruskan|diproses|dibuat|urus)\s+(?:dari dalam|di dalam|setelah (?:masuk|tiba|sampai)|sampai sana|di sana)",
            rf"visa\s+(?:kerja\s+)?(?:nya\s+)?(?:di ?urus|dibuat|diproses|diganti|diubah|dirubah|dikonversi|urus|ganti|ubah)\s+{W}{{0,2}}?(?:di ?sana|setelah sampai|sesampai\w*|belakangan|menyusul|nyusul|di lokasi|di negara tujuan)",
            r"(?:visa kerja|working visa|work visa|izin kerja)\s+(?:nya\s+)?(?:menyusul|nyusul|belakangan|nanti)",
            r"bebas visa|tanpa visa|(?:gak|ga|tidak|tdk|nggak) (?:perlu|usah|pakai|pake) visa|visa free|free visa",
            rf"(?:masuk|berangkat|pakai|pake|modal)\s+(?:{W})?(?:paspor|passport)\s+(?:biasa\s+)?(?:saja|aja|doang)",
            r"(?:berangkat|masuk|terbang) (?:sebagai|seperti|status) (?:turis|wisatawan|pelancong)",
            rf"(?:umroh|umrah|ziarah)\s+{W}{{0,4}}?(?:kerja|bekerja|cari kerja)",
            rf"(?:kerja|bekerja)\s+{W}{{0,3}}?(?:pakai|pake|dengan|lewat)\s+(?:visa\s+)?(?:umroh|umrah|ziarah)",
        ),
    ),
    Indicator(
        code="cambodia_destination",
        title="Tujuan Kamboja",
        explanation="Indonesia tidak punya kerja sama penempatan PMI dengan Kamboja, jadi semua penempatan kerja ke sana ilegal dan banyak berakhir di penipuan online.",
        weight=0.55,
        severity="high",
        patterns=(CAMBODIA,),
    ),
    Indicator(
        code="scam_hub_destination",
        title="Tujuan rawan sindikat penipuan online",
        explanation="Myawaddy (Myanmar), Laos dan kawasan Segitiga Emas adalah lokasi markas penipuan online tempat banyak WNI disekap.",
        weight=0.45,
        severity="high",
        patterns=(SCAM_HUBS,),
    ),
    Indicator(
        code="online_scam_job",
        title="Pola lowongan penipuan online",
        explanation="Lowongan admin, customer service atau operator online di Asia Tenggara adalah modus utama perekrutan korban yang dipaksa menipu (menurut Kemlu).",
        weight=0.4,
        severity="high",
        patterns=(SCAM_JOB,),
        also_any=(SCAM_PRONE,),
    ),
    Indicator(
        code="middle_east_domestic",
        title="PRT ke Timur Tengah di luar SPSK",
        explanation="Penempatan pekerja rumah tangga ke pengguna perseorangan di Timur Tengah dihentikan sejak 2015 (Kepmenaker 260/2015); hanya jalur SPSK resmi lewat syarikah yang pernah dibuka.",
        weight=0.5,
        severity="high",
        patterns=(DOMESTIC_JOB,),
        also_any=(MIDDLE_EAST,),
        unless_any=(r"\bspsk\b|satu kanal|syarikah|sharikah|one channel",),
    ),
    Indicator(
        code="unrealistic_salary",
        title="Gaji jauh di atas wajar",
        explanation="Gaji yang jauh di atas standar untuk pekerjaan dan negara itu adalah umpan yang sering dipakai perekrut ilegal.",
        weight=0.25,
        severity="medium",
        patterns=(),  # computed in assessment.py from salary.find_salaries
    ),
    Indicator(
        code="no_experience_needed",
        title="Tanpa syarat atau seleksi",
        explanation="Syarat yang terlalu mudah (tanpa pengalaman, tanpa tes, tanpa seleksi) adalah tanda yang disebut Kemnaker; lowongan resmi tetap punya seleksi dan pelatihan.",
        weight=0.08,
        severity="low",
        patterns=(
            r"tanpa (?:pengalaman|skill|keahlian|keterampilan|ijazah|syarat|seleksi|tes|test|interview|wawancara|modal)",
            r"(?:tidak|gak|ga|tdk|nggak) (?:perlu|butuh|harus|usah) (?:pengalaman|skill|keahlian|ijazah|bahasa|tes|test|interview|seleksi)",
            r"syarat (?:sangat |super )?(?:mudah|gampang|ringan)|(?:lulusan|tamatan) sd (?:bisa|boleh|ok)|yang penting (?:mau kerja|sehat|niat)",
            r"(?:no|without) (?:experience|skill)",
        ),
        unless_any=(r"\blpk\b|\bblk\b|pelatihan|training|sip2mi|sip3mi|siskop2mi|disnaker|ltsa",),
        negatable=False,
    ),
    Indicator(
        code="all_costs_covered",
        title="Semua biaya katanya gratis",
        explanation='Janji "semua gratis, semua ditanggung" sering dipakai untuk menjerat utang atau menyembunyikan jalur ilegal, kecuali jelas mengacu pada pembebasan biaya resmi.',
        weight=0.08,
        severity="low",
        patterns=(
            r"gratis (?:semua|total|full|100|tanpa)|semua (?:biaya )?(?:gratis|ditanggung|free)",
            rf"(?:biaya|semua|all|tiket|ongkos)\s+{W}{{0,3}}?ditanggung (?:agen|sponsor|bos|kami|perusahaan|pt|full|semua)",
            r"full (?:ditanggung|gratis|free)|free (?:semua|all|biaya|tiket)|all in free",
            r"tanpa (?:biaya|modal|uang) (?:sepeserpun|sepeser|sama sekali|apapun|apa ?pun)",
            r"nol rupiah|\b0 rupiah|(?:gak|ga|tidak|tdk) keluar (?:uang|duit|biaya|modal)|modal (?:nol|0|dengkul)",
            r"berangkat gratis|gratis berangkat|tiket (?:pesawat )?gratis|gratis tiket",
        ),
        unless_any=(LEGAL_ZERO_COST,),
        negatable=False,
    ),
    Indicator(
        code="upfront_fee",
        title="Diminta bayar biaya di depan",
        explanation="Lowongan palsu sering meminta uang pendaftaran, administrasi, seragam atau DP; biaya resmi punya dasar aturan dan tidak dibayar ke perorangan.",
        weight=0.25,
        severity="medium",
        patterns=(
            r"(?:uang|biaya|ongkos)\s+(?:pendaftaran|daftar|admin\w*|formulir|form|berkas|seragam|jaminan|pelicin|fasilitas|booking|registrasi|proses|pengurusan|kepengurusan|pemberkasan)",
            r"setor(?:an|kan)?\s+(?:uang\s+)?(?:jaminan|deposit)|\bdeposit\s+(?:rp|\d|usd)",
            r"formulir (?:pendaftaran )?(?:rp|\d)|wajib transfer|(?:processing|application|registration|admin|booking) fee|uang jasa|biaya masuk",
            r"\bdp\b|down payment|uang muka|uang tanda jadi|tanda jadi",
            r"(?:bayar|transfer|tf|trf)\s+(?:\w+\s+)?(?:rp\.?\s?\d|\d+(?:[.,]\d+)*\s?(?:rb|ribu|jt|juta|k)\b)",
        ),
        unless_any=(
            r"eps-?topik|virtual account|kode (?:bayar|pembayaran)|bank (?:bni|bri|mandiri) resmi",
        ),
    ),
    Indicator(
        code="personal_account",
        title="Transfer ke rekening pribadi",
        explanation="Uang diminta masuk ke rekening atau dompet digital perorangan, bukan rekening perusahaan berizin; ini ciri penipuan.",
        weight=0.35,
        severity="high",
        patterns=(
            r"(?:rek(?:ening)?|no\.? ?rek|norek|akun)\s+(?:[\w.:-]+\s+){0,4}?(?:a\.? ?n\.?|a ?/ ?n|atas nama)\s+(?!pt\b|p\.t|cv\b|perusahaan|yayasan|koperasi)(?:[a-z]{3,}|x\b)",
            r"rek(?:ening)? (?:pribadi|saya|sy|aku|istri|suami|adik|kakak|bendahara)",
            r"(?:transfer|tf|trf|kirim)\w*\s+(?:[\w.:-]+\s+){0,3}?(?:ke\s+)?(?:dana|ovo|gopay|shopeepay|linkaja|pulsa)\b",
            r"western union|moneygram|\bvia wu\b",
            r"(?:transfer|tf|trf|kirim)\w*\s+(?:\w+\s+)?(?:ke|kepada|nang|ning)\s+(?:bu|ibu|pak|bapak|mbak|mba|mas|kak|bang|om|tante|sdr|saudara|bos|bunda)\s+(?:[a-z]{3,}|x\b)",
            r"(?:\bbri|\bbca|\bbni|mandiri|\bbsi|\bbtn|seabank|jago)\s*(?:[:.-]\s*)?(?:\d|x{2})[\dx\s-]{6,}\s*(?:a\.? ?n\.?|atas nama)\s+(?!pt\b)",
            r"(?:to|into|in) (?:my|our|his|her) (?:personal |bank )?(?:account|acc)\b|(?:transfer|send|pay)\w* (?:\w+ ){0,4}?to (?:my|me)\b",
            r"\ba\.? ?n\.? pribadi\b|atas nama pribadi|(?:personal|private) (?:bank )?(?:account|acc)\b",
        ),
    ),
    Indicator(
        code="zero_cost_job_fee",
        title="Biaya untuk jabatan yang wajib gratis",
        explanation="Untuk PRT, pengasuh, perawat lansia, sopir keluarga, tukang kebun dan ABK perikanan, biaya penempatan tidak boleh dibebankan ke pekerja (Perban BP2MI 9/2020).",
        weight=0.35,
        severity="high",
        patterns=(FEE_AMOUNT,),
        also_any=(ZERO_COST_JOB,),
        unless_any=(
            r"taiwan\W+(?:.+\W+)?(?:sip2mi|p3mi|kepka|struktur biaya|batas biaya|plafon)|(?:kepka|struktur biaya|batas biaya|plafon biaya|sesuai (?:ketentuan|aturan|kepka))",
            # A language or skills course for Japan's SSW (kaigo) or Germany is a private course,
            # not a placement fee; it is judged by the other rows.
            r"(?:jepang|japan|tokutei|\bssw\b|kaigo|jerman|germany|ausbildung)[\s\S]*(?:pelatihan|kursus|sekolah bahasa|course|\blpk\b)|\blpk\b[\s\S]*(?:jepang|japan|tokutei|\bssw\b|kaigo)",
        ),
    ),
    Indicator(
        code="salary_deduction",
        title="Biaya dipotong dari gaji",
        explanation="Biaya penempatan yang dipotong dari gaji berbulan-bulan membuat Anda bekerja untuk membayar utang; PMI tidak boleh dibebani pinjaman sepihak (Perban BP2MI 9/2020).",
        weight=0.25,
        severity="medium",
        patterns=(
            r"potong(?:an)? gaji|dipotong (?:dari |lewat |pakai )?gaji|gaji\w*\s+(?:\w+\s+){0,2}?dipotong",
            r"(?:potong|dipotong|potongan)\s+(?:\w+\s+)?\d+\s*(?:bulan|bln|x)",
            r"(?:bayar|cicil|dicicil|lunasi|dilunasi|dibayar)\w*\s+(?:\w+\s+)?(?:pakai|pake|dari|lewat|dengan) gaji",
        ),
        unless_any=(r"\bkur\b|kredit usaha rakyat",),
    ),
    Indicator(
        code="debt_bondage",
        title="Jerat utang",
        explanation='Biaya yang "ditalangi" agen lalu dibayar dengan kerja, atau denda bila berhenti, adalah jerat utang, salah satu cara perdagangan orang (UU 21/2007).',
        weight=0.35,
        severity="high",
        patterns=(
            r"(?:berutang|berhutang|utang|hutang)\s+(?:\w+\s+){0,3}?(?:\+\s*)?bunga|(?:ijazah|ktp|kk|dokumen|sertifikat)\w*\s+(?:asli\s+)?(?:\w+\s+){0,3}?(?:ditahan|disimpan|dipegang|ditinggal)\s+(?:\w+\s+){0,3}?(?:sampai|sampe|hingga|sebagai) (?:lunas|jaminan)",
            r"(?:dana )?talangan|ditalangi|ditalangin|dipinjam\w* (?:dulu )?(?:oleh |sama )?(?:agen|sponsor|perusahaan|pt|bos|kami)",
            r"(?:utang|hutang|pinjam\w*)\s+(?:\w+\s+)?(?:ke|pada|sama|dari|dgn|dengan) (?:agen|sponsor|pt|perusahaan|kami|bos|majikan|saya)",
            r"kasbon|ganti (?:biaya|rugi) (?:\w+ ){0,2}?(?:jika|kalau|kalo) (?:kabur|berhenti|pulang|putus)",
            r"denda (?:\w+ )?(?:jika|kalau|kalo) (?:kabur|berhenti|pulang|putus kontrak|mundur|batal|mengundurkan)",
            # "kalau mundur/kabur kena ganti rugi Rp45 juta": the penalty after the condition
            r"(?:mundur|kabur|berhenti|batal|cancel|resign|mengundurkan diri|putus kontrak)\W+(?:\w+\W+){0,4}?(?:kena|bayar|wajib|harus|dikenakan|didenda)\s+(?:\w+\s+)?(?:ganti ?rugi|denda|penalti|pinalti|penalty)",
        ),
        unless_any=(r"\bkur\b|kredit usaha rakyat",),
    ),
    Indicator(
        code="unverified_fee",
        title="Biaya besar tanpa dasar resmi",
        explanation="Biaya penempatan harus mengikuti batas resmi per negara (Kepka BP2MI) dan dibayar ke P3MI berizin; angka yang tidak jelas dasarnya perlu dicek.",
        weight=0.12,
        severity="medium",
        patterns=(FEE_AMOUNT,),
        unless_any=(LICENCE, OFFICIAL),
    ),
    Indicator(
        code="passport_retention",
        title="Paspor akan dipegang agen",
        explanation="Paspor adalah hak pekerja dan wajib dipegang sendiri (UU 18/2017 Pasal 6); penahanan dokumen adalah indikator kerja paksa.",
        weight=0.4,
        severity="high",
        patterns=(
            rf"(?:paspor|passport|dokumen)\w*\s+(?:{W}){{0,2}}?(?:akan\s+)?(?:dipegang|disimpan|ditahan|dititip\w*|diserahkan|dikumpulkan|dibawa)\s+(?:{W})?(?:oleh\s+)?(?:agen|agensi|kami|perusahaan|sponsor|majikan|bos|pt|pihak|kantor|mandor|leader|koordinator|boss)",
            r"(?:paspor|passport)\w*\s+(?:\w+\s+)?(?:kami|agen|bos|sponsor|majikan|perusahaan) (?:pegang|simpan|tahan|bawa)",
            r"(?:serahkan|titipkan|kumpulkan|tinggalkan)\s+(?:\w+\s+)?(?:paspor|passport)",
            r"(?:paspor|passport) (?:tidak|gak|ga|tdk) (?:boleh )?(?:dipegang|dibawa) (?:sendiri|pekerja)",
            rf"{PASSPORT}\w*\s+(?:\w+\s+){{0,2}}?{BOSS}\s+(?:yang |yg )?(?:pegang|simpan|tahan|bawa|cekel|simpen)\b(?! sendiri)",
            rf"{PASSPORT}\w*\s+(?:\w+\s+){{0,2}}?(?:disimpen|disimpan|dicekel|dipegang|ditahan|dititip\w*)\s+(?:\w+\s+)?(?:sama |sm |oleh |karo |ning )?{BOSS}\b",
            rf"{PASSPORT}\w*\s+(?:\w+\s+){{0,3}}?(?:sampai|sampe|hingga|until) (?:hutang|utang|lunas|kontrak habis|balik)",
            # "paspor & buku pelaut disiapkan & DIPEGANG kantor": the same line, words and "&" between
            rf"{PASSPORT}[^.\n]{{0,40}}?\b(?:dipegang|disimpan|ditahan|dicekel|disimpen)\s+(?:oleh\s+|sama\s+|karo\s+)?(?:kantor|agen|agensi|perusahaan|pt|sponsor|kami|pihak)\b",
        ),
    ),
    Indicator(
        code="documents_retention",
        title="Dokumen asli ditahan perekrut",
        explanation="Ijazah, buku pelaut, sertifikat, KTP atau akta asli yang ditahan perekrut membuat Anda sulit mundur atau pergi; penahanan dokumen adalah tanda kerja paksa. Simpan aslinya sendiri, berikan fotokopinya saja.",
        weight=0.35,
        severity="high",
        patterns=(
            r"(?:ijazah|buku pelaut|seaman ?book|sertifikat|\bktp\b|\bkk\b|akta|akte|dokumen)\w*(?:\s+[\w&,/]+){0,5}?\s+(?:akan\s+)?(?:ditahan|disimpan|dipegang|dititip\w*)\s+(?:oleh\s+|sama\s+|sm\s+|di\s+)?(?:agen|agensi|kantor|perusahaan|pt|sponsor|kami|pihak|lpk|bos|penampungan)\b",
            r"(?:asli|original)\W+(?:\w+\W+){0,3}?(?:ditahan|disimpan|dipegang)\s+(?:\w+\s+){0,2}?(?:sebagai|sbg|jadi|utk|untuk) jaminan",
            r"(?:ijazah|buku pelaut|sertifikat|\bktp\b|\bkk\b|akta|akte)\w*\s+(?:\w+\s+){0,2}?(?:jadi|sebagai|sbg) jaminan",
        ),
    ),
    Indicator(
        code="impersonated_agency",
        title="Mengaku dari BP2MI/KP2MI",
        explanation="Pesan yang mengaku dari BP2MI, KP2MI atau kementerian lalu menjanjikan dana bantuan, hadiah, atau \"lolos seleksi\" dan meminta Anda menghubungi nomor WhatsApp atau membuka tautan adalah modus penipuan. Cek langsung ke KP2MI lewat nomor dan situs resminya.",
        weight=0.65,
        severity="high",
        patterns=(
            r"(?:dana |uang )?(?:bantuan|bansos|santunan|hadiah|undian|kompensasi)\b[\s\S]{0,160}?\b(?:tki|tkw|pmi|pekerja migran|pahlawan devisa)\b|\b(?:tki|tkw|pmi|pekerja migran|pahlawan devisa)\b[\s\S]{0,160}?\b(?:dana |uang )?(?:bantuan|bansos|santunan|hadiah|undian|kompensasi)\b",
            r"undangan (?:tahapan )?seleksi[\s\S]{0,80}?penempatan|dinyatakan (?:lolos|lulus) seleksi[\s\S]{0,200}?(?:link|tautan|klik|wa\.me|whatsapp|transfer|biaya)",
        ),
        also_any=(r"bp2mi|kp2mi|bnp2tki|kemnaker|kementerian|kemlu|pemerintah",),
        unless_any=(r"(?:waspada|hati-hati|hati hati|hoaks|hoax|penipuan mengatasnamakan|mengatasnamakan)",),
    ),
    Indicator(
        code="entertainment_lure",
        title="Kerja hiburan untuk perempuan muda",
        explanation="Lowongan karaoke, hostes, pemandu lagu, model, terapis spa atau penari untuk perempuan muda, apalagi dengan minta foto, adalah modus perdagangan orang untuk eksploitasi seksual yang sering diingatkan polisi dan KP2MI.",
        weight=0.4,
        severity="high",
        patterns=(
            r"\bkaraoke\b|\bhostes+\b|\bhostess\b|\bpemandu (?:lagu|karaoke)|\bpl\b|\blc\b|ladies (?:companion|escort)|\bescort\b|"
            r"\bpub\b|klub malam|club malam|night ?club|\bbar\b|\bspa\b|terapis|pijat|massage|penari|dancer|\bmodel\b|sugar|teman minum|temani (?:tamu|minum)",
        ),
        also_any=(
            r"wanita|perempuan|cewek|cewe\b|gadis|\bcantik|\bgirls?\b|ladies|women|\bsis\b|kirim (?:\w+ )?foto|foto (?:full ?body|seluruh badan|badan)|"
            r"(?:usia|umur|\bu\b) ?(?:1[6-9]|2[0-5]) ?(?:-|s/?d|sampai) ?(?:2[0-9]|30)",
        ),
        unless_any=(LICENCE, OFFICIAL),
        negatable=False,
    ),
    Indicator(
        code="direct_hire_domestic",
        title="Langsung ke majikan, tanpa perusahaan penempatan",
        explanation="Pekerja rumah tangga dan perawat lansia hanya boleh ditempatkan lewat perusahaan penempatan (P3MI) berizin atau jalur resmi; \"direct hire\" lewat chat melewati perlindungan dan sering jadi pintu penipuan.",
        weight=0.25,
        severity="medium",
        patterns=(
            r"direct ?hir\w*|hire you direct\w*|no agen(?:t|cy) (?:needed|required|fee)|without (?:an? )?agen(?:t|cy)|no need (?:an? )?(?:agen(?:t|cy)|pt)|"
            r"(?:tanpa|gak usah|ga usah|tidak usah|tdk usah|nggak usah|tak payah|tak perlu|gak perlu|ga perlu|tidak perlu) (?:pakai |pake |lewat |melalui |guna )?(?:agen\w*|agency|\bpt\b|p3mi|pjtki|perusahaan)|"
            r"langsung (?:dengan|sama|sm|ke|kepada) majikan|majikan langsung|direct (?:dari|dengan|sama) majikan",
        ),
        also_any=(rf"{DOMESTIC_JOB}|caregiver|care giver|\bhelper\b|\bmaid\b|perawat lansia|jaga (?:orang tua|ortu|nenek|kakek)|\bmadam\b|\bkafil\b|majikan",),
        unless_any=(LICENCE,),
        negatable=False,
    ),
    Indicator(
        code="bride_trafficking",
        title="Perjodohan atau nikah dengan orang asing",
        explanation="Tawaran dikenalkan atau dinikahkan dengan pria asing dengan mahar untuk keluarga adalah modus perdagangan orang (pengantin pesanan) yang banyak menimpa perempuan Indonesia.",
        weight=0.5,
        severity="high",
        patterns=(
            r"(?:calon suami|calon istri|jodoh|suami|cowok|pria)\s+(?:\w+\s+){0,2}?(?:dari|asal|orang|wong|urang)\s+(?:tiongkok|china|cina|taiwan|korea)",
            r"(?:mas kawin|mahar)\s+(?:\w+\s+){0,4}?(?:rp ?\d|\d+ ?(?:jt|juta))|(?:mak )?comblang",
            r"(?:dikenal\w*|dijodoh\w*|jodoh\w*|dinikah\w*|nikah|menikah|kawin|calon suami)\s+(?:\w+\s+){0,3}?(?:pria|laki\w*|cowok|orang|warga|pengusaha|duda|suami)\s+(?:\w+\s+){0,2}?(?:tiongkok|china|cina|tionghoa|taiwan|korea|asing|luar negeri|hongkong|hong kong)",
            r"pengantin pesanan|mail.?order bride|kawin kontrak|nikah kontrak|kawin pesanan",
        ),
        negatable=False,
    ),
    Indicator(
        code="phone_taken",
        title="HP diminta atau disita",
        explanation="Perekrut yang menyita atau \"menitipkan\" HP calon pekerja sedang memutus hubungan dengan keluarga; ini tanda penyekapan dan kerja paksa.",
        weight=0.4,
        severity="high",
        patterns=(
            r"(?:\bhp|hape|handphone|ponsel)(?:na|ne|nya)?\s+(?:\w+\s+){0,2}?(?:dicepeng|dicekel|dicekeli|dijupuk|dicandak|disimpen|dikumpulke\w*)\b",
            r"(?:\bhp|hape|handphone|ponsel|telepon|telpon|\bhandphone)(?:nya)?\s+(?:\w+\s+){0,3}?(?:dititip\w*|di ?titip\w*|disimpan|dikumpul\w*|ditahan|diambil|disita|dipegang|dikunci)\b",
            r"(?:jangan|jgn|tidak boleh|tdk boleh|dilarang|ga boleh|gak boleh|ora oleh) (?:bawa|pakai|pake|pegang|nggawa) (?:hp|hape|handphone|ponsel)",
        ),
    ),
    Indicator(
        code="undocumented_work",
        title="Kerja tanpa izin tinggal atau izin kerja",
        explanation="Kerja \"kaburan\", tanpa ARC/permit, atau masuk dengan pas lintas batas (PLB) dan \"nanti bos urus permit\" berarti bekerja ilegal: tanpa perlindungan, mudah diperas, dan bisa ditangkap serta dideportasi.",
        weight=0.45,
        severity="high",
        patterns=(
            r"\bkaburan\b|\bkabur(?:an)? (?:ok|oke|diterima|boleh|aman)\b",
            r"(?:gak|ga|tidak|tdk|ora|ndak|ndk|no|nggak) (?:perlu |usah |ada |pakai |pake |need )?(?:arc|permit|izin kerja|work permit|visa kerja)\b(?! resmi)",
            r"tanpa (?:arc|permit|work permit)\b|\bplb\b (?:saja|aja|doang|sahaja)|(?:masuk|pakai|pake) (?:pas lintas batas|\bplb\b)",
            rf"(?:bos|boss|tokey|taukeh|majikan|laoban) (?:\w+ )?(?:urus|uruskan|yang urus) (?:\w+ )?(?:permit|{PASSPORT}|visa)|{PASSPORT} diurus (?:bos|boss|tokey|majikan)",
            r"(?:ic|ktp|mykad|identitas) orang lain|polisi jarang razia|aman (?:dari )?(?:polisi|razia|imigresen|imigrasi)",
        ),
    ),
    Indicator(
        code="task_scam",
        title="Kerja sampingan \"like dan follow\" dengan deposit",
        explanation="Tawaran dibayar untuk like, follow, rating atau klik, yang lalu meminta deposit atau \"aktivasi akun\", adalah penipuan tugas online; uang deposit tidak kembali.",
        weight=0.45,
        severity="high",
        patterns=(
            r"(?:like|follow|subscribe|rating|review|klik|tonton)\w*\s+(?:[\w&]+\s+){0,4}?(?:dibayar|per hari|perhari|komisi|upah|bayaran)",
            r"deposit\w*\s+(?:[\w$.]+\s+){0,3}?(?:aktivasi|dulu|nanti (?:balik|kembali)|akan dikembalikan)|aktivasi akun|top ?up (?:dulu|saldo)",
        ),
    ),
    Indicator(
        code="process_bypass",
        title="Katanya tidak perlu jalur resmi",
        explanation="Perekrut yang bilang tidak perlu visa kerja, perjanjian kerja, OPP, Disnaker/BP3MI atau perusahaan penempatan sedang menghindari pengawasan; PMI wajib lewat jalur itu (UU 18/2017).",
        weight=0.4,
        severity="high",
        patterns=(
            r"(?:tidak|tdk|gak|ga|gk|nggak|ngga|ndak|ora|no|tanpa) (?:perlu|usah|need|harus|butuh)? ?(?:ke |lewat |melalui |pakai |pake |ikut |daftar (?:ke )?)?(?:spsk|opp|bp2mi|bp3mi|kp2mi|disnaker|ltsa|p3mi|pjtki|visa kerja|working visa|work visa|perjanjian kerja|siskop2mi|bst|buku pelaut|seaman ?book|medical|mcu|medical check ?up|tes kesehatan|cek kesehatan|pemeriksaan kesehatan)\b",
            r"no need (?:an? )?(?:agency|agent|pt|contract|visa)|(?:tidak|tdk|gak|ga|nggak) (?:perlu|usah) (?:ke |lewat )?(?:kantor )?(?:dinas|imigrasi)\b",
        ),
    ),
    Indicator(
        code="instant_documents",
        title="Dokumen dibuat kilat oleh perekrut",
        explanation="Paspor, buku pelaut, sertifikat BST atau ijazah yang \"dibuatkan\" perekrut dalam beberapa hari sering palsu atau didapat dengan data palsu; dokumen resmi diurus sendiri di kantor yang berwenang.",
        weight=0.3,
        severity="medium",
        patterns=(
            r"(?:paspor|passport|buku pelaut|seaman ?book|\bbst\b|visa|sertifikat|ijazah|\bskck\b|\bktp\b)\w*(?:\s+[\w&]+){0,5}?\s+(?:jadi|beres|selesai|kelar|keluar|siap)\s+(?:dalam\s+)?\d+\s*(?:hari|hr|jam)\b",
            r"\d+\s*(?:hari|hr|jam)\s+(?:jadi|beres|selesai|kelar)\b",
            r"(?:kami|kita|aku|saya) (?:buatkan|bikinin|bikinkan|buatin|terbitkan) (?:\w+ ){0,2}?(?:buku pelaut|\bbst\b|sertifikat|ijazah|\bktp\b|\bkk\b|akta|skck)",
        ),
    ),
    Indicator(
        code="passport_without_authority",
        title="Paspor dibuatkan tanpa lewat imigrasi atau KBRI",
        explanation="Paspor hanya diterbitkan kantor imigrasi (di Indonesia) atau KBRI/KJRI (di luar negeri), dengan Anda datang sendiri. Paspor yang \"bisa dibuatkan tanpa ke KBRI\" oleh agen adalah palsu atau didapat dengan data palsu.",
        weight=0.45,
        severity="high",
        patterns=(
            rf"{PASSPORT}\w*\s+(?:\w+\s+){{0,4}}?(?:dibuatkan|dibikinin|dibikinkan|dibuat|diurus\w*|dicetak)\s+(?:\w+\s+){{0,2}}?tanpa (?:ke |lewat |datang ke )?(?:kbri|kjri|imigrasi|kantor imigrasi|wawancara)",
            rf"tanpa (?:ke |lewat |datang ke )?(?:kbri|kjri|imigrasi|kantor imigrasi)\s+(?:\w+\s+){{0,3}}?{PASSPORT}",
        ),
    ),
    Indicator(
        code="people_for_sale",
        title="Orang ditawarkan seperti barang",
        explanation="Pekerja yang \"dijual\", \"diskon\" atau \"ready stock\" adalah bahasa perdagangan orang. Laporkan iklan seperti ini ke KP2MI atau polisi.",
        weight=0.5,
        severity="high",
        patterns=(
            r"(?:maids?|helpers?|tkw|tki|prt|art|pembantu|pekerja|worker)\s+(?:\w+\s+){0,3}?(?:on sale|for sale|dijual|diobral|obral|diskon|discount|ready stock|stok ready|ready)\b",
            r"(?:on sale|for sale|dijual|obral|ready stock|stok ready)\s+(?:\w+\s+){0,3}?(?:maids?|helpers?|tkw|tki|prt|art|pembantu)\b",
        ),
    ),
    Indicator(
        code="individual_recruiter",
        title="Perekrut perorangan",
        explanation="Perorangan (sponsor, calo, agen di media sosial) dilarang menempatkan PMI; ancamannya sampai 10 tahun penjara (UU 18/2017 Pasal 69 dan 81).",
        weight=0.15,
        severity="medium",
        patterns=(
            r"\bsponsor\b|\bcalo\b|\btekong\b|agen (?:pribadi|perorangan)",
            r"\bjapri\b|\binbox\b|\bib\b|\bpm\b|\bdm\b|\bpc\b|\bpv\b|personal chat",
            r"(?:hubungi|hub|kontak|chat|wa|whatsapp|telp|telpon|call)\s+(?:saya|sy|aku|aja ke saya|langsung saya)",
            r"(?:hubungi|hub|chat|wa|kontak)\s+(?:kak|mbak|mba|mas|bang|bunda|bu|ibu|pak|om|tante|sis|gan)\s+[a-z]+",
            r"(?:gabung|join|masuk)\s+(?:ke\s+)?(?:grup|group|grub|channel|gc)|link (?:grup|group|grub)|grup (?:fb|facebook|telegram|wa|whatsapp)",
        ),
        negatable=False,
    ),
    Indicator(
        code="no_company_licence",
        title="Tidak ada nama perusahaan berizin",
        explanation="Tawaran tidak menyebut perusahaan penempatan (P3MI) dengan izin SIP3MI/SIP2MI yang bisa dicek di SISKOP2MI.",
        weight=0.15,
        severity="medium",
        patterns=(),  # computed in assessment.py
    ),
    Indicator(
        code="rushed_departure",
        title="Berangkat kilat",
        explanation='Janji "langsung berangkat, tanpa ribet" berarti melewati proses resmi (pelatihan, cek kesehatan, PK, visa kerja, OPP) yang butuh waktu.',
        weight=0.15,
        severity="medium",
        patterns=(
            rf"(?:berangkat|terbang|flight|diberangkatkan)\s+{W}{{0,2}}?(?:minggu depan|besok|lusa|bulan ini|secepatnya|segera|dalam \d+ hari|\d+ hari lagi|hari ini|minggu ini|cepat)",
            r"proses (?:cepat|kilat|singkat|express|ekspres|\d+\s?(?:hari|hr|minggu|mg)|seminggu|sehari)",
            r"langsung (?:berangkat|terbang)|tanpa ribet|(?:gak|ga|tidak|tdk|nggak) ribet|terima beres|tinggal berangkat|siap terbang|tanpa proses|tanpa antri",
        ),
        unless_any=(r"sip2mi|siskop2mi|g ?to ?g\b|bp2mi|kp2mi|bp3mi",),
    ),
    Indicator(
        code="irregular_route",
        title="Jalur tidak resmi",
        explanation='Berangkat lewat speedboat, "jalur tikus" atau pelabuhan kecil berarti menghindari pemeriksaan imigrasi; ini jalur penyelundupan.',
        weight=0.45,
        severity="high",
        patterns=(
            r"(?:nyebrang|menyeberang|nyeberang|diseberangkan|seberangkan|nyebrangin|sebrangkan)\s+(?:\w+\s+){0,2}?(?:pake|pakai|naik|dengan)\s+(?:speed|kapal|perahu|boat)|speed (?:malam|malem)|(?:lewat|liwat|via) (?:jalan|jalur) (?:kampung|hutan|setapak)",
            r"speed ?boat|spid ?bot|kapal kecil|perahu|pompong|jalur tikus|pelabuhan tikus|jalan tikus",
            r"lewat (?:belakang|jalur belakang|hutan|darat tanpa)|jalan belakang|jalur belakang|pintu belakang",
            r"(?:tanpa|gak|ga|tidak|tdk) (?:lewat |melalui )?(?:imigrasi|cap paspor|pemeriksaan)|lewat pelabuhan (?:kecil|rakyat|tradisional)",
            r"nyebrang (?:malam|diam)|jalur darat (?:ke )?(?:malaysia|sabah|sarawak)",
            r"(?:paspor|passport)(?:nya)?\s+(?:\w+\s+)?(?:nyusul|menyusul|belakangan|dibuat (?:di ?sana|nanti)|diurus (?:di ?sana|nanti|belakangan))|tanpa (?:paspor|passport)",
            rf"{PASSPORT}\w*\s+(?:\w+\s+)?(?:ndk|ndak|tidak|tdk|gak|ga|nggak|ora|tak|gk) (?:perlu|usah|payah|butuh)|(?:tak|ndak|ndk|tidak|tdk|gak|ga|ora|seng|sonde|dak|nda|teu) (?:payah|perlu|usah) (?:bawa |digawa )?(?:\w+ )?{PASSPORT}|{PASSPORT}\w* ora usah digawa",
        ),
    ),
    Indicator(
        code="third_country_route",
        title="Lewat negara ketiga",
        explanation="Dikirim dulu ke satu negara lalu \"diseberangkan\" ke Eropa atau negara lain adalah pola penyelundupan orang; penempatan resmi langsung ke negara tujuan dengan visa kerja.",
        weight=0.4,
        severity="high",
        patterns=(
            r"(?:kerja|tinggal|transit|nunggu|menunggu)\s+(?:\w+\s+){0,3}?(?:dulu|sementara)\b[^.\n]{0,60}?\b(?:seberangkan|sebrangkan|diseberangkan|diberangkatkan|berangkatkan|dikirim|kirim|lanjut|diterus\w*|pindah)\s+(?:\w+\s+)?(?:ke )?(?:eropa|yunani|italia|spanyol|inggris|jerman|amerika|australia|kanada|canada)",
        ),
    ),
    Indicator(
        code="border_transit",
        title="Transit di kota perbatasan",
        explanation="Batam, Karimun, Tanjung Pinang, Nunukan, Sebatik, Entikong, Dumai dan Bengkalis adalah titik keberangkatan PMI ilegal ke Malaysia dan Singapura.",
        weight=0.2,
        severity="medium",
        patterns=(
            r"batam|karimun|tanjung ?pinang|tj\.? ?pinang|nunukan|sebatik|entikong|dumai|bengkalis|tawau",
        ),
        also_any=(
            r"malaysia|johor|tawau|sabah|sarawak|kuching|singapura|singapore|kuala lumpur|\bkl\b|luar negeri|nyebrang|menyebrang|seberang",
        ),
        unless_any=(LICENCE,),
    ),
    Indicator(
        code="age_manipulation",
        title="Umur atau KTP bisa diatur",
        explanation="PMI minimal berumur 18 tahun (UU 18/2017 Pasal 5); mengubah umur atau KTP adalah pemalsuan dan sering dipakai untuk memberangkatkan anak.",
        weight=0.5,
        severity="high",
        patterns=(
            r"(?:umur|usia)\s*1[0-7]\s*(?:th|thn|tahun|taun)?\s*(?:mah |wae |aja |saja |juga |oge )?(?:tiasa|bisa|iso|isa|oleh|kenging|boleh|aman)\b|(?:ktp|kk)\s+(?:anyar|baru|enggal|palsu)\s+(?:\w+\s+)?(?:umur|usia)\s*(?:1[89]|2\d)",
            rf"(?:umur|usia)\s*{W}{{0,2}}?(?:bisa|dapat|boleh)\s+(?:di ?atur|diurus|dibantu|disesuaikan|dimainkan|dituakan|diubah|diakali|dinaikkan)",
            rf"(?:umur|usia)\s*(?:1[3-7])\s*(?:th|thn|tahun)?\s*{W}{{0,2}}?(?:bisa|boleh|diterima|masuk|oke|ok|aman)",
            rf"(?:\bktp|\bakta|\bkk\b|ijazah)\s+{W}{{0,2}}?(?:bisa|dapat|boleh)\s+(?:di ?bantu|diurus|dibuatkan|dibikinin|dibikin|diatur|diubah|dituakan|dibuat)",
            rf"(?:belum|blm|di ?bawah|kurang dari)\s+(?:umur |usia )?(?:18|17|cukup umur)\s*(?:th|thn|tahun)?\s*{W}{{0,2}}?(?:bisa|boleh|diterima|ok|oke|aman)",
            r"(?:umur|usia) (?:di ?tuakan|dinaikkan|dipalsu)|belum punya ktp (?:bisa|boleh|aman)",
            # "KTP ne mengko tak urusna dadi 19 taun": a document "arranged" to show another age
            r"(?:\bktp|\bkk\b|\bakta|ijazah|umur|usia)\w*(?:\s+[\w/]+){0,3}?\s+(?:tak |ta |di ?|dak )?(?:urus\w*|atur\w*|gawe\w*|bikin\w*|buat\w*|rubah\w*|ubah\w*)\s+(?:dadi|jadi|menjadi|dados|janten|jadiin)\s+(?:umur\s+)?(?:1[89]|2\d)\b",
            r"(?:\bktp|\bkk\b|\bakta|ijazah|umur|usia)(?:\s+[\w/]+){0,4}?\s+(?:di ?tua\w*|tuakan|di ?naik\w*|naikkan|di ?ubah|ubah|di ?ganti|ganti|di ?palsu\w*|di ?tembak|tembak)\b",
            r"(?:umur|usia|anak|gadis|cewek|cewe)\s*(?:1[0-7])\s*(?:th|thn|tahun|taun)?\s*(?:\w+\s+){0,2}?(?:gak|ga|tidak|tdk|nggak|ndak|ora|teu) (?:masalah|apa.?apa|papa|ngaruh)",
            r"(?:usia|umur|gadis|cewek|wanita|perempuan|anak|muda|remaja)\s*(?:1[3-7])\s*(?:-|s/?d|sampai|hingga|sd)\s*\d{2}\s*(?:th|thn|tahun)?",
            r"\b(?:1[3-7])\s*(?:-|s/?d|sampai|hingga)\s*(?:[12]\d)\s*(?:th|thn|tahun|taun)\b",
        ),
    ),
    Indicator(
        code="no_contract",
        title="Tanpa kontrak sebelum berangkat",
        explanation='Perjanjian kerja wajib ditandatangani sebelum berangkat (UU 18/2017 Pasal 13 dan 15); kontrak "nanti di sana" membuat Anda tanpa perlindungan.',
        weight=0.4,
        severity="high",
        patterns=(
            r"tanpa (?:\w+ )?kontrak|tanpa (?:perjanjian kerja|pk\b)",
            r"(?:tidak|gak|ga|tdk|nggak) (?:ada|pakai|pake|perlu|usah) (?:\w+ )?(?:kontrak|perjanjian kerja)",
            rf"(?:kontrak|perjanjian kerja|\bpk\b)\s+{W}{{0,2}}?(?:di ?sana|di negara tujuan|setelah sampai|sesampai\w*|nyusul|menyusul|belakangan|nanti di)",
            rf"(?:tanda ?tangan|ttd|teken)\s+{W}{{0,2}}?(?:di ?sana|setelah sampai|di negara tujuan|di lokasi)",
            r"kontrak (?:\w+ )?(?:bahasa|berbahasa) (?:mandarin|china|cina|inggris|arab|thai|khmer)",
            # "tanda tangan kontrak di bandara", "kontrak ditandatangani di bandara": read there,
            # in a hurry, with no time to ask anyone
            r"(?:tanda ?tangan|ttd|teken|ditandatangani|ditanda ?tangani|diteken)\w*\s+(?:\w+\s+){0,2}?(?:di|pas|saat|waktu|ketika) (?:bandara|airport|pelabuhan|atas kapal)",
            r"(?:kontrak|perjanjian kerja|\bpk\b)\w*\s+(?:\w+\s+){0,2}?(?:ditandatangani|ditanda ?tangani|diteken|dikasih|diberikan|diserahkan|dikasi)\s+(?:\w+\s+)?(?:di|pas|saat|waktu) (?:bandara|airport)",
        ),
    ),
    Indicator(
        code="vague_job",
        title="Pekerjaan tidak jelas",
        explanation='Jenis pekerjaan yang baru "dijelaskan di sana" adalah penipuan; PK wajib menyebut jabatan dan jenis pekerjaan.',
        weight=0.2,
        severity="medium",
        patterns=(
            rf"(?:kerja|kerjaan|pekerjaan|job|posisi)\w*\s+{W}{{0,2}}?(?:dijelaskan|diberitahu|dikasih tau|ditentukan|dibagi|ditempatkan)\s+{W}{{0,2}}?(?:di ?sana|setelah sampai|sesampai\w*|nanti)",
            r"kerja (?:apa aja|apa saja|serabutan)|posisi (?:menyusul|dirahasiakan)|job (?:menyusul|rahasia)",
        ),
    ),
    Indicator(
        code="fake_internship",
        title='"Magang" yang sebenarnya kerja',
        explanation="Magang bergaji ke luar negeri tanpa LPK/lembaga resmi dan tanpa IPKOL/Kemnaker sering dipakai untuk mengirim pekerja tanpa perlindungan.",
        weight=0.25,
        severity="medium",
        patterns=(r"\bmagang\b|\bintern(?:ship)?\b|kenshusei|\bjisshu",),
        also_any=(
            r"gaji|salary|uang saku \d|\d+\s?(?:jt|juta)|jepang|japan|korea|taiwan|jerman|eropa",
        ),
        unless_any=(
            r"\blpk\b|ipkol|im ?japan|kemnaker|\btitp\b|sending organi[sz]ation|\bblk\b|kementerian ketenagakerjaan|jft|jlpt|\bssw\b|tokutei",
        ),
    ),
    Indicator(
        code="eps_shortcut",
        title="Janji pasti lolos / jalur khusus",
        explanation="Ke Korea (EPS) hanya lewat G to G dengan ujian EPS-TOPIK; tidak ada jalur khusus berbayar, dan tidak ada yang bisa menjamin lolos.",
        weight=0.45,
        severity="high",
        patterns=(
            r"tanpa (?:tes|test|ujian) (?:eps|bahasa|topik|korea)|tanpa (?:eps|eps-?topik|topik)\b",
            r"(?:tidak|gak|ga|tdk) (?:perlu|usah) (?:ikut )?(?:tes|test|ujian) (?:eps|bahasa|korea|topik)",
            r"(?:tidak|gak|ga|tdk|nggak|ngga|no) (?:perlu|usah|pakai|pake|need) (?:ikut )?(?:eps|eps-?topik|topik|jlpt|jft|tes bahasa|ujian bahasa)\b",
            r"jalur (?:khusus|belakang|vip|dalam|orang dalam)\b|jalur cepat (?:ke )?(?:korea|jepang|taiwan|eps)|orang dalam",
            r"(?:pasti|dijamin|jaminan|100 ?%|garansi|auto) (?:lolos|lulus|berangkat|diterima|tembus|approved)|(?:lolos|lulus|tembus) (?:pasti|dijamin|100)",
            r"(?:certificate|visa|job|placement|pass)\w* (?:is )?guaranteed",
            r"visa\s+(?:\w+\s+){0,2}?(?:pasti|dijamin|terjamin|garansi|100 ?%|approved|tembus)|(?:dijamin|garansi|pasti) (?:dapat |dpt )?(?:visa|kerja|kerjaan)\b|100 ?% (?:visa|approved|lolos|berangkat|kerja)|guaranteed (?:visa|job|placement)",
            r"kunci jawaban|bocoran (?:soal|tes|ujian)|joki (?:tes|ujian)",
            r"(?:sertifikat|ijazah|skill test|\bjft\b|\bjlpt\b|topik|\bn[1-5]\b)\w*(?:\s+[\w&]+){0,3}?\s+(?:bisa |dapat )?(?:dibantu|diurus|dibeli|dibelikan|dibuatkan)",
            r"(?:tokutei|\bssw\b|kaigo|jepang|japan|korea|\beps\b)(?:\W+\w+){0,4}?\W+tanpa (?:tes|test|ujian)",
        ),
    ),
    Indicator(
        code="secrecy",
        title="Diminta merahasiakan",
        explanation="Perekrut yang meminta Anda merahasiakan keberangkatan dari keluarga atau petugas sedang menghindari pengawasan.",
        weight=0.45,
        severity="high",
        patterns=(
            r"ulah (?:bebeja|ngabejaan|nyarios)|aja (?:kandha|ngomong|crita)|ojo (?:ngomong|kandha|crito|cerito)|(?:ulah|aja|ojo|jangan) (?:\w+ )?(?:ka|marang|nang|ke) (?:saha|sapa|sopo|siapa)",
            r"(?:jangan|jgn|jngn|ojo|ulah) (?:\w+ )?(?:bilang|kasih tau|kasih tahu|kasitau|cerita|beritahu|beri tahu|kabari|lapor|posting|share|sebar|bilangin)\w*\s+(?:\w+\s+)?(?:keluarga|siapa|orang|ortu|orang tua|suami|istri|petugas|imigrasi|polisi|desa|pak rt|rt|kades|dinas|medsos|tetangga|teman)",
            r"rahasiakan|rahasiain|(?:harus|wajib|tolong) (?:di)?rahasia\w*|diam-diam|diam diam",
            r"tanpa (?:sepengetahuan|izin) (?:keluarga|orang tua|ortu|suami|istri|desa)|(?:gak|ga|tidak|tdk) usah (?:bilang|lapor|izin|pamit)",
            r"(?:jangan|jgn|ndak usah|ndk usah|tidak usah|tdk usah|gak usah|ga usah|tak payah|ora usah) (?:banyak )?tanya",
            r"(?:ortu|orang tua|keluarga|bapak|ibu|suami|istri)\w*\s+(?:\w+\s+)?(?:tidak|tdk|gak|ga|ndak|ora) (?:usah|perlu) (?:ikut|tahu|tau|ngerti|dikabari)",
        ),
        negatable=False,
    ),
    Indicator(
        code="false_statements",
        title="Disuruh berbohong atau memalsukan data",
        explanation="Disuruh mengaku turis atau memalsukan data adalah modus TPPO; memberi data palsu juga pidana (UU 18/2017 Pasal 79).",
        weight=0.5,
        severity="high",
        patterns=(
            rf"ngaku\w*\s+{W}{{0,2}}?(?:turis|wisata\w*|liburan|jalan.?jalan|umroh|umrah|kunjungan|ziarah|saudara|keluarga|pelajar)",
            rf"(?:bilang|jawab|katakan|sampaikan)\w*\s+{W}{{0,6}}?(?:liburan|jalan.?jalan|jalan ?2|jalan-jalan|wisata|berwisata|melancong|kunjungan keluarga|mau umroh|mau umrah|jenguk|main|berlibur)",
            rf"{CONDITIONALS} ditanya\s+{W}{{0,3}}?(?:imigrasi|petugas|polisi|aparat)",
            r"pura.?pura\w*|menyamar|data (?:bisa )?(?:dipalsu\w*|diubah|diganti|dimanipulasi)|dokumen (?:aspal|palsu)|paspor (?:aspal|palsu|orang lain)",
            r"(?:pakai|pake) (?:nama|identitas|paspor|ktp) orang lain",
            rf"{CONDITIONALS} ditanya\s+{W}{{0,2}}?(?:bilang|jawab|ngaku)",
        ),
        negatable=False,
    ),
    Indicator(
        code="pay_before_interview",
        title="Bayar dulu sebelum wawancara",
        explanation='Diminta membayar dulu agar bisa ikut wawancara atau "mengunci slot" adalah modus penipuan lowongan.',
        weight=0.3,
        severity="high",
        patterns=(
            rf"(?:bayar|transfer|tf|trf|dp|lunasi)\w*\s+{W}{{0,3}}?(?:dulu|dahulu|di ?muka)\s+{W}{{0,3}}?(?:sebelum|baru|agar|supaya|biar|untuk)\s+{W}{{0,2}}?(?:interview|wawancara|tes|test|jadwal|dipanggil|diproses|slot|kuota|berkas)",
            rf"(?:slot|kuota|kursi|jadwal)\s+(?:akan\s+)?(?:dikunci|diamankan|dibooking|aman)\s+{W}{{0,2}}?(?:setelah|kalau|jika|kalo)\s+{W}{{0,2}}?(?:transfer|bayar|dp|tf)",
            r"(?:bayar|transfer|tf)\w* (?:untuk|buat) (?:booking|kunci|mengunci|amankan|mengamankan) (?:slot|kuota|kursi|jadwal)|booking (?:slot|kuota|seat)",
            r"sebelum (?:interview|wawancara|tes|test|seleksi)\b[^.\n]{0,80}?\b(?:bayar|transfer|tf|trf|setor|lunasi|dilunasi)\b",
            r"\b(?:bayar|dibayar|transfer|tf|trf|setor|lunasi|dilunasi|lunas)\b[^.\n]{0,60}?\bsebelum (?:interview|wawancara|tes|test|seleksi)\b",
        ),
    ),
    Indicator(
        code="urgency_pressure",
        title="Tekanan waktu",
        explanation='Desakan "kuota terbatas, buruan" membuat orang tidak sempat mengecek perusahaan; lowongan resmi memberi waktu untuk verifikasi.',
        weight=0.06,
        severity="low",
        patterns=(
            r"(?:kuota|slot|kursi|tempat|seat)\s+(?:\w+\s+)?(?:terbatas|tinggal|sisa|hampir penuh|limited)",
            r"(?:sisa|tinggal) \d+ (?:slot|kursi|orang|kuota|seat)|\bburuan\b|\bburu2\b|\bcepetan\b|siapa cepat",
            r"(?:hari ini|malam ini|besok) (?:terakhir|ditutup|close)|jangan sampai (?:ketinggalan|nyesel|menyesal)|kesempatan (?:emas|langka|terakhir)|\blimited\b",
        ),
        negatable=False,
    ),
    Indicator(
        code="unlicensed_ship_crew",
        title="Kerja kapal tanpa agen berizin",
        explanation="Awak kapal perikanan sering menjadi korban kerja paksa; perekrutnya wajib berizin dan Anda perlu buku pelaut, BST dan PK laut.",
        weight=0.2,
        severity="medium",
        patterns=(
            r"\babk\b|kapal (?:ikan|pesiar|asing|tanker|cargo|kargo|penangkap)|awak kapal|crew kapal|kerja (?:di )?kapal|long ?liner|fishing vessel",
        ),
        unless_any=(
            LICENCE,
            r"\bbst\b|buku pelaut|stcw|perjanjian kerja laut|\bpkl\b|kemenhub|syahbandar",
        ),
    ),
    Indicator(
        code="personal_data_request",
        title="Minta data pribadi lewat chat",
        explanation="Meminta foto KTP, KK atau paspor langsung lewat chat adalah tanda yang disebut Kemnaker; data itu bisa disalahgunakan.",
        weight=0.12,
        severity="medium",
        patterns=(
            rf"kirim\w*\s+{W}{{0,2}}?(?:foto\s+)?(?:ktp|kk|kartu keluarga|paspor|passport|data diri|selfie|ijazah|akta)\s+{W}{{0,3}}?(?:ke|via|lewat|di)\s+(?:wa|whatsapp|inbox|dm|japri|telegram|nomor|no|sini)",
            rf"(?:ktp|kk|paspor|data diri)\s+{W}{{0,2}}?(?:kirim|dikirim|kirimkan)\s+{W}{{0,2}}?(?:wa|whatsapp|inbox|dm|japri|telegram)",
        ),
        negatable=False,
    ),
    # --- someone is already in danger: these set Assessment.emergency -----------------------
    Indicator(
        code="passport_taken",
        title="Paspor sudah ditahan",
        explanation="Paspor yang ditahan majikan atau agen melanggar hak pekerja dan merupakan indikator kerja paksa.",
        weight=0.3,
        severity="high",
        emergency=True,
        patterns=(
            rf"(?:paspor|passport)(?:nya|ku|\s+(?:saya|sy|ku|aku|kami|adik|adek|anak|kakak|kaka|suami|istri|dia|teman|keponakan|kita))\s+{W}{{0,2}}?(?:ditahan|diambil|disita|dirampas|tidak dikembalikan|gak dikembalikan|ga dikembalikan|dipegang (?:bos|majikan|agen|perusahaan|mandor))",
            r"(?:paspor|passport)\s+(?:sudah|udah|sdh|telah|masih|lagi)\s+(?:\w+\s+)?(?:ditahan|diambil|disita|dirampas|dipegang)",
        ),
    ),
    Indicator(
        code="confinement",
        title="Dikurung / tidak boleh keluar",
        explanation="Dikurung atau dilarang keluar dan pulang adalah pembatasan gerak, tanda kerja paksa dan perdagangan orang.",
        weight=0.35,
        severity="high",
        emergency=True,
        patterns=(
            r"(?:keluarga|kulawarga|sedulur|kolot|orang tua)\w*\s+(?:\w+\s+)?(?:teu|tidak|tdk|gak|ga|ora|mboten|dilarang)\s+(?:kenging|boleh|oleh|angsal|bisa|tiasa\s+)?\s*(?:nganjang|ngalongok|jenguk|menjenguk|berkunjung|ketemu|tepang|nemoni|nilik)",
            r"dikurung|disekap|dikunci (?:di|dalam)|(?:tidak|gak|ga|tdk|nggak|ngga) (?:boleh|bisa|diizinkan|dikasih) (?:keluar|pulang|kabur)|dilarang (?:keluar|pulang)",
            r"dijaga (?:ketat|satpam|penjaga|orang bersenjata)|penjaga bersenjata",
        ),
    ),
    Indicator(
        code="forced_scam_work",
        title="Dipaksa menipu atau bekerja",
        explanation="Dipaksa menipu orang atau bekerja di luar perjanjian adalah eksploitasi yang diancam pidana TPPO (UU 21/2007).",
        weight=0.35,
        severity="high",
        emergency=True,
        patterns=(
            r"dipaksa (?:untuk )?(?:menipu|nipu|scam|jadi scammer|kerja|bekerja|judi|melayani|lembur)|disuruh (?:menipu|nipu|scam\w*)",
            r"kerja (?:jadi )?(?:nipu|scammer|penipu)|(?:kena|dikasih) target (?:harian|tipu|nipu)",
            r"dijual (?:ke|lagi)|(?:minta|bayar) tebusan|uang tebus\w*|denda (?:\w+ )?(?:untuk|biar|supaya) (?:bisa )?(?:pulang|keluar|bebas)",
        ),
    ),
    Indicator(
        code="violence",
        title="Kekerasan",
        explanation="Kekerasan fisik, ancaman atau pelecehan terhadap pekerja adalah tindak pidana dan tanda kerja paksa.",
        weight=0.35,
        severity="high",
        emergency=True,
        patterns=(
            r"dipukul\w*|disetrum|dianiaya|disiksa|ditampar|ditendang|dilecehkan|diperkosa|disiram|diancam (?:dibunuh|dipukul|dijual)",
        ),
    ),
    Indicator(
        code="wage_deferred",
        title="Gaji baru dibayar di akhir kontrak",
        explanation="Gaji yang ditahan sampai kontrak selesai membuat pekerja tidak bisa pergi; menahan upah adalah indikator kerja paksa. Gaji harus dibayar rutin sesuai Perjanjian Kerja.",
        weight=0.35,
        severity="high",
        patterns=(
            rf"(?:gaji|upah|salary|bayaran)\w*\s+(?:{W}){{0,4}}?(?:dibayar\w*|diberi\w*|dikasih\w*|cair|diterima|paid|dibayare)\s+(?:di |pada |setelah |saat |waktu |pas |at the )?(?:akhir|selesai|habis|end of|after)\s+(?:kontrak|masa kerja|contract|kerja)",
            rf"(?:gaji|upah)\w*\s+(?:{W}){{0,2}}?(?:ditabung|disimpan|ditahan|dititip\w*)\s+(?:oleh |sama |di |ning |karo )?(?:perusahaan|agen|agensi|kantor|kapten|bos|majikan|pt|kami)\b",
        ),
    ),
    Indicator(
        code="wages_unpaid",
        title="Gaji tidak dibayar",
        explanation="Gaji yang ditahan atau tidak dibayar adalah indikator kerja paksa; pekerja berhak atas upah sesuai PK.",
        weight=0.3,
        severity="high",
        emergency=True,
        patterns=(
            rf"(?:gaji|upah)\w*\s+(?:{W}){{0,2}}?(?:tidak|belum|gak|ga|nggak|ngga|tak|tdk|blm) (?:pernah )?(?:di ?bayar\w*|dikasih|diberi\w*|keluar|cair|turun)",
            r"(?:tidak|belum|gak|ga|tdk|blm) (?:di ?gaji|gajian|dibayar)\s+(?:\w+\s+)?(?:\d+|dua|tiga|empat|lima|enam|berbulan)",
            r"(?:\d+|dua|tiga|empat|lima|enam|tujuh|delapan|berbulan)[\s-]+(?:bulan|bln)\s+(?:\w+\s+)?(?:tidak|belum|gak|ga|tdk|blm) (?:di ?gaji|gajian|dibayar)",
        ),
    ),
)

INDICATORS_BY_CODE: dict[str, Indicator] = {ind.code: ind for ind in INDICATORS}

# When the first code fires, the second describes the same words and is dropped.
SUPERSEDES: dict[str, str] = {
    "passport_taken": "passport_retention",
    "upfront_fee": "unverified_fee",
    "zero_cost_job_fee": "unverified_fee",
    # "direct hire, no PT" already says that no licensed company is involved: one flag, not two
    "direct_hire_domestic": "no_company_licence",
}

_CLAUSE_BREAK = r"(?!\b(?:dan|tapi|tetapi|lalu|terus|serta|juga|atau|namun)\b)[^,.;:!?\n]"
_NEGATION_BEFORE = re.compile(rf"\b{NEGATIONS}\b(?:{_CLAUSE_BREAK}){{0,28}}$")
_WARNING_BEFORE = re.compile(rf"(?:^|[^a-z])(?:{WARNINGS})[^.!?\n]*$")
_CONDITIONAL_BEFORE = re.compile(rf"\b{CONDITIONALS}\b[^.!?\n]{{0,40}}$")


def is_negated(text: str, start: int, *, emergency: bool = False) -> bool:
    """Is the match at ``start`` cancelled by a negation, a warning or (emergencies) a condition?

    "bukan visa turis", "tidak ada uang pendaftaran" and "Waspada tawaran ke Kamboja" must not
    fire; for emergency rows a condition ("jika paspor Anda ditahan, ...") is advice, not an event.
    """
    if _NEGATION_BEFORE.search(text[max(0, start - 45) : start]):
        return True
    if _WARNING_BEFORE.search(text[max(0, start - 200) : start]):
        return True
    return emergency and bool(_CONDITIONAL_BEFORE.search(text[max(0, start - 60) : start]))
