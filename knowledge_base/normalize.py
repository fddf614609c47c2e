"""Normalise informal Indonesian (with some Javanese, Sundanese and English) for retrieval.

Candidates write as they text: "gmn caranya krj ke taiwan yg resmi", "brkas2 apa aja",
"paspot sy ditahan pt". Off-the-shelf slang normalisers make harmful mistakes here ("dr" →
"dokter", "nya" → "ya", "G to G" mangled), so this module uses a small project-specific table.

``normalize_text`` gives lower-case words without emoji or punctuation, with slang, typos,
regional words and English key terms mapped to the Indonesian words the articles use.
``tokenize`` goes on to strip the particles -nya/-kah/-lah and drop stopwords, for BM25.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

# Phrases first (before punctuation is removed), so "G to G" stays one token.
_PHRASES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"\bg\s*(?:-?\s*to\s*-?|-|2)\s*g\b", " gtog "),
        (r"\bp\s*(?:-?\s*to\s*-?|-|2)\s*p\b", " ptop "),
        (r"\bhong\s*-?\s*kong\b", " hongkong "),
        (r"\bkorea\s+selatan\b", " korea "),
        (r"\bsouth\s+korea\b", " korea "),
        (r"\barab\s+saudi\b|\bsaudi\s+arabia\b", " saudi "),
        (r"\bcall\s*-?\s*cent(?:er|re)\b", " callcenter "),
        (r"\bdi\s+mana\b", " dimana "),
        (r"\bke\s+mana\b", " kemana "),
        (r"\bwhats\s*app\b|\bwa\b", " whatsapp "),
        (r"\bnon\s*-?\s*prosedural\b", " nonprosedural "),
        (r"\bbpjs\s*-?\s*tk\b", " bpjs ketenagakerjaan "),
        # The articles say "PMI"; users spell it out in many ways.
        (r"\b(?:calon\s+)?(?:pekerja|tenaga\s+kerja|buruh)\s+migran(?:\s+indonesia)?\b", " pmi "),
        (r"\btenaga\s+kerja\s+(?:indonesia|wanita)\b", " pmi "),
        (r"\bmigrant\s+workers?\b", " pmi "),
        (r"\bluar\s+neg(?:e)?ri\b", " luarnegeri "),
        (r"\babroad\b|\boverseas\b", " luarnegeri "),
    )
)

# One word → one or more words. Keys are lower-case words after punctuation removal.
SLANG: dict[str, str] = {
    # question words
    "gmn": "bagaimana",
    "gmna": "bagaimana",
    "gimana": "bagaimana",
    "gimn": "bagaimana",
    "bgmn": "bagaimana",
    "bgmna": "bagaimana",
    "bagaimna": "bagaimana",
    "gmana": "bagaimana",
    "piye": "bagaimana",
    "pripun": "bagaimana",
    "kepriye": "bagaimana",
    "kumaha": "bagaimana",
    "opo": "apa",
    "naon": "apa",
    "apaan": "apa",
    "ap": "apa",
    "apah": "apa",
    "brp": "berapa",
    "brapa": "berapa",
    "berapah": "berapa",
    "pira": "berapa",
    "sabaraha": "berapa",
    "dmn": "dimana",
    "dmana": "dimana",
    "dimn": "dimana",
    "ndi": "dimana",
    "endi": "dimana",
    "kmn": "kemana",
    "kpn": "kapan",
    "knp": "kenapa",
    "napa": "kenapa",
    "ngapa": "kenapa",
    "sapa": "siapa",
    # negation and modality
    "gak": "tidak",
    "ga": "tidak",
    "gk": "tidak",
    "g": "tidak",
    "gag": "tidak",
    "nggak": "tidak",
    "ngga": "tidak",
    "nggk": "tidak",
    "enggak": "tidak",
    "engga": "tidak",
    "ndak": "tidak",
    "nda": "tidak",
    "tdk": "tidak",
    "tak": "tidak",
    "ora": "tidak",
    "teu": "tidak",
    "henteu": "tidak",
    "mboten": "tidak",
    "bs": "bisa",
    "bsa": "bisa",
    "iso": "bisa",
    "isa": "bisa",
    "tiasa": "bisa",
    "saged": "bisa",
    "hrs": "harus",
    "kudu": "harus",
    "kedah": "harus",
    "wajib": "wajib",
    "blh": "boleh",
    "pgn": "ingin",
    "pengen": "ingin",
    "pingin": "ingin",
    "pengin": "ingin",
    "kepingin": "ingin",
    "mo": "mau",
    "mw": "mau",
    "arep": "mau",
    "hoyong": "ingin",
    # function words
    "yg": "yang",
    "sing": "yang",
    "nu": "yang",
    "dr": "dari",
    "dri": "dari",
    "teko": "dari",
    "tina": "dari",
    "utk": "untuk",
    "untk": "untuk",
    "dgn": "dengan",
    "dg": "dengan",
    "karo": "dengan",
    "sm": "sama",
    "klo": "kalau",
    "kalo": "kalau",
    "klw": "kalau",
    "kl": "kalau",
    "lek": "kalau",
    "upami": "kalau",
    "tp": "tapi",
    "tpi": "tapi",
    "jd": "jadi",
    "jdi": "jadi",
    "krn": "karena",
    "karna": "karena",
    "soale": "karena",
    "aja": "saja",
    "aj": "saja",
    "wae": "saja",
    "sdh": "sudah",
    "udh": "sudah",
    "udah": "sudah",
    "dah": "sudah",
    "wis": "sudah",
    "wes": "sudah",
    "parantos": "sudah",
    "blm": "belum",
    "belom": "belum",
    "durung": "belum",
    "acan": "belum",
    "lg": "lagi",
    "sblm": "sebelum",
    "stlh": "setelah",
    "bkn": "bukan",
    "dlm": "dalam",
    "ttg": "tentang",
    "trs": "terus",
    "trus": "terus",
    "sy": "saya",
    "aq": "saya",
    "aku": "saya",
    "gw": "saya",
    "gue": "saya",
    "abdi": "saya",
    "kulo": "saya",
    "kula": "saya",
    "org": "orang",
    "tmn": "teman",
    "bgt": "banget",
    "gratis": "gratis",
    "free": "gratis",
    "gaji": "gaji",
    "gajih": "gaji",
    "bayaran": "gaji",
    "duit": "uang",
    "doku": "uang",
    "umur": "usia",
    # migration vocabulary
    "krj": "kerja",
    "kerjo": "kerja",
    "gawe": "kerja",
    "nyambut": "kerja",
    "damel": "kerja",
    "digawe": "kerja",
    "tki": "pmi",
    "tkw": "pmi",
    "cpmi": "pmi",
    "pjtki": "p3mi",
    "pptkis": "p3mi",
    "ppkis": "p3mi",
    "pt": "p3mi",
    "pjtk": "p3mi",
    "paspot": "paspor",
    "pasport": "paspor",
    "pasfor": "paspor",
    "paspotnya": "paspornya",
    "passport": "paspor",
    "pspr": "paspor",
    "dokumn": "dokumen",
    "dokumenn": "dokumen",
    "dkmn": "dokumen",
    "dokument": "dokumen",
    "document": "dokumen",
    "documents": "dokumen",
    "brkas": "berkas",
    "ngurus": "urus",
    "ngurusin": "urus",
    "urusin": "urus",
    "mengurus": "urus",
    "diurus": "urus",
    "brgkt": "berangkat",
    "brngkt": "berangkat",
    "brkt": "berangkat",
    "brangkat": "berangkat",
    "mangkat": "berangkat",
    "byaya": "biaya",
    "biyaya": "biaya",
    "biayah": "biaya",
    "syrt": "syarat",
    "srt": "surat",
    "prjnjian": "perjanjian",
    "medikal": "medical",
    "mcu": "medical",
    "lowker": "lowongan",
    "loker": "lowongan",
    "mjikan": "majikan",
    "boss": "majikan",
    "bos": "majikan",
    "dsnaker": "disnaker",
    "disnakertrans": "disnaker",
    "kemnaker": "kemnaker",
    "bnp2tki": "bp2mi",
    "kemenp2mi": "kp2mi",
    "embassy": "kbri",
    "kjri": "kjri",
    "penyalur": "p3mi",
    "calo": "calo",
    "nyari": "cari",
    "ngirim": "kirim",
    "nanya": "tanya",
    "ngelapor": "lapor",
    "ngasih": "kasih",
    "bayarin": "bayar",
    "carane": "caranya",
    "dadi": "jadi",
    "sponsornya": "sponsornya",
    "ngelamar": "lamar",
    "ngelamar2": "lamar",
    # more informal spellings seen in candidates' questions
    "sarat": "syarat",
    "syarat2": "syarat",
    "thn": "tahun",
    "taun": "tahun",
    "th": "tahun",
    "msh": "masih",
    "masi": "masih",
    "skrg": "sekarang",
    "skrng": "sekarang",
    "saiki": "sekarang",
    "blg": "bilang",
    "cpt": "cepat",
    "plg": "pulang",
    "balik": "pulang",
    "negri": "negeri",
    "nagri": "negeri",
    "ln": "luar negeri",
    "serkom": "sertifikat kompetensi",
    "ngadu": "adu",
    "ngaduin": "adu",
    "dampingin": "dampingi",
    "ngizinin": "izin",
    "ngijinin": "izin",
    "ijin": "izin",
    "tetep": "tetap",
    "dapet": "dapat",
    "ditangkep": "ditangkap",
    "ngapain": "apa",
    "nomer": "nomor",
    "hp": "telepon",
    "art": "prt",
    "pembantu": "prt",
    "babu": "prt",
    "nyuruh": "suruh",
    "disuruh": "suruh",
    "kades": "kepala desa",
    "lurah": "lurah",
    "ortu": "orang tua",
    "bapak2": "bapak",
    "sodara": "saudara",
    "kluarga": "keluarga",
    "keluarga2": "keluarga",
    "kabur": "kabur",
    "nipu": "tipu",
    "ketipu": "tipu",
    "ditipu": "tipu",
    "penipu": "tipu",
    "duid": "uang",
    "dp": "uang muka",
    "trf": "transfer",
    "tf": "transfer",
    "ngutang": "utang",
    "hutang": "utang",
    "potongan": "potong",
    "dipotong": "potong",
    "motong": "potong",
    "kontrak2": "kontrak",
    # common chat abbreviations
    "jg": "juga",
    "jgn": "jangan",
    "sj": "saja",
    "tsb": "tersebut",
    "spt": "seperti",
    "kyk": "seperti",
    "kayak": "seperti",
    "sbg": "sebagai",
    "pd": "pada",
    "kpd": "kepada",
    "thd": "terhadap",
    "ttp": "tetap",
    "bnyk": "banyak",
    "bbrp": "beberapa",
    "prnh": "pernah",
    "gini": "begini",
    "emg": "memang",
    "emang": "memang",
    "bener": "benar",
    "bnr": "benar",
    "mksd": "maksud",
    "mksh": "terima kasih",
    "tlg": "tolong",
    "mhn": "mohon",
    "sampe": "sampai",
    "ampe": "sampai",
    "nyampe": "sampai",
    "dpt": "dapat",
    "liat": "lihat",
    "ngeliat": "lihat",
    "tau": "tahu",
    "pake": "pakai",
    "pakek": "pakai",
    "kasi": "kasih",
    "ksh": "kasih",
    "bikin": "buat",
    "bkin": "buat",
    "ngajuin": "ajukan",
    "daptar": "daftar",
    "dftr": "daftar",
    "prusahaan": "perusahaan",
    "prshn": "perusahaan",
    "perushaan": "perusahaan",
    "agn": "agen",
    "lwt": "lewat",
    "ijasah": "ijazah",
    "srtfkt": "sertifikat",
    "kursus": "pelatihan",
    "gajian": "gaji",
    "upah": "gaji",
    "kerjaan": "kerja",
    "nganggur": "menganggur",
    "bini": "istri",
    "laki": "suami",
    "lakik": "suami",
    "ilegel": "ilegal",
    "sbnrnya": "sebenarnya",
    "kenapa2": "kenapa",
    "gpp": "tidak apa apa",
    "knapa": "kenapa",
    "apkh": "apakah",
    # Javanese
    "wong": "orang",
    "ono": "ada",
    "enek": "ada",
    "onten": "ada",
    "nek": "kalau",
    "nang": "ke",
    "neng": "di",
    "ning": "di",
    "teng": "di",
    "menyang": "ke",
    "kuwi": "itu",
    "iku": "itu",
    "niki": "ini",
    "iki": "ini",
    "metu": "keluar",
    "dikon": "suruh",
    "dibalekke": "dikembalikan",
    "balekke": "kembalikan",
    "siapke": "siapkan",
    "dicekel": "ditahan",
    "cekel": "tahan",
    "mbayar": "bayar",
    "dibayar": "bayar",
    "duwit": "uang",
    "sampeyan": "anda",
    "panjenengan": "anda",
    "kowe": "kamu",
    "bojo": "suami",
    "bojoku": "suami",
    "anakku": "anak",
    "mlebu": "masuk",
    "lungo": "pergi",
    "golek": "cari",
    "percoyo": "percaya",
    "ngaku": "mengaku",
    "sopo": "siapa",
    "pundi": "mana",
    "dospundi": "bagaimana",
    # Sundanese
    "bade": "akan",
    "angkat": "berangkat",
    "ka": "ke",
    "kolot": "orang tua",
    "sepuh": "orang tua",
    "teh": "",
    "mah": "",
    "atuh": "",
    "kitu": "begitu",
    "dimanten": "dimana",
    "iraha": "kapan",
    "saha": "siapa",
    "naha": "kenapa",
    "tos": "sudah",
    "padamelan": "kerja",
    "artos": "uang",
    "palay": "ingin",
    # countries and regions
    "hk": "hongkong",
    "malay": "malaysia",
    "msia": "malaysia",
    "mly": "malaysia",
    "sg": "singapura",
    "singapore": "singapura",
    "singapur": "singapura",
    "spore": "singapura",
    "korsel": "korea",
    "korea": "korea",
    "japan": "jepang",
    "jpg": "jepang",
    "jpn": "jepang",
    "tw": "taiwan",
    "taiwn": "taiwan",
    "ksa": "saudi",
    "cambodia": "kamboja",
    "kamboja": "kamboja",
    "thai": "thailand",
    "timteng": "timur tengah",
    "poland": "polandia",
    "germany": "jerman",
    "uae": "uea",
    "dubai": "uea",
    # English key terms
    "legal": "resmi",
    "official": "resmi",
    "officially": "resmi",
    "work": "kerja",
    "working": "kerja",
    "job": "kerja",
    "jobs": "kerja",
    "worker": "pekerja",
    "workers": "pekerja",
    "fee": "biaya",
    "fees": "biaya",
    "cost": "biaya",
    "costs": "biaya",
    "pay": "bayar",
    "salary": "gaji",
    "wage": "gaji",
    "wages": "gaji",
    "agency": "agensi",
    "agent": "agen",
    "agencies": "agensi",
    "recruiter": "perekrut",
    "contract": "kontrak",
    "training": "pelatihan",
    "requirement": "syarat",
    "requirements": "syarat",
    "age": "usia",
    "insurance": "asuransi",
    "report": "lapor",
    "complaint": "pengaduan",
    "scam": "penipuan",
    "fraud": "penipuan",
    "fake": "palsu",
    "trafficking": "tppo",
    "employer": "majikan",
    "visa": "visa",
    "health": "kesehatan",
    "country": "negara",
    "countries": "negara",
    "illegal": "ilegal",
    "help": "bantuan",
    "safe": "aman",
    "domestic": "rumah tangga",
    "maid": "prt",
    "caregiver": "perawat",
    "nurse": "perawat",
}


# Regional words as calon PMI write them (Minangkabau, Manado Malay, Balinese, Malay of Riau,
# Kalimantan and Sabah), mapped to the Indonesian the articles use. Only words that cannot be
# read as another Indonesian word here; function words ("nan", "jo", "pe") become their
# Indonesian stopword so that they drop out of BM25 the same way. Merged below the main table:
# an entry there wins.
REGIONAL: dict[str, str] = {
    # Minangkabau
    "ambo": "saya", "baa": "bagaimana", "baa caro": "bagaimana",
    "caro": "cara", "caronyo": "caranya", "bara": "berapa", "barapo": "berapa", "apo": "apa",
    "dima": "dimana", "kama": "kemana", "bilo": "kapan", "mangapo": "mengapa",
    "karajo": "kerja", "bakarajo": "bekerja", "pitih": "uang", "bayia": "bayar",
    "dibayia": "dibayar", "umua": "usia", "japang": "jepang", "sabalun": "sebelum",
    "barangkek": "berangkat", "paralu": "perlu", "surek": "surat", "kaluarga": "keluarga",
    "buliah": "boleh", "kalua": "keluar", "indak": "tidak", "ndak": "tidak", "ado": "ada",
    "alun": "belum", "juo": "juga", "sajo": "saja", "beko": "nanti", "siko": "sini",
    "sinan": "sana", "caliak": "lihat", "mancaliak": "melihat", "tampek": "tempat",
    "apak": "bapak", "amak": "ibu", "urang": "orang", "nan": "yang", "nio": "mau",
    "diambiak": "diambil", "tatinggal": "tertinggal", "ditangkok": "ditangkap",
    "takuik": "takut", "sapupu": "sepupu", "dunsanak": "saudara", "padusi": "perempuan",
    "nagari": "desa", "diteken": "ditandatangani", "maningga": "meninggal", "tuo": "tua",
    "baliak": "pulang", "pai": "pergi", "ikuik": "ikut",
    # Manado Malay
    "pigi": "pergi", "nyanda": "tidak", "nintau": "tidak tahu", "dorang": "mereka",
    "torang": "kami", "ngana": "kamu", "kase": "kasih", "dapa": "dapat", "bole": "boleh",
    "lebe": "lebih", "musti": "harus", "tamang": "teman", "mangarti": "mengerti",
    "bekeng": "bikin", "blajar": "belajar", "skolah": "sekolah", "brapa": "berapa",
    "pulang2": "pulang",
    # Balinese
    "tiang": "saya", "nggih": "ya", "sampun": "sudah", "nenten": "tidak", "napi": "apa",
    "kenken": "bagaimana", "perbekel": "kepala desa", "suksma": "terima kasih",
    # Malay of Riau, Kalimantan and Sabah
    "ape": "apa", "berape": "berapa", "mane": "mana", "kerje": "kerja", "pegi": "pergi",
    "tauke": "majikan", "towkay": "majikan", "kongsi": "perusahaan", "ejen": "agen",
    "polis": "polisi", "imigresen": "imigrasi",
    # East Javanese and Osing (Banyuwangi)
    "piro": "berapa", "pinten": "berapa", "sinten": "siapa", "ngendi": "dimana", "yaopo": "bagaimana",
    "kelendi": "bagaimana", "paran": "apa", "isun": "saya", "lare": "anak", "tonggo": "tetangga",
    "nong": "di", "gelem": "mau",
    # Betawi
    "kaga": "tidak", "kagak": "tidak",
    # Kupang and Flores Malay
    "sonde": "tidak", "beta": "saya", "bagemana": "bagaimana", "bagimana": "bagaimana",
    "pi": "pergi", "su": "sudah",
    # Palembang Malay, Medan, Ambon Malay ("seng" stays: in East Javanese it is "yang")
    "dak": "tidak", "galo": "semua", "kito": "kita", "dio": "dia", "pacak": "bisa", "jingok": "lihat",
    "cemana": "bagaimana", "katong": "kami", "pung": "punya", "iko": "ikut", "dolo": "dulu",
    "laeng": "lain",
    # Banjar (South Kalimantan) and Acehnese Indonesian
    "ulun": "saya", "pian": "anda", "kada": "tidak", "handak": "mau", "wayah": "waktu",
    "gawian": "pekerjaan", "tulak": "berangkat", "bulik": "pulang", "kawa": "bisa", "haja": "saja",
    "gasan": "untuk", "kaina": "nanti", "jar": "katanya", "inya": "dia", "hanyar": "baru",
    "kaluar": "keluar", "mambawai": "membawa", "ngaran": "nama", "malapor": "melapor",
    "malaporkan": "melaporkan", "maambil": "mengambil", "mangirim": "mengirim", "manahan": "menahan",
    "dibulikakan": "dikembalikan", "lon": "saya",
}
SLANG.update({word: meaning for word, meaning in REGIONAL.items() if word not in SLANG})
_REGIONAL_WORD = re.compile(r"[^\W\d_]+")


def standardize_regional(text: str) -> str:
    """``text`` with the regional words of :data:`REGIONAL` in Indonesian, everything else as it
    was (case, punctuation, slang): "paspor diambiak, indak buliah kalua" → "paspor diambil,
    tidak boleh keluar". For patterns written against Indonesian (the danger cues)."""
    return _REGIONAL_WORD.sub(lambda m: REGIONAL.get(m.group(0).lower(), m.group(0)), text)

