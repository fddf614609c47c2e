"""Is someone in danger *now*? Tense-, negation- and hypothesis-aware detection.

The one owner of "danger" and "urgency" in the project: the understanding step, the offer
screener and the report form all ask ``detect_danger``.

A message is read as a set of *harm cues* (held, locked in, beaten, passport taken and not allowed
to leave, forced to scam, not fed, abused, stranded, a child being taken, a plain cry for help) and
*mitigators* that say the harm is not happening now: safety statements ("saya sudah aman", "sudah
pulang"), the past ("dulu", "tahun lalu", "pernah"), plans and hypotheses ("kalau nanti ...",
"bagaimana jika ...", "supaya tidak ..."), or a question about procedure. A cue that nothing mitigates
is ``now``; a cue with a mitigator is ``unsure`` (the caller gives both the help numbers and the
answer); no cue is ``none``. When unsure, the safe side is chosen: a mitigator only lowers a cue
that stands in the same sentence or before it, and a fresh cry for help is never lowered.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from knowledge_base import standardize_regional
from screening.normalize import normalize

DangerLevel = Literal["now", "unsure", "none"]

_PERSON = (r"(?:saya|sy|aku|aq|ku|abdi|kulo|kula|aing|gw|gue|gua|kami|kita|adik|adek|adikku|anak|"
           r"anakku|anake|putri|putra|kakak|kaka|mbak|mba|teteh|suami|istri|bojoku|ibu|emak|bapak|"
           r"keponakan|sepupu|teman|temen|kawan|dia|beliau|sodara|saudara)")

# Building blocks of the combined cues below.
_MINOR = (r"(?:(?:umur|usia|umure|umurnya|umure|baru|masih)\s*(?:esih |isih |masih |baru |lagi )?(?:1[0-7]|[5-9]|sepuluh|sebelas|dua belas|tiga belas|"
          r"empat belas|lima belas|enam belas|tujuh belas|limabelas|enambelas|tujuhbelas)\b|"
          r"\b(?:1[0-7])\s*(?:tahun|thn|th|taun)\b|\b(?:lima|enam|tujuh|empat) ?belas (?:tahun|thn|taun)\b|"
          r"\banak (?:smp|sd)\b|masih smp|baru lulus smp|di bawah umur|dibawah umur)")
_TAKEN_NOW = (r"(?:(?<!mau )(?<!akan )(?<!nanti )(?<!arep )(?:dibawa|digowo|digawa|dibawa lari|dijemput)\b|"
              r"(?:di|nang|neng|ning|ing|ka) (?:terminal|bandara|pelabuhan|stasiun)|malam ini|sore ini|siang ini|"
              r"bengi iki|bengi kiye|wengi iki|mengko bengi|peuting ieu|bengi niki|dalu niki|wengi niki|malem ini|"
              r"malem iki|ntar malem|nanti malam|isuk iki|enjing niki|"
              r"tadi pagi|tadi malam|wingi bengi|semalam|sekarang (?:di|ada di|lagi di))")
_LOST_CONTACT = (r"(?:hp|hpne|hape|handphone|ponsel|nomor|nomer|nombor|wa)\w*\s+(?:\w+\s+)?(?:su |sudah |udah |"
                 r"wis |wes |geus |tos )?(?:mati|tidak aktif|gak aktif|ga aktif|nggak aktif|ora aktif|off|"
                 r"tidak bisa dihubungi|gak bisa dihubungi|ga bisa dihubungi|sonde aktif)")
_IN_TRANSIT = (r"(?:dibawa|digowo|digawa|nunukan|tawau|entikong|batam|"
               r"perbatasan|pelabuhan|terminal|bandara|di jalan|di kapal)")

# Harm cues. Each entry: (code, pattern). Patterns run on screening.normalize() text.
_CUES: tuple[tuple[str, str], ...] = (
    ("confinement",
     r"dikurung|dikurungi|disekap|dikunci\w*|dikonci|dikerangkeng|ditahan di (?:rumah|mess|asrama|kamar|"
     r"gudang|kantor|penampungan)|kena kurung|dikurung majikan|"
     r"\b(?:tidak|gak|ga|gk|tdk|nggak|ngga|enggak|tak|ra|ora|teu|henteu|sonde|son|ndak|nda|tra|mboten|boten) "
     r"(?:di ?)?(?:boleh|bisa|bs|diizinkan|"
     r"dikasih|dibolehkan|oleh|olih|entuk|kenging|tiasa|meunang|dapat|angsal|saged) (?:keluar|kluar|pulang|plg|balik|mulih|wangsul|"
     r"kabur|metu|kaluar|mudik|uih|medal|mantuk|kesah)|"
     r"dilarang (?:keluar|pulang|balik)|dijaga (?:ketat|satpam|penjaga|orang bersenjata)|"
     r"penjaga bersenjata|(?:hp|handphone|ponsel)\w* (?:di ?)?(?:sita|ambil|rampas|pendet|jupuk|candak|cepeng|cekel)\w*"),
    ("violence",
     r"dipukul\w*|dipukuli\w*|digebuk\w*|digebug\w*|ditonjok|disetrum|dianiaya|disiksa|ditampar|"
     r"ditendang|disiram (?:air panas|air keras)|diancam (?:dibunuh|dipukul|dijual|mati)|"
     r"kena pukul|kena tampar|kena sepak|majikan (?:pukul|tampar|sepak|siksa)|"
     r"\bdigebugan\b|diteunggeul|dipentung|luka[- ]luka|babak belur|memar"),
    ("sexual",
     r"diperkosa|dilecehkan|pelecehan seksual|diraba|n?ggerayang\w*|digerayang\w*|digrepe\w*|grepe.?grepe|"
     r"dicabuli|dicabul|dipegang.?pegang|diintip (?:mandi|pas mandi)|dipaksa (?:melayani|tidur|jadi psk)|"
     r"dijual (?:jadi|sebagai) (?:psk|pelacur)"),
    ("forced",
     r"dipaksa (?:untuk )?(?:menipu|nipu|scam\w*|jadi scammer|kerja|bekerja|judi|lembur|"
     r"menandatangani)|disuruh (?:menipu|nipu|scam\w*|ngescam)|"
     r"kerja (?:jadi )?(?:nipu|scammer|penipu)|(?:kena|dikasih|dibebani) target (?:harian|tipu|nipu)|"
     r"dijual (?:ke|lagi|ke perusahaan)|(?:minta|bayar|uang) tebusan|uang tebus\w*|"
     r"denda (?:\w+ )?(?:untuk|biar|supaya|agar|kalau mau) (?:bisa )?(?:pulang|keluar|bebas)|"
     r"kerja paksa"),
    ("passport_held",
     r"(?:paspor|pasport|passport|paspot)\w*(?:\s+\w+){0,2}\s+(?:ditahan|diambil|disita|dirampas|dijukut|dijupuk|dicekel|"
     r"dipegang|tidak dikembalikan|gak dikembalikan|ga dikembalikan|ditahan majikan|dibawa (?:majikan|"
     r"agen|bos))|(?:majikan|agen|bos|perusahaan|mandor|sponsor)\w* (?:tahan|ambil|simpan|pegang) "
     r"(?:paspor|passport)"),
    ("starved",
     r"\b(?:tidak|gak|ga|gk|g|tdk|nggak|ngga|enggak|tak|ra|ora|teu|blm|belum) (?:di ?)?(?:kasih|kasi|diberi|"
     r"dikasi|dapat|dapet|dibere|diwenehi|ada) (?:makan|makanan)|kelaparan|"
     r"\b(?:tidak|gak|ga|gk|tdk|nggak|ngga|belum|blm|teu) makan (?:\d+|dua|tiga|berhari|sudah|udah|udh)|"
     r"(?:\d+|dua|tiga) hari (?:tidak|gak|ga|gk|belum|blm|teu) makan"),
    ("distress",
     r"terjebak di (?:\w+ )?(?:myanmar|kamboja|laos|myawaddy|perbatasan|kompleks|markas|perusahaan)|"
     r"(?:terpuruk|terkurung) dan terancam|(?:kami|saya|kita) (?:di ?sini )?(?:terancam|dalam bahaya)|"
     r"(?:bawa|membawa|dibawa)\s+(?:\w+\s+){0,3}?(?:lewat|via|melalui)\s+(?:jalur )?darat\s+(?:ke\s+)?(?:mae ?sot|myawaddy|perbatasan)|"
     r"dilecehin|dilecehkeun|dilecehkan|diraba-raba|nangis\w*|menangis|ketakutan|sembunyi|bersembunyi|"
     r"nyumput|(?:tidak|gak|ga|gk|nggak|teu) berani keluar|tertahan di|katahan|di ?tinggal(?:kan|in)? (?:agen|calo|"
     r"sponsor|tekong)\w*|ditinggalin (?:agen|calo|sponsor)|agen\w* kabur|calo\w* kabur|"
     r"dijual (?:ke|sama|ku)|dibawa ku calo|dibawa kabur"),
    ("unpaid_trapped",
     r"(?:gaji|upah)\w*\s+(?:\w+\s+){0,2}?(?:tidak|belum|gak|ga|tdk|blm|tak|ora|teu) (?:pernah )?"
     r"(?:di ?bayar\w*|dikasih|diberi\w*|keluar|cair|turun)(?:\s+\w+){0,6}?\s+(?:\d+|dua|tiga|empat|"
     r"lima|enam|tujuh|delapan|sembilan|sepuluh|berbulan)[\s-]*(?:bulan|bln|taun|tahun)|"
     r"(?:\d+|dua|tiga|empat|lima|enam|tujuh|delapan|berbulan)[\s-]*(?:bulan|bln)\s+(?:\w+\s+){0,2}?"
     r"(?:tidak|belum|gak|ga|tdk|blm|tak) (?:di ?gaji|gajian|dibayar|dapat gaji|terima gaji)"),
    ("stranded",
     r"terlantar|ditelantarkan|terdampar|di ?tinggal (?:di|sendiri) (?:bandara|perbatasan|pelabuhan|hutan)|"
     # Left with nothing on the way: no money and no passport, nowhere to go.
     r"\b(?:tidak|gak|ga|gk|ndak|nda|nggak|sonde|ora|teu) (?:ada|punya|pny|duwe|gaduh) (?:uang|duit|pitih|doku)\W+"
     r"(?:\w+\W+){0,3}?(?:tidak|gak|ga|gk|ndak|nda|nggak|sonde|ora|teu) (?:ada|punya|pny|duwe|gaduh) "
     r"(?:paspor|pasport|passport|dokumen|ktp)|"
     r"(?:ditangkap|kena tangkap|ditahan) (?:polisi|imigresen|imigrasi|police)|"
     r"(?:di|dalam) (?:tahanan|penjara|lokap|depot imigresen)|kabur dari (?:majikan|rumah majikan|"
     r"perusahaan|mess|penampungan)|(?:sudah|udah|sdh) kabur|lagi kabur|sedang kabur|"
     r"sembunyi dari (?:majikan|agen|bos)|hilang kontak|tidak bisa dihubungi (?:sejak|sudah)"),
    ("child_taken",
     r"(?:umur|usia)\s*(?:1[0-7]|[5-9])\s*(?:tahun|thn|th|taun)?\b(?:\W+\w+){0,12}?\W+(?:dibawa|dijemput|jemput|"
     r"diberangkatkan|berangkat|dikirim|dibawa ku|mau dibawa|akan dibawa)\b|"
     r"(?:anak|adik|adek|keponakan)\w*\s+(?:\w+\s+){0,3}?(?:umur|usia)?\s*(?:1[0-7]|[5-9])\s*(?:tahun|thn|th)?\s+"
     r"(?:\w+\s+){0,4}?(?:dibawa|diberangkatkan|dijemput|mau diberangkatkan|akan dibawa|dikirim)|"
     r"(?:dibawa|diculik|dijual) (?:orang|calo|sponsor)"),
    ("child_taken",
     # A child under 18 on the move with a recruiter right now: taken from the village, at a terminal,
     # port or airport, tonight. Order-free within a few sentences.
     rf"{_MINOR}(?:.{{0,220}}?){_TAKEN_NOW}|{_TAKEN_NOW}(?:.{{0,220}}?){_MINOR}"),
    ("stranded",
     # Lost contact while in a recruiter's hands or in transit ("hp su mati", "nomornya tidak aktif").
     rf"{_LOST_CONTACT}(?:.{{0,200}}?){_IN_TRANSIT}|{_IN_TRANSIT}(?:.{{0,200}}?){_LOST_CONTACT}|"
     # A boat in trouble at sea.
     r"(?:kapal|perahu|speedboat|speed boat|boat|pompong|sampan)\w*(?:\s+\S+){0,10}?\s+(?:air masuk|"
     r"kemasukan air|bocor|tenggelam|karam|terbalik|mau tenggelam)"),
    ("forced",
     # Debt bondage: may not go home before the debt is paid, passport held by them.
     r"(?:utang|hutang|ngutang)\w*(?:\s+\S+){0,14}?\s+(?:tidak|gak|ga|nggak|sonde|son|ndak|nda|tra|ora|teu|tak)"
     r" (?:boleh|bisa|bole|oleh|kenging|tiasa) (?:pulang|keluar|balik|mulih)|"
     r"\b(?:tidak|gak|ga|nggak|sonde|son|ndak|nda|tra|ora|teu|tak) (?:boleh|bisa|bole|oleh) (?:pulang|keluar|balik)"
     r"(?:\s+\S+){0,4}?\s+(?:sebelum|sampai|sampe|kalau belum) (?:\w+ )?(?:lunas|utang|hutang|bayar)"),
    ("passport_held",
     r"(?:paspor|pasport|passport|paspot|pas port)\w*\s+(?:saya\s+|aku\s+|kami\s+)?(?:dong|mereka|dia|majikan|agen|bos|sponsor|calo|"
     r"om|mama|bapa|tekong)\s+(?:yang\s+)?(?:pegang|tahan|simpan|ambil|sita)"),
    ("cry",
     r"\b(?:tolong|tulung|tlg|tolongin|help|sos|darurat|selamatkan|toloong|tulungi|bantu)\b(?:\s+\w+){0,3}?\s+"
     r"(?:saya|sy|aku|aq|kami|kulo|abdi|me|us|adik|anak|kakak|istri|suami|ibu|dia)\b(?:\s+\w+){0,6}?\s+"
     r"(?:di|ke|dari)?\s*(?:sini|sana|kurung|kunci|sekap|pukul|siksa|ancam|tahan|jual|kabur|takut|bahaya|"
     r"disiksa|dikurung|dikunci|disekap|ditahan|dipukul|diancam|dijual)\w*|"
     # "darurat" alone is a cry; "nomor darurat", "tombol darurat", "ga darurat" are not.
     r"\bsos\b|(?<!nomor )(?<!nomer )(?<!no )(?<!kontak )(?<!tombol )(?<!hotline )(?<!telepon )"
     r"(?<!layanan )(?<!dana )(?<!keadaan )(?<!kondisi )(?<!situasi )(?<!bukan )(?<!tidak )(?<!tdk )"
     r"(?<!ga )(?<!gak )(?<!gk )(?<!nggak )(?<!ngga )(?<!belum )(?<!blm )(?<!tak )(?<!ora )(?<!teu )"
     r"\bdarurat\b|tolong (?:selamatkan|bantu keluarkan|jemput)|help me|please help|"
     r"\b(?:tolong|tulung|help)\s*(?:cepat|cepet|segera|pak|bu|kak|min)?\s*[!.]*\s*$|"
     r"(?:saya|aku|kami|sy) (?:takut|ketakutan) (?:sekali|banget|bgt)?\s*(?:di ?sini|mau dibunuh|dibunuh)|"
     r"nyawa (?:saya|aku|kami|adik|anak)\w* terancam|mau dibunuh|akan dibunuh"),
)
_CUE_RES = tuple((code, re.compile(p)) for code, p in _CUES)

# What says the harm is not happening now (or is only asked about).
_SAFE_NOW = re.compile(
    r"(?:saya|sy|aku|kami|dia|adik|anak|kakak)?\s*(?:sudah|udah|sdh|dah|wis|wes|geus|tos)\s+"
    r"(?:aman|selamat|pulang|kembali|balik|di rumah|di indonesia|di kampung|di kbri|di kjri|"
    r"di shelter|bebas|keluar)|(?:sekarang|skrg|skg|saiki|ayeuna)\s+(?:\w+\s+)?(?:aman|sudah aman|"
    r"sudah pulang|di rumah|di indonesia|baik)|alhamdulillah (?:sudah |udah )?(?:aman|pulang|selamat)|"
    r"\b(?:saya|sy|aku|kami) aman\b|\b(?:baru|br) (?:saja |aja )?(?:pulang|balik|mulih|uih|"
    r"dipulangkan|dipulangin|tiba|sampai|sampe) (?:dari|dr|ke|di)\b|\baman kok\b|\bbaik[- ]baik saja\b|"
    # Home again, in Javanese and Sundanese too ("wis mulih", "saiki wis ning umah", "tos uih").
    r"\b(?:sudah|udah|sdh|wis|wes|geus|tos)\s+(?:mulih|mantuk|uih|wangsul)\b|"
    r"\b(?:saiki|sakniki|ayeuna|sekarang|skrg)\s+(?:wis |wes |sudah |udah |tos )?(?:ning|neng|nang|teng|di)\s+"
    r"(?:umah|omah|griya|imah|rumah|kampung|ndeso)\b|alhamdulillah (?:sudah |wis |udah )?(?:sehat|selamat)\b|"
    # Free to move: a day off, going out ("masih bisa day off", "day off jg dikasih", "aku gpp").
    r"\b(?:masih|msh|isih|esih) (?:bisa|bs|dapat|dapet|entuk) (?:day ?off|libur|off|keluar|jalan)\b|"
    r"\b(?:day ?off|libur)\w* (?:jg |juga |tetap |tetep |tetap )?(?:dikasih|dikasi|dapat|dapet|ada|lancar)\b|"
    r"\b(?:aku|saya|sy|aq) (?:gpp|gapapa|ga papa|gak papa|nggak papa|ngga papa|tidak apa[- ]apa)\b|"
    # Still at work and safe, only owed money ("dia masih kerja ji aman tapi mau tuntut gajinya").
    r"\b(?:masih|msh|isih) (?:kerja|bekerja|kerjo|digawe) (?:\w+ )?aman\b|"
    # Sent home already ("dideportasi ke Nunukan", "diusir ke Nunukan") or planning the next job
    # ("mau balik kerja lagi", "nak kerjo lagi"): the arrest or the hold is over.
    r"\b(?:dideportasi|dipulangkan|dipulangin|dideport|diusir)\b(?:\s+\w+){0,2}?\s+(?:ke|pulang ke)\s+"
    r"(?:nunukan|indonesia|tanah air|kampung|jakarta|batam|dumai|tanjung pinang|entikong)\b|"
    r"\b(?:mau|ingin|pengen|pingin|nak|arep|hayang)\s+(?:balik |kembali |bisa )?(?:kerja|bekerja|kerjo|"
    r"digawe|damel|gawe)\s+(?:\w+\s+){0,2}?(?:lagi|lg|maning|deui)\b"
)
# Seen in the news or online ("td nonton berita orang indo disekap di myanmar"): it lowers the cue
# only when no one close to the writer is named around it ("adik saya disekap ... kayak di tv" stays).
_REPORTED = re.compile(
    r"\b(?:nonton|menonton|baca|lihat|liat) (?:\w+ )?(?:berita|news|video|liputan|artikel|tv|televisi)\b|"
    r"\b(?:di|dari|ada) (?:berita|koran|tv|televisi|liputan|artikel)\b|\bberitanya\b|\bviral\b"
)
_CLOSE_PERSON = re.compile(rf"\b{_PERSON}\b")
_PAST = re.compile(
    r"\b(?:dulu|dahulu|dulunya|jaman dulu|waktu itu|wkt itu|pernah|tahun lalu|taun lalu|bulan lalu|"
    r"tahun kemarin|beberapa tahun|dulu sekali|biyen|mbiyen|mbien|jaman biyen|rumiyin|riyin|kapungkur|"
    r"baheula|mantan|sempat)\b"
)
_HYPOTHETICAL = re.compile(
    r"\b(?:kalau|kalo|klo|klu|kl|jika|jikalau|apabila|bila|seandainya|andaikan|andai|misal\w*|"
    r"umpama\w*|lamun|upami|menawi|nek|yen|lek|takut nanti|khawatir nanti|takutnya|"
    r"supaya tidak|agar tidak|biar tidak|biar gak|biar ga|supaya gak|mencegah|cegah|hindari|"
    r"jangan sampai|jangan sampe|jgn sampai|jgn sampe|supaya jangan|agar jangan|"
    r"bagaimana (?:jika|kalau|kalo)|gimana (?:kalau|kalo|klo|jika)|apa yang harus|apa yg harus|"
    r"harus apa|harus bagaimana|harus gimana|hukum\w*|pasal|pidana|sanksi|ancaman hukuman|"
    r"termasuk tppo|apakah termasuk|itu termasuk|boleh gak|boleh tidak|bolehkah|apakah boleh|"
    r"katanya nanti|nanti di ?sana|akan dijemput|dijemput langsung|mau dijemput|belum berangkat|"
    r"blm berangkat|durung budal|durung mangkat|teu acan angkat|acan angkat|rencana|berencana|"
    r"nanti|ntar|entar|kagek|mengko|engke|di (?:draft|draf) kontrak|draft kontrak|draf kontrak|"
    r"(?:di|dalam) (?:kontrak|perjanjian kerja)(?:nya)? (?:ada|tertulis|ditulis|disebut)|"
    r"(?:supaya|agar|biar|biat) (?:idak|dak|ndak|nda|ora|teu|sonde) )\b"
)
# Fresh cries for help are never lowered by a mitigator.
_NEVER_LOWERED = frozenset({"cry"})
# "kalo nolak dipukul", "kalau kabur dibunuh": a threat made now. Its "kalau" is part of the threat,
# not a hypothesis, so it never lowers the cues around it (unless the whole thing is a question).
_THREAT = re.compile(
    r"\b(?:kalo|kalau|klo|kl|lamun|nek|yen|jika|bila|misal)\s+(?:\w+\s+){0,2}?(?:nolak|menolak|tidak mau|"
    r"gak mau|ga mau|nggak mau|ora gelem|kabur|lari|melawan|ngelawan|protes|ogah|emoh|keluar|minta pulang|"
    r"berhenti|lapor)\s+(?:\w+\s+){0,2}?(?:dipukul\w*|dihajar|disiksa|dibunuh|disetrum|dijual|didenda|"
    r"dikurung|disekap|diancam|digebuk\w*|ditembak|dipenjara)\b(?!\s*(?:gak|ga|nggak|ngga|tidak|ora|teu|ya|kah)?\s*\?)"
)
_SENTENCE = re.compile(r"[.!?\n]+")


@dataclass(frozen=True)
class Danger:
    """Whether someone is in danger now, and the words that said so."""

    level: DangerLevel
    cues: tuple[str, ...] = ()
    evidence: str = ""
    mitigated_by: str = ""

    @property
    def now(self) -> bool:
        return self.level == "now"

    @property
    def any(self) -> bool:
        return self.level != "none"


def _negated(text: str, start: int) -> bool:
    """A negation just before the cue ("tidak dikurung", "bukan disekap", "ora digebuki")."""
    before = text[max(0, start - 18):start]
    return bool(re.search(r"\b(?:tidak|tdk|gak|ga|gk|nggak|ngga|enggak|bukan|belum|blm|ora|ra|teu|"
                          r"henteu|tak|idak|dak|indak|ndak|nda|sonde|tra|wati|never|not)\s+(?:\w+\s+)?$",
                          before))


def detect_danger(text: str) -> Danger:
    """Read ``text`` for someone in danger now; never raises for any string.

    The cues are written in Indonesian with its informal, Javanese and Sundanese forms; a
    message in another regional language ("paspor diambiak, indak buliah kalua") is read a
    second time with its regional words in Indonesian (``knowledge_base.standardize_regional``,
    the one owner of that lexicon).
    """
    text = (text or "")[:6000]
    found = _detect(text)
    if found.level == "none":
        standard = standardize_regional(text)
        if standard != text:
            found = _detect(standard)
    return found


def _detect(text: str) -> Danger:
    norm = normalize(text)
    folded = norm.text
    if not folded.strip():
        return Danger("none")
    hits: list[tuple[int, int, str]] = []
    for code, pattern in _CUE_RES:
        for m in pattern.finditer(folded):
            if m.end() > m.start() and (code in _NEVER_LOWERED or not _negated(folded, m.start())):
                hits.append((m.start(), m.end(), code))
                break
    if not hits:
        return Danger("none")
    hits.sort()
    codes = tuple(dict.fromkeys(code for _, _, code in hits))
    start, end, _ = hits[0]
    evidence = norm.evidence(start, end)
    strong_now = any(code in _NEVER_LOWERED for code in codes)
    mitigator = _mitigator(folded, hits)
    if mitigator and not strong_now:
        return Danger("unsure", codes, evidence, mitigator)
    return Danger("now", codes, evidence)


def _mitigator(folded: str, hits: list[tuple[int, int, str]]) -> str:
    """A word that says the harm is past, hypothetical, only asked about, or over."""
    folded = _THREAT.sub(lambda m: " " * len(m.group(0)), folded)  # same length: positions hold
    safe = _SAFE_NOW.search(folded)
    if safe:
        return safe.group(0).strip()
    for start, end, _ in hits:
        sentence_start = max((m.end() for m in _SENTENCE.finditer(folded, 0, start)), default=0)
        window = folded[max(sentence_start, start - 120):min(len(folded), end + 40)]
        for pattern in (_PAST, _HYPOTHETICAL):
            m = pattern.search(window)
            if m:
                return m.group(0)
        reported = _REPORTED.search(window)
        if reported and not _CLOSE_PERSON.search(window):
            return reported.group(0)
    return ""


# Words that make a report urgent for officers even when they tell no danger cue on their own
# ("sponsor mengancam", "bahaya"); read with negation in mind ("tidak diancam").
_URGENT_WORDS = re.compile(r"\b(?:bahaya|berbahaya|membahayakan|diancam|mengancam|ngancam|terancam|ancaman|"
                           r"disiksa|dipaksa|kabur|tolong|takut dibunuh)\b")
# A child (under 18) named in a report's answer: officers see the report marked as about a minor.
_MINOR_MENTION = re.compile(r"\banak\b|di ?bawah 18|under ?18|\b(?:umur|usia) 1[0-7]\b|"
                            r"\b1[0-7] ?(?:tahun|thn|th|taun)\b|masih sekolah|\bsmp\b")


def is_urgent(text: str) -> bool:
    """Should a report made with this text be marked urgent? (danger now or unsure, or a word
    like "diancam" or "bahaya" that is not negated)."""
    if detect_danger(text).any:
        return True
    folded = normalize((text or "")[:6000]).text
    return any(not _negated(folded, m.start()) for m in _URGENT_WORDS.finditer(folded))


def mentions_minor(text: str) -> bool:
    """Does a report's answer speak of a child under 18 ("anak", "umur 16", "masih SMP")?"""
    return bool(_MINOR_MENTION.search(normalize((text or "")[:6000]).text))
