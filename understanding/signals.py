"""What a message asks for, read from its words: small talk, a wish to report, a request to check an
offer, a question, and whether it is about working abroad at all.

All patterns run on ``knowledge_base.normalize_text`` output (the project's normaliser for informal
Indonesian, Javanese, Sundanese and abbreviations), so "gmn", "piye" and "kumaha" look alike here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from knowledge_base import DESTINATION_WORDS, STOPWORDS, detect_country, normalize_text

SmallTalk = Literal["greet", "thanks", "bye", "identity", "ack", "laugh", "help", "creator",
                    "language"]

_GREET = (r"halo|hallo|hai|hi|hello|helo|hey|pagi|siang|sore|malam|selamat (?:pagi|siang|sore|malam)|"
          r"assalamualaikum|assalamu alaikum|assalamualaikum wr wb|askum|salam|permisi|punten|"
          r"sampurasun|kulonuwun|nuwun sewu|min|admin|kak|kakak|gan|bro|sis|mas|mbak|pak|bu|om|"
          r"ibu|bapak|sugeng (?:enjing|siang|sonten|dalu)|wilujeng (?:enjing|siang|sonten|wengi)|"
          r"met (?:pagi|siang|sore|malam)")
_THANKS = (r"terima kasih|terimakasih|makasih|makasi|trims|tks|thx|thanks|thank you|matur nuwun|"
           r"maturnuwun|hatur nuhun|nuhun|suwun|tengkyu|mksh|makasih banyak|tq|ty|tampi asih|tampiasih|"
           r"kurre sumangek|ka?lumangngé")
_BYE = (r"dadah|bye|sampai jumpa|daah|pamit|wassalam|assalamualaikum pamit|see you|"
        r"(?:sudah|udah|udh|sdh|wis|uwis|tos|atos) (?:mi |ya |deh |ah |sih )?(?:dulu|disik|sik|heula)|"
        r"segitu dulu|itu dulu|cukup dulu|cukup|sampun rumiyin")
# "kowe iso basa jawa ora?", "bisa bahasa sunda?": which languages the bot understands.
_LANGUAGE = re.compile(
    r"\b(?:bisa|iso|isa|bisa ngerti|ngerti|paham|tiasa|tiasa ngartos|ngartos|mudeng|can you)\s+"
    r"(?:\w+\s+)?(?:bahasa|basa|boso|speak|understand)\s+(?:jawa|sunda|madura|inggris|english|"
    r"bugis|sasak|bali|batak|minang|daerah|jowo|indonesia|melayu)\b")
# "nanti sy kasih tau keluarga": the person will pass it on; an acknowledgement, not a question.
_WILL_TELL = re.compile(
    r"^(?:nanti|ntar|tar|mengko|engke|ke) (?:saya|sy|aku|kulo|abdi|kita) (?:kasih tau|kasih tahu|"
    r"kabari|kabarin|sampaikan|bilang|omongi|omongke|bejakeun|wartosan|ceritakan)\b")
_ACK = (r"ok|oke|okay|okey|baik|siap|sip|mantap|mantul|oh|ohh|oh gitu|o gitu|oh begitu|iya|ya|yaa|y|"
        r"nggih|enggih|muhun|oh ngono|paham|ngerti|noted|good|nice|keren|wah|hmm|hm|yaudah|ya sudah")
_LAUGH = r"wkwk\w*|haha\w*|hehe\w*|hihi\w*|xixi\w*|lol"
_IDENTITY = (r"\b(?:kamu|anda|kau|lu|lo|sampeyan|panjenengan|maneh|ente|ini) (?:itu )?(?:robot|bot|manusia|"
             r"orang|asli|siapa|ai|mesin|chatbot|admin)|(?:robot|bot|manusia|orang asli|ai) (?:ya|kah|bukan)|"
             r"(?:apakah|apa) (?:ini|kamu|anda) (?:robot|bot|manusia)|are you (?:a )?(?:bot|robot|human)|"
             r"siapa (?:kamu|anda|ini)|ini siapa|sing bales sopo|saha ieu|saha anjeun|ngobrol sama siapa")
_CREATOR = r"siapa (?:yang )?(?:buat|bikin|membuat|punya|pemilik)|(?:dibuat|dibikin) (?:oleh )?siapa"
_HELP = r"menu|help|bantuan|tolong bantu|bisa apa|bisa bantu apa|fitur|apa saja yang bisa"
# "sira bisa bantu apa bae sih?", "kamu bisa ngapain aja": what the bot can do.
_CAPABILITIES = re.compile(
    r"\b(?:(?:kamu|kau|sira|anda|maneh|kowe|sampeyan|panjenengan|bot|ini|lu|lo|ente|situ|min|kak)"
    r" (?:bisa|iso|isa|tiasa) (?:bantu |bantuin |ngebantu |mbantu |ngabantosan )?"
    r"|^(?:bisa|iso|isa|tiasa) (?:bantu|bantuin|ngebantu|mbantu|ngabantosan) )(?:apa|opo|naon|"
    r"ngapain)(?: (?:aja|saja|bae|wae|wae sih|bae sih|sih|ya|yah))?\b"
    r"|\bfungsi(?:nya)? (?:bot|kamu|ini)\b")
_SMALLTALK_TOKENS = re.compile(
    rf"^(?:(?:{_GREET}|{_THANKS}|{_BYE}|{_ACK}|{_LAUGH}|ya|yah|deh|dong|nih|sih|lah|ya ampun|"
    r"banyak|sekali|bgt|banget|infonya|informasinya|atas|infonya ya|jawabannya|bantuannya|semua|"
    r"mu|nya|juga|sama sama|sama2|kembali|wr|wb|warahmatullahi|wabarakatuh|wa|alaikumsalam|"
    r"walaikumsalam|saya|aku|kulo|abdi)\s*)+$"
)

_REPORT_VERB = (r"lapor|melapor|laporkan|melaporkan|laporin|ngelaporin|ngelapor|lapur|ngadu|mengadu|"
                r"adukan|mengadukan|aduin|ngaduin|pengaduan|report|adu|ngalapor|ngalaporkeun|"
                r"ngadukeun|dilaporkan|dilaporin|laporake|nglaporke|nglaporake|nglaporno|nglaporne|ngelaporno")
_WISH = (r"mau|ingin|pengen|pengin|pingin|kepengen|pgn|mo|mw|arep|ajeng|badhe|bade|hoyong|hayang|"
         r"rek|bakal|akan|perlu|harus|ingin sekali|pengen banget|saya|aku|kami|kulo|abdi|tolong|"
         r"bantu|bantuin|minta|izin|ijin|boleh saya")
_REPORT_TARGET = (r"sponsor|calo|perekrut|agen|agensi|pt|perusahaan|lpk|p3mi|pjtki|orang|penipu|"
                  r"tekong|majikan|bos|oknum|dia|mereka|penyalur|kantor|yayasan|kasus|penipuan|nya")
_REPORT_QUESTION = re.compile(
    r"\b(?:kemana|kmn|dimana|dmn|nomor|no|nomer|hotline|callcenter|kontak|telepon|telpon|wa|whatsapp|"
    r"cara|caranya|gimana|bagaimana|prosedur|syarat|apakah bisa|bisa gak|bisa tidak|bisakah|boleh gak|"
    r"alamat|email|website|situs|link|aplikasi|pertama|berapa|apa saja|ke siapa|siapa)\b"
)
_STRONG_WISH = re.compile(
    rf"\b(?:mau|ingin|pengen|pengin|pingin|kepengen|pgn|mo|mw|arep|ajeng|badhe|bade|hoyong|hayang|nak|"
    rf"rek|bakal|akan|tiang mau|sy mau|saya mau)\s+(?:\w+\s+){{0,1}}?(?:{_REPORT_VERB})\w*\b"
)
# "saya ingin melaporkan PT X …, bagaimana cara melapor?": the wish names whom; the how-to does
# not make it a question about reporting in general.
_WISH_WITH_TARGET = re.compile(
    rf"\b(?:mau|ingin|pengen|pengin|pingin|arep|ajeng|badhe|bade|hoyong|hayang|rek|akan)\s+"
    rf"(?:\w+\s+)?(?:{_REPORT_VERB})\w*\s+(?:\w+\s+)?(?:{_REPORT_TARGET}|akun)\b"
)
_CLEAR_REPORT = re.compile(
    rf"\b(?:{_WISH})\s+(?:\w+\s+){{0,2}}?(?:{_REPORT_VERB})\w*\b|"
    rf"^(?:{_REPORT_VERB})\w*\s+(?:\w+\s+){{0,2}}?(?:{_REPORT_TARGET})\b|"
    rf"\b(?:{_REPORT_VERB})\w*\s+(?:(?:si|ke|itu|ini|yang|kepada)\s+)?(?:{_REPORT_TARGET})\b|"
    r"\b(?:buat|bikin|ajukan|kirim) (?:laporan|pengaduan|aduan)\b"
)
# A concrete case told with the wish or the how-to ("cara lapor PT X yg nahan ijazah gw", "pripun
# carane lapor PT sing nipu wong sak desa"): the person has someone to report, so the form starts
# (with the answer above it) instead of a how-to answer and a button.
_CASE_HARM = re.compile(
    r"\b(?:tipu|nipu|menipu|ditipu|penipuan|ngapusi|diapusi|apusi|nahan|menahan|ditahan|tahan|nyimpen|"
    r"narik|menarik|(?:uang|duit)\w* (?:\w+ )?(?:sudah |udah |wis )?(?:diambil|dibawa kabur|dibawa lari)|"
    r"kantor\w* (?:\w+ )?(?:sudah |udah |wis )?tutup|"
    r"minta (?:uang|duit|dp|transfer|denda|biaya|tebusan)|njaluk|ambil (?:uang|duit|paspor)|"
    r"bawa (?:anak|warga|orang|cewek|perempuan)|kabur|ngilang|menghilang|hilang|diblokir|blokir|"
    r"(?:belum|tidak|gak|beli|tak kunjung|ga) (?:juga )?(?:berangkat|diberangkatkan|dibayar|bayar)|"
    r"motong|memotong|potong gaji|rekrut anak|penampungan|nampung|ilegal|jalur gelap|diseberangkan|"
    r"transfer \d|bayar \d|\d+ ?(?:jt|juta|ribu|rb)\b)"
)
_CASE_HYPOTHETICAL = re.compile(r"\b(?:kalau|kalo|klo|jika|jikalau|apabila|misal|misalnya|seandainya|"
                                r"upami|mun|nek|yen|lamun)\b")
HYPOTHETICAL = _CASE_HYPOTHETICAL  # "kalau ditipu ...": a case imagined, not told
# Someone (or something) one could report: a recruiter, a company, an account.
REPORT_TARGET = re.compile(rf"\b(?:{_REPORT_TARGET}|akun|grup|admin|tekong|lpk|manning|penyalur)\b")
# "bisa lapor di sini?", "tiasa lapor ngaliwatan dieu?", "iso nampani laporan?": reporting here.
_REPORT_HERE = re.compile(
    r"\b(?:lapor\w*|laporan|ngadu|mengadu)\b(?:\s+\w+){0,2}?\s+(?:di sini|disini|sini|lewat sini|"
    r"ngaliwatan dieu|dieu|di dieu|liwat kene|lewat kene|kene|ning kene|mriki|lewat bot|di bot|di aplikasi ini|"
    r"lewat sini bisa|online)\b|\b(?:nampani|nerima|menerima|terima|narima)\s+(?:\w+\s+)?(?:laporan|aduan|pengaduan)\b"
)
# "lapor pak, ada rumah …", "lapor min, ana akun fb …", "lapor atuh teh, aya …": the report itself.
_REPORT_OPENING = re.compile(
    r"^\s*(?:lapor|laporan|melapor|ijin lapor|izin lapor|mau lapor)\b[\s,!.]*(?:pak|bu|min|mas|mbak|kak|"
    r"bang|teh|kang|atuh|gan|bro|sis|om|ndan|admin|nggih|ya|nih|\s|,)*[\s,!.:-]*(?:ada|ana|ono|aya|enten|"
    r"wonten|ini|iki|ieu)\b",
    re.IGNORECASE,
)
# "masih bisa lapor gak?" about a past case asks whether it is still possible: answered.
_STILL_ALLOWED = re.compile(r"\b(?:masih|isih|keneh|tetap|tetep) (?:\w+ )?(?:bisa|boleh|tiasa|iso|kenging|"
                            r"oleh) (?:\w+ )?(?:lapor|dituntut|nuntut|menuntut|ngadu|diadukan)")


STILL_ALLOWED = _STILL_ALLOWED


def tells_case(normalized: str) -> bool:
    """Whether a (normalised) message tells a concrete case to report: a harm done by someone."""
    return bool(_CASE_HARM.search(normalized)) and not _CASE_HYPOTHETICAL.search(normalized) \
        and bool(re.search(rf"\b(?:{_REPORT_TARGET}|akun|grup|admin|laoban|rumah|kantor\w*)\b",
                           normalized))



# A person telling what already happened to them or their family (money paid and gone, promises
# that came to nothing, years without news), and asking what to do now: they need the answer and
# the way to report, not "Risiko: SEDANG, jangan bayar dulu" about money they already lost.
_OWN_PAST = re.compile(
    r"\b(?:sudah|telah|sempat|terlanjur|udh|wis|geus)\s+(?:\w+\s+){0,2}?(?:setor|nyetor|bayar|membayar|"
    r"keluar uang|keluar \d|transfer|kirim uang|serahkan|menyerahkan|gadai|menggadaikan|digadai\w*)\b|"
    r"\b(?:saya|kami|aku|istri|suami|anak|adik|kakak|ibu|bapak)\w*\s+(?:\w+\s+){0,3}?(?:setor|nyetor|bayar|"
    r"transfer|serahkan)\s+(?:\w+\s+)?(?:\d|rp)|"
    r"\bdijanjikan\b(?:\s+\w+){0,20}?\s+(?:tapi|ternyata|sampai sekarang|hingga kini|tidak ada|belum)\b|"
    r"\b(?:sampai sekarang|hingga kini|sampai saat ini|sampai hari ini)\b(?:\s+\w+){0,8}?\s+(?:tidak|belum)\s+"
    r"(?:ada|berangkat|jelas|kabar|dikembalikan|diberangkatkan|diproses|proses)\b|"
    r"\b(?:tidak|belum) ada kejelasan\w*|\blost contact\b|\bhilang kontak\b|\bputus kontak\b"
)
_ASKS_WHAT_NOW = re.compile(
    r"\b(?:harus|mesti|musti|kudu) (?:bagaimana|apa|ngapain|kemana|kemana lapor)|bagaimana (?:caranya|cara|ini)|"
    r"(?:uang\w*|duit\w*) (?:\w+ )?(?:bisa|dapat) (?:pulang|kembali|dikembalikan|ditarik|diminta)|"
    r"bisa (?:dikembalikan|kembali|pulang) (?:tidak|gak|ga|kah|nggak)|boleh (?:gitu|begitu|seperti itu)|"
    r"apa yang (?:harus|bisa|perlu)|(?:lapor|ngadu|mengadu) (?:ke )?(?:mana|kemana)|kemana (?:lapor|ngadu|mengadu)|"
    r"minta tolong|tolong bantu|bantu (?:saya|kami)|langkah apa|upaya apa"
)
_ASKS_IF_SAFE = re.compile(
    r"\b(?:aman|beneran|bener|benar|asli|resmi|legal|penipuan|nipu|percaya|dipercaya|scam|bodong|hoax|"
    r"hoaks|wajar|normal|masuk akal)\b")


def tells_own_story(text: str, normalized: str) -> bool:
    """Whether a message tells what already happened to the writer or their family and asks what
    to do now (not whether an offer is safe: "… aman kan ini?" stays a screening question)."""
    if not (_OWN_PAST.search(normalized) and _ASKS_WHAT_NOW.search(normalized)):
        return False
    tail = normalize_text(re.split(r"[.!?\n]+\s*(?=\S)", (text or "").strip())[-1])
    return not _ASKS_IF_SAFE.search(tail)

# A worker telling their own situation or past ("majikan saya …", "agenku minta ganti rugi",
# "adik saya berangkat tahun 1999 … hilang kontak"), with nothing proposed to them: no offer to
# screen, even with a country, a wage and a job in it.
_OWN_SITUATION = re.compile(
    r"\b(?:gaji|upah|cuti)\s?(?:saya|ku|aku)\b|\b(?:gajiku|upahku)\b|"
    r"\b(?:saya|aku|istri saya|suami saya|adik saya|kakak saya|ibu saya|anak saya)\s+(?:\w+\s+){0,2}?"
    r"(?:sudah|telah|pernah|sempat|dulu)\s+(?:\w+\s+)?(?:kerja|bekerja|berangkat|bayar|membayar|setor|menunggu|"
    r"tanda tangan|dipulangkan|ditahan|lapor|mencari|mendatangi)\b|"
    r"\bberangkat (?:\w+ )?(?:ke \w+ )?(?:sejak |pada )?tahun (?:19[89]\d|20[0-2]\d)\b|"
    r"\bhilang kontak\b|\blost contact\b|\bputus kontak\b|"
    # a death abroad and bringing the body home: a family's story, never an offer
    r"\b(?:meninggal|wafat|jenazah\w*|almarhum\w*|dimakamkan|mayat\w*)\b"
)
_MY_EMPLOYER = re.compile(r"\bmajikan\s?(?:saya|ku|aku)\b|\bmajikanku\b")
_PROPOSED = re.compile(
    r"\b(?:dibutuhkan|dicari|lowongan|loker|lowker|ditawari|ditawarin|ditawarkan|nawarin|nawari|menawarkan|"
    r"tawaran|tawarin|nawarkeun|info kerja|hubungi|minat|japri|dijanjikan|dijanjiin|diajak|ngajak|ngajakin|"
    r"mengajak|rekrut|merekrut|open|hiring|vacancy|program|peluang|job order|membuka|buka|sediakan|"
    r"menyediakan|uruskan|diuruskan|kami urus|talangi|ditalangi|gebyar|kursus|alumni|buatkan|"
    r"dibuatkan|bikinin|penampungan kami|asrama kami)\b"
)


def tells_experience(text: str, normalized: str) -> bool:
    """Whether a message tells the writer's own situation or past without anything proposed in it
    (and without asking whether something is safe)."""
    # "majikan saya" as written ("bos saya" in a recruiter's ad is normalised to it too)
    own = _OWN_SITUATION.search(normalized) or _MY_EMPLOYER.search((text or "").lower())
    if not own or _PROPOSED.search(normalized):
        return False
    tail = normalize_text(re.split(r"[.!?\n]+\s*(?=\S)", (text or "").strip())[-1])
    return not _ASKS_IF_SAFE.search(tail)


_REPORT_ANY = re.compile(rf"\b(?:{_REPORT_VERB})\w*\b|\blaporan\b|\baduan\b")
_NOT_REPORT = re.compile(r"\b(?:lapor diri|melapor diri|lapor kedatangan|wajib lapor|lapor ke kbri saat|"
                         r"lapor ke perwakilan)\b|\b(?:kudu|wajib|harus|perlu|kedah) lapor (?:ke |ning |ka )?(?:disnaker|desa|"
                         r"kelurahan|kbri|kjri|perwakilan|rt|rw)\b")

_CHECK_REQUEST = re.compile(
    r"\b(?:cek|check|cekin|periksa|priksa|teliti|lihat|liat|tolong lihat|tolong cek|bantu cek|"
    r"bantu periksa|nilai|analisa)\b(?:\s+\w+){0,3}?\s+(?:lowongan|loker|tawaran|info kerja|info loker|"
    r"pesan|chat|brosur|iklan|selebaran|postingan|postingannya|ini|itu|dong|yang ini|agen|penawaran|"
    r"pekerjaan|kerjaan|job)\b|\b(?:asli|palsu|hoax|hoaks|penipuan|nipu|beneran|bener|legit|resmi)\b"
    r"(?:\s+\w+){0,2}?\s+(?:gak|nggak|ga|tidak|ora|teu|atau|ato|apa|kah|ya|nggak sih|gak sih)\b"
)

_QUESTION = re.compile(
    r"\?|\b(?:apa|apakah|apa saja|bagaimana|gimana|gmn|berapa|kapan|dimana|kemana|kenapa|mengapa|"
    r"siapa|bisa|bisakah|boleh|bolehkah|harus|perlu|wajib|syarat|cara|caranya|piye|kepriye|pripun|"
    r"kumaha|naon|sabaraha|iraha|dimana|kamana|naha|opo|endi|ngendi|pundi|pinten|how|what|where|"
    r"when|can|should|is it|does|do i|mohon info|info dong|tanya|nanya|mau tanya|mo tanya|ingin tahu|"
    r"jelaskan|minta info|minta penjelasan|tolong jelaskan|benarkah|betulkah|bener gak|benar tidak|"
    r"aman gak|aman tidak|aman ora|aman teu|legal gak|resmi gak|gak ya|ga ya|nggak ya|ya kak|kah)\b"
)

# Words that say the message is about working abroad (after normalize_text).
_DOMAIN = re.compile(
    r"\b(?:luarnegeri|pmi|cpmi|tki|tkw|tkiw|migran|pekerja|kerja|bekerja|kerjo|nyambut gawe|gawe|"
    r"damel|lowongan|loker|sponsor|calo|agen|agensi|p3mi|pjtki|bp2mi|kp2mi|bp3mi|p4mi|ltsa|disnaker|"
    r"kemnaker|kemlu|kbri|kjri|kdei|paspor|visa|majikan|gaji|upah|kontrak|perjanjian|bpjs|opp|"
    r"orientasi|pelatihan|lpk|sertifikat|medical|medikal|mcu|tppo|perdagangan orang|trafficking|"
    r"penipuan|nipu|ditipu|deportasi|overstay|ilegal|illegal|nonprosedural|prosedural|resmi|legal|"
    r"siskop2mi|siapkerja|eps|topik|gtog|ssw|magang|"
    rf"{DESTINATION_WORDS}|"
    r"kapal|abk|pelaut|art|prt|pengasuh|"
    r"caregiver|perawat|lansia|pabrik|kilang|kebun|sawit|umrah|umroh|haji|ziarah|kepulangan|pulang|"
    r"penempatan|berangkat|keberangkatan|pemberangkatan|tiket|kur|pinjaman|remitansi|kirim uang|"
    r"desa|kepala desa|kades|lurah|surat izin|izin keluarga|ktp|kk|akta|ijazah|skck|e-ktkln|ektkln|"
    r"ktkln|epmi|e-pmi|lapor|laporan|pengaduan|aduan|hotline|callcenter|bantuan|hilang|ditahan|"
    r"dikurung|kabur|job|jobs|work|worker|abroad|agency|passport|employer|salary|recruiter|scam|"
    r"online scam|scammer|admin|operator|cs|customer service|tes kesehatan|kesehatan|tiyang sepuh|"
    r"i[zj]in (?:tiyang|orang|keluarga|suami|bojo|tertulis)|(?:suami|istri|bojo|ortu|orang tua|wong tuwo|mamak|keluarga)\w* (?:\w+ ){0,3}?i[zj]in|"
    r"penampungan|asrama|"
    # A domestic worker's words abroad: "day off wajib brp kali?", "lopan blm bayar", "finish kontrak".
    r"day ?off|nyonya|lopan|laoban|lembur|potongan gaji|finish kontrak|interminit|iqama|imigrasi|"
    r"imigresen|work permit|permit kerja)"
    # Regional suffixes: "majikane", "kontrakna", "gajine", "paspore", "kerjaipun".
    r"(?:e|ne|na|nya|ipun|ku|mu)?\b"
)

_FOLLOW_UP_SHORT = re.compile(
    r"^(?:terus|trus|lalu|kalau|kalo|klo|kl|nek|lek|lamun|upami|menawi|yang|dan|atau|apa|apakah|"
    r"itu|ini|wajib|harus|perlu|boleh|bisa|berapa|brp|kapan|dimana|gimana|bagaimana|piye|kumaha|"
    r"naon|iya|ya|bener|benar|beneran|serius|masa|aman|legal|resmi|how about|what about|and)\b"
)
_REFERS_TO_OFFER = re.compile(
    r"\b(?:itu|ini|tadi|tersebut|tsb|kuwi|iku|eta|ieu|nya)\b.*\b(?:legal|resmi|aman|asli|palsu|nipu|"
    r"penipuan|bahaya|beneran|bener|oke|ok|bagus|layak|wajar)\b|\b(?:legal|resmi|aman|asli|palsu|"
    r"penipuan|bahaya|beneran|wajar)\b.*\b(?:itu|ini|tadi|tersebut|tsb|kuwi|iku|eta|ieu|nya)\b|"
    # "aman ra?", "jd aman gk?", "aman ka seng?", "aman dak?": the same in other registers
    r"^(?:(?:jadi|jd|jdi|terus|trus|lalu|berarti|brarti|jadinya|jadine|dadi|kira kira|kira2)\s+)?"
    r"(?:aman|legal|resmi|asli|wajar|scam|nipu|penipuan|bahaya)(?:\s+(?:ko|kah|ka|ke|to|toh|tah|apa|opo))?\s*"
    r"(?:gak|ga|gk|nggak|ngga|enggak|tidak|ora|ra|dak|seng|sen|nda|kagak|kaga|tak|"
    r"teu|henteu|beli|belih|mboten|ndak|nda|kah|ya|nih|nggak ya|gak ya|ora ya|)"
    r"(?:\s+(?:nih|sih|ya|kah|dong|tuh|bro|kak|kaka|kakak|om|tanta|nona|min|mas|mbak|teh|kang|pak|bu|"
    r"iki|kuwi|eta))*\s*\??$|"
    # "approve gak?", "ambil ora?", "gas ga?": whether to take (or let through) what was just sent
    r"^(?:\w+\s+){0,2}?(?:approve|acc|terima|ambil|gas|ikut|daftar|lanjut|berangkat|mangkat|budal|"
    r"olih|oleh|entuk|kenging|boleh)\s*(?:aja|saja|wae|bae)?\s*(?:gak|ga|gk|nggak|ngga|tidak|ora|teu|"
    r"apa ora|apa nggak|apa gak|atau nggak|atau gak|ya|kah|nggak ya|gak ya)\s*\??$"
)


@dataclass(frozen=True)
class Signals:
    """What the words of one message say, before any model is asked."""

    normalized: str
    smalltalk: SmallTalk | None
    report: Literal["clear", "maybe"] | None
    check_request: bool
    question: bool
    in_domain: bool
    short_follow_up: bool
    refers_to_offer: bool
    words: int
    off_topic: Literal["local_job", "other"] | None = None


# Words that only a message about going or being abroad uses; without one of them, the broad
# domain words ("kerja", "desa", "gaji") do not make a recipe or a football score a migration question.
_ABROAD = re.compile(
    r"\b(?:luar ?negeri|luarnegri|ln|pmi|cpmi|tki|tkw|tkiw|migran|sponsor|calo|agen|agensi|p3mi|pjtki|bp2mi|"
    r"kp2mi|bp3mi|p4mi|ltsa|kemlu|kbri|kjri|kdei|paspor|passport|visa|opp|tppo|trafficking|deportasi|"
    r"overstay|siskop2mi|eps|topik|ssw|magang|"
    rf"{DESTINATION_WORDS}|"
    r"abk|pelaut|kapal|umrah|umroh|abroad|"
    r"ringgit|dolar|dollar|riyal|won|yen|nt|hkd|rm|usd|imigrasi|embassy|kedutaan|tekong|"
    r"overseas|malay|"
    r"nunukan|tarakan|entikong|tanjung pinang|kerja di luar|ke luar|pi luar|kerja luar)\b"
)
_OTHER_TOPIC = re.compile(
    r"\b(?:resep|resepi|masak|masakan|bikin kue|skor|menang|kalah|pertandingan|nonton|bola|liga|persib|"
    r"psms|persija|arema|timnas|harga (?:cabe|cabai|beras|tembakau|emas|bensin|gabah|pupuk)|per kilo|"
    r"dana desa|siskeudes|apbdes|pppk|honorer|cpns|skripsi|tugas sekolah|pr matematika|crypto|kripto|"
    r"bitcoin|saham|togel|slot|zodiak|film|drakor|lagu|pacar|jodoh|cuaca|hujan|banjir|tilang|sim c|"
    r"resep|pilkada|pemilu|translate|terjemah\w*|tni|polri|akpol|akmil|bintara|tamtama|"
    r"tiket (?:pesawat|kereta|bus|kapal) (?:\w+ )?(?:jakarta|padang|medan|surabaya|bali|denpasar|manado|"
    r"makassar|pontianak|batam|jogja|yogyakarta|semarang|bandung|pekanbaru|lombok|kupang))\b"
)
_JOB_WORD = re.compile(r"\b(?:lowongan|loker|lowker|kerja|kerjaan|pekerjaan|pabrik|damel|gawe|driver|"
                       r"ojol|grab|gojek|satpam|honorer|abk|bhl|lamaran|melamar|ngelamar)\b")
_AT_HOME = re.compile(
    r"\b(?:dalam negeri|deket|dekat|caket|cedhak|sekitar sini|di kampung aja|gak mau ke luar|nggak mau ke luar|"
    r"tidak mau ke luar|ga mau ke luar|kapok ke luar|jakarta|bandung|bekasi|cikarang|karawang|tangerang|"
    r"bogor|depok|surabaya|semarang|medan|batam|blitar|kediri|cianjur|sukabumi|garut|tasik|indramayu|"
    r"cirebon|solo|jogja|yogyakarta|malang|lombok|mataram|kupang|makassar|palembang|lampung|pemda|"
    r"padang|pekanbaru|jambi|bengkulu|aceh|banda aceh|manado|bitung|denpasar|pontianak|samarinda|"
    r"balikpapan|banjarmasin|palu|kendari|ambon|jayapura|sorong|bukittinggi|pariaman|purwokerto|"
    r"tegal|pekalongan|kudus|jember|banyuwangi|madiun|ponorogo|wonosobo|cilacap|serang|cilegon|"
    r"pabrik sepatu|pabrik sapatu|pabrik rokok|umk|ump)\b"
)
_NOT_ABROAD = re.compile(r"\b(?:kapok|gak mau|ga mau|nggak mau|ngga mau|tidak mau|tak mau|ora gelem|teu hoyong|"
                         r"gamau|gk mau|males)\s+(?:ke |kerja (?:di |ke )?)?luar ?negeri\b|"
                         # "kamek ndak jadi ke malaysia lah": the plan is off
                         r"\b(?:tidak|ndak|gak|nggak|ora|teu|batal) jadi (?:pergi |berangkat |kerja )?(?:ke |ka )\w+\b|"
                         # "tolong translate ke inggris": a language, not a destination
                         r"\b(?:translate|terjemah\w*|artikan|artinya)\s+(?:\w+\s+){0,2}?(?:ke |dalam )?"
                         r"(?:bahasa )?(?:inggris|english|jepang|korea|mandarin|arab)\b")
_PAY_ASKED = re.compile(r"\b(?:bayar|biaya|transfer|dp|setor|uang jaminan|pungut|potong)\b")


# Going abroad for something else than work: worship, selling online, investing. A country in
# such a message ("travel umroh murah", "jualan kurma dari Dubai di Shopee", "kripto dari aplikasi
# Singapura") is no sign of the domain unless a word of work is there too.
_NON_WORK_ABROAD = re.compile(
    r"\b(?:travel (?:umrah|umroh|haji)|(?:mau|ingin|arep|hoyong|mok|nak|pengen|pingin|rencana) (?:\w+ ){0,2}?"
    r"(?:umrah|umroh|naik haji|ibadah haji)|(?:umrah|umroh) (?:murah|plus|backpacker)|paket (?:umrah|umroh|haji)|"
    r"biro (?:umrah|umroh|haji|perjalanan)|jualan online|jual online|dodolan online|toko online|olshop|"
    r"online shop|shopee|tokopedia|tiktok shop|lazada|reseller|dropship\w*|(?:impor|import) barang\w*|"
    r"ongkir|crypto|kripto|bitcoin|trading|forex|saham|reksadana|liburan|libur natal|libur lebaran|"
    r"wisata ke|jalan jalan ke|jalan2 ke|honeymoon|bulan madu|backpacker)\b"
)
_EXPLICIT_HOME = re.compile(r"\b(?:dalam neg(?:e)?ri|kapal lokal|lokal|domestik|di indonesia (?:aja|saja|wae|bae))\b")
_WORK_WORDS = re.compile(
    r"\b(?:kerja|bekerja|kerjo|keja|kerje|karajo|gawe|digawe|damel|gaji|upah|lowongan|loker|majikan|"
    r"visa kerja|pmi|cpmi|tki|tkw|kontrak|pabrik|abk|sponsor|calo|agen|agensi|job|salary|p3mi|"
    r"penempatan|pekerja|buruh)\w*\b"
)


def _off_topic(normalized: str) -> Literal["local_job", "other"] | None:
    """Not about working abroad: a job at home, or another subject altogether."""
    home = _NOT_ABROAD.sub(" ", normalized)  # "kapok ke luar negeri" is a wish to stay
    if _NON_WORK_ABROAD.search(home) and not _WORK_WORDS.search(home):
        return "other"
    if _EXPLICIT_HOME.search(home) and _JOB_WORD.search(home) and not detect_country(home) \
            and not re.search(r"\bluar ?neg(?:e)?ri\b", home):
        # "kapal lokal di Tual cari ABK", "ABK kapal penumpang dalam negeri": a crew job at home
        return "local_job"
    if _ABROAD.search(home) or detect_country(home):
        return None
    if _JOB_WORD.search(normalized) and _AT_HOME.search(normalized) and not _PAY_ASKED.search(normalized) \
            and "majikan" not in normalized:
        return "local_job"
    if _OTHER_TOPIC.search(normalized) and not re.search(r"\b(?:gaji|salary|hiring|lowongan|loker)\b", normalized):
        return "other"
    return None


def _smalltalk(normalized: str, raw: str) -> SmallTalk | None:
    lowered = raw.lower()
    short = len(normalized.split()) <= 15  # "are you a robot?" is a short message, not a pasted offer
    if short and (re.search(_IDENTITY, lowered) or re.search(_IDENTITY, normalized)):
        return "identity"
    if short and re.search(_CREATOR, lowered):
        return "creator"
    if len(normalized.split()) <= 8 and _LANGUAGE.search(normalized):
        return "language"
    if len(normalized.split()) <= 8 and _WILL_TELL.search(normalized) \
            and not _QUESTION.search(normalized):
        return "ack"
    if not _SMALLTALK_TOKENS.match(normalized):
        return None
    if re.search(rf"\b(?:{_THANKS})\b", normalized):
        return "thanks"
    if re.search(rf"\b(?:{_BYE})\b", normalized):
        return "bye"
    if re.search(rf"\b(?:{_LAUGH})\b", normalized):
        return "laugh"
    if re.search(rf"^(?:{_GREET})\b", normalized) or re.search(rf"\b(?:{_GREET})$", normalized):
        return "greet"
    return "ack"


def strip_greeting(normalized: str) -> str:
    """The message without a leading greeting or address ("halo min, ...", "punten kang ...")."""
    return re.sub(rf"^(?:(?:{_GREET}|{_THANKS})\s+)+", "", normalized).strip()


def read_signals(text: str) -> Signals:
    """Read one message; never raises."""
    raw = text or ""
    normalized = normalize_text(raw)
    words = len(normalized.split())
    smalltalk = _smalltalk(normalized, raw)
    if smalltalk is None and (
            re.fullmatch(rf"(?:{_HELP})(?: (?:dong|kak|min|ya|nya))?", normalized)
            or (words <= 8 and _CAPABILITIES.search(normalized))):
        smalltalk = "help"
    report: Literal["clear", "maybe"] | None = None
    if _REPORT_ANY.search(normalized) and not _NOT_REPORT.search(normalized):
        question_like = bool(_REPORT_QUESTION.search(normalized)) or raw.rstrip().endswith("?")
        strong = bool(_STRONG_WISH.search(normalized)) and not re.search(
            r"\b(?:cara|caranya|gimana|bagaimana|kumaha|piye|carana)\s+(?:\w+\s+)?(?:lapor|ngalapor|"
            r"melapor|mengadu|ngadu)", normalized) or (bool(_WISH_WITH_TARGET.search(normalized))
                                                   and not _CASE_HYPOTHETICAL.search(normalized))
        concrete = tells_case(normalized) and not _STILL_ALLOWED.search(normalized)
        report = "clear" if strong or concrete or _REPORT_HERE.search(normalized) \
            or _REPORT_OPENING.search(raw) \
            or (_CLEAR_REPORT.search(normalized) and not question_like) else "maybe"
    lowered = raw.lower()
    question = bool(_QUESTION.search(normalized) or _QUESTION.search(lowered))
    return Signals(
        normalized=normalized,
        smalltalk=smalltalk,
        report=report,
        check_request=bool(_CHECK_REQUEST.search(normalized) or _CHECK_REQUEST.search(lowered)),
        question=question,
        in_domain=bool(_DOMAIN.search(normalized) or _DOMAIN.search(lowered)),
        short_follow_up=words <= 6 and bool(_FOLLOW_UP_SHORT.search(normalized)),
        refers_to_offer=words <= 10 and bool(_REFERS_TO_OFFER.search(normalized)),
        words=words,
        off_topic=_off_topic(normalized),
    )


_SIDE_QUESTION_WORD = re.compile(
    r"^(?:terus|trus|lalu|ini|itu|laporan|laporannya|lapornya|kalau|kalo|klo)?\s*(?:ke mana|kemana|ka mana|"
    r"kamana|kmn|gimana|gmn|bagaimana|kumaha|piye|pripun|apakah|apa|kapan|iraha|berapa lama|brp lama|"
    r"bisa|boleh|harus|wajib|siapa yang|nanti|aman)\b"
)


def is_side_question(text: str) -> bool:
    """An answer inside the report form that is really a question ("ka mana lapor na?").

    Strict on purpose: a real answer must never be taken for a question. Ends with "?" or opens
    with a question word, is short, and carries no number, handle or link.
    """
    raw = (text or "").strip()
    normalized = normalize_text(raw)
    words = len(normalized.split())
    if not raw or words > 12 or re.search(r"\d|@|https?://|www\.", raw):
        return False
    opens = bool(_SIDE_QUESTION_WORD.search(normalized))
    yes_no = bool(re.search(r"\b(?:gak|ga|nggak|ngga|enggak|tidak|teu|ora|kah|belum|blm)$", normalized))
    return (raw.endswith("?") and (opens or yes_no or bool(_QUESTION.search(normalized)))) or (
        opens and words >= 3 and bool(_QUESTION.search(normalized)))


# Words of a request to check something, with no subject of their own.
_CHECK_WORDS = frozenset("""
    cek check cekin periksa priksa teliti lihat liat tolong bantu nilai analisa lowongan loker lowker
    tawaran penawaran info iklan brosur selebaran pesan chat postingan postingannya pekerjaan kerjaan
    job agen asli palsu hoax hoaks penipuan nipu beneran bener benar legit resmi legal aman gak nggak
    ga gk tidak ora teu atau ato kah ya sih nih tuh kuwi iku eta ieu dong yuk kak min gan mas mbak teh
    kang bang bro sis
    """.split())


def names_a_topic(normalized: str) -> bool:
    """Whether a check request also names a subject ("medical cek up itu yang bayar siapa",
    "zero cost tu beneran ada?"): a question to answer, not "paste the offer here"."""
    words = [w for w in normalized.split()
             if len(w) >= 3 and w not in STOPWORDS and w not in _CHECK_WORDS]
    return len(words) >= 2