# Words that look like reduplication shorthand ("kerja2") but are names or codes.
_NOT_REDUPLICATED = frozenset({"g2", "p2", "bp2", "k2", "s2", "d2", "h2"})
_REDUPLICATION = re.compile(r"^([a-z]{2,})2$")
_NON_WORD = re.compile(r"[^\w\s]|_", re.UNICODE)
_SPACES = re.compile(r"\s+")

# Words ending in -nya/-kah/-lah where that ending is part of the word, not a particle.
_KEEP_SUFFIX = frozenset(
    {
        "hanya",
        "tanya",
        "bertanya",
        "ditanya",
        "punya",
        "mempunyai",
        "nyonya",
        "senya",
        "karunia",
        "sanya",
        "langkah",
        "nikah",
        "menikah",
        "dinikah",
        "sekolah",
        "masalah",
        "jumlah",
        "sejumlah",
        "salah",
        "bersalah",
        "kalah",
        "olah",
        "diolah",
        "mengolah",
        "lelah",
        "telah",
        "sebelah",
        "istilah",
        "allah",
        "sedekah",
        "berkah",
        "galah",
        "belah",
        "ceramah",
        "madrasah",
        "sah",
        "kuliah",
        "lah",
        "kah",
        "nya",
        "nah",
        "wilayah",
        "bilah",
        "pilah",
        "tulah",
        "kilah",
        "tengah",
    }
)
_PARTICLES = ("nya", "kah", "lah")

STOPWORDS: frozenset[str] = frozenset(
    """
    yang dan di ke dari untuk dengan ini itu saya kamu anda kami kita dia mereka ia apa
    bagaimana berapa dimana kemana kapan siapa mengapa kenapa apakah adalah akan juga atau ada
    tidak bisa harus mau ingin saja sudah belum kalau jika bila agar supaya tapi tetapi namun
    karena jadi lagi sama pada oleh dalam tentang terus sih dong ya nih deh kok kak min gan
    bang mbak mas pak bu ibu bapak tolong mohon tanya nanya halo hai hallo permisi selamat
    pagi siang sore malam terima kasih makasih banget sekali sangat lebih masih boleh perlu
    begitu gitu caranya cara gimana seperti kayak misal misalnya para se nya lah kah pun
    tersebut sebuah suatu hal bagi antara sebagai secara setiap semua sesudah sebelum setelah
    maka yaitu yakni hanya bukan belum pernah sedang lalu kemudian dulu apa saja
    the a an is are am was were be to of in on for and or i my me you your it this that
    what how where when who why which do does can could should would will with from about
    """.split()
)


# Informal -in for -kan on di- verbs ("disiapin" = "disiapkan"); plain words ending in -in stay.
_DI_IN = re.compile(r"^di[a-z]{3,}in$")
_KEEP_IN = frozenset({"dingin", "dilain", "dirin"})


def _expand_reduplication(word: str) -> list[str]:
    match = _REDUPLICATION.match(word)
    if match and word not in _NOT_REDUPLICATED:
        base = match.group(1)
        return [base, base]
    return [word]


def _map_word(word: str) -> list[str]:
    if word in SLANG:
        return SLANG[word].split()
    if _DI_IN.match(word) and word not in _KEEP_IN:
        return [word[:-2] + "kan"]
    # "paspotnya", "gajinya": map the base, keep the particle.
    for particle in _PARTICLES:
        base = word[: -len(particle)]
        if word.endswith(particle) and base in SLANG and word not in _KEEP_SUFFIX:
            mapped = SLANG[base].split()
            mapped[-1] += particle
            return mapped
    return [word]


def normalize_text(text: str) -> str:
    """Return ``text`` lower-cased, without emoji or punctuation, slang mapped to Indonesian.

    A free-standing "nya" ("gaji nya") is joined to the word before it ("gajinya").
    """
    text = unicodedata.normalize("NFKC", text).lower()
    for pattern, replacement in _PHRASES:
        text = pattern.sub(replacement, text)
    text = _NON_WORD.sub(" ", text)
    words: list[str] = []
    for raw in text.split():
        for word in _expand_reduplication(raw):
            if word == "nya" and words:
                words[-1] += "nya"
                continue
            words.extend(_map_word(word))
    return _SPACES.sub(" ", " ".join(words)).strip()


def strip_particle(word: str) -> str:
    """Strip one clitic particle (-nya, -kah, -lah) unless it belongs to the word."""
    if word in _KEEP_SUFFIX:
        return word
    for particle in _PARTICLES:
        if word.endswith(particle) and len(word) - len(particle) >= 3:
            return word[: -len(particle)]
    return word


@cache
def _stemmer():
    # Sastrawi reads its dictionary on creation: done on first use, never at import.
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return StemmerFactory().create_stemmer()


@lru_cache(maxsize=65536)
def stem_word(word: str) -> str:
    """The Indonesian root of ``word`` (Sastrawi), e.g. "penempatan" → "tempat"."""
    if not word.isalpha() or len(word) < 4:
        return word
    return _stemmer().stem(word) or word


def with_bigrams(tokens: list[str]) -> list[str]:
    """``tokens`` plus each adjacent pair joined by "_" ("perjanjian kerja" → "janji_kerja").

    Pairs let BM25 tell "perjanjian kerja" from "perjanjian penempatan" and "visa kerja".
    """
    return tokens + [f"{a}_{b}" for a, b in zip(tokens, tokens[1:], strict=False)]


def tokenize(text: str, stem: bool = True) -> list[str]:
    """Normalise ``text`` and return its content words for BM25.

    Particles are stripped, stopwords dropped and, with ``stem``, words reduced to their roots
    so that "persyaratan" matches "syarat" and "ditempatkan" matches "penempatan".
    """
    tokens = []
    for word in normalize_text(text).split():
        if word in STOPWORDS:
            continue
        word = strip_particle(word)
        if stem:
            word = stem_word(word)
        if word not in STOPWORDS:
            tokens.append(word)
    return tokens


# --- numbers said in words (voice-to-text, older writers): "umur sembilan belas tahun" -> 19 ----
_UNITS = {
    "satu": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6, "tujuh": 7, "delapan": 8,
    "sembilan": 9,
    # Javanese, and its forms before "puluh"
    "siji": 1, "loro": 2, "telu": 3, "papat": 4, "limo": 5, "enem": 6, "pitu": 7, "wolu": 8,
    "songo": 9, "sanga": 9, "rong": 2, "telung": 3, "patang": 4, "limang": 5, "nem": 6,
}
_WHOLE = {
    "sepuluh": 10, "sebelas": 11, "seratus": 100, "seribu": 1000,
    "sewelas": 11, "rolas": 12, "telulas": 13, "patbelas": 14, "limolas": 15, "nembelas": 16,
    "pitulas": 17, "wolulas": 18, "songolas": 19, "selawe": 25, "seket": 50, "suwidak": 60,
}
_SCALES = {"belas": None, "puluh": 10, "ratus": 100}
_NUMBER_WORD = "|".join(sorted([*_UNITS, *_WHOLE, *_SCALES], key=len, reverse=True))
_NUMBER_RUN = re.compile(rf"\b(?:{_NUMBER_WORD})(?:\s+(?:{_NUMBER_WORD}))*\b", re.IGNORECASE)


def _run_value(words: list[str]) -> int | None:
    value = pending = 0
    for word in words:
        if word in _UNITS:
            if pending:
                return None  # "dua tiga" is two numbers (or a range), not one
            pending = _UNITS[word]
        elif word in _WHOLE:
            value += _WHOLE[word] + pending
            pending = 0
        elif word == "belas":
            if not pending:
                return None
            value, pending = value + 10 + pending, 0
        else:  # puluh, ratus
            if not pending:
                return None
            value, pending = value + pending * (_SCALES[word] or 1), 0
    return value + pending


def spoken_numbers(text: str) -> str:
    """``text`` with numbers said in words written as digits: "sembilan belas tahun" -> "19 tahun",
    "dua puluh lima juta" -> "25 juta", "umure wolulas" -> "umure 18". A run that is not one number
    ("dua tiga hari") is left as it was."""
    def convert(match: re.Match[str]) -> str:
        words = match.group(0).lower().split()
        if len(words) == 1 and words[0] in _UNITS:
            return match.group(0)  # "dua orang", "lima" alone: not worth changing
        value = _run_value(words)
        return str(value) if value else match.group(0)

    return _NUMBER_RUN.sub(convert, text or "")
