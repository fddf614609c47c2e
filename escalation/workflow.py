"""Case statuses, the transitions officers and reporters may make, and the words they see."""

from __future__ import annotations

from dataclasses import dataclass

BARU = "baru"
DITANGANI = "ditangani"
MENUNGGU_INFO = "menunggu_info"
DITERUSKAN = "diteruskan"
SELESAI = "selesai"
DITOLAK = "ditolak"

OPEN_STATUSES = frozenset({BARU, DITANGANI, MENUNGGU_INFO, DITERUSKAN})
CLOSED_STATUSES = frozenset({SELESAI, DITOLAK})

FORWARD_TARGETS = {
    "polisi": "Polisi",
    "kp2mi": "KP2MI (Kementerian Pelindungan Pekerja Migran Indonesia)",
    "disnaker": "Dinas Tenaga Kerja (Disnaker)",
}


@dataclass(frozen=True)
class Transition:
    """Which statuses an action starts from and where it leads (``None``: status unchanged)."""

    allowed_from: frozenset[str]
    to_status: str | None


TRANSITIONS: dict[str, Transition] = {
    "take": Transition(frozenset({BARU}), DITANGANI),
    "ask_info": Transition(frozenset({DITANGANI}), MENUNGGU_INFO),
    # A reply answers an open question; at other open statuses it is only added to the case.
    "reply": Transition(OPEN_STATUSES, None),
    "forward": Transition(frozenset({DITANGANI, DITERUSKAN}), DITERUSKAN),
    "resolve": Transition(frozenset({DITANGANI, MENUNGGU_INFO, DITERUSKAN}), SELESAI),
    "reject": Transition(OPEN_STATUSES, DITOLAK),
}


def next_status(action: str, current: str) -> str:
    """Status after ``action``, or ``ValueError`` when the action is not allowed now."""
    rule = TRANSITIONS[action]
    if current not in rule.allowed_from:
        raise ValueError(f"aksi '{action}' tidak bisa dilakukan pada laporan berstatus '{current}'")
    if action == "reply":
        return DITANGANI if current == MENUNGGU_INFO else current
    assert rule.to_status is not None
    return rule.to_status


def status_text(ticket: str, status: str, forwarded_to: str | None = None) -> str:
    """Plain Indonesian sentence telling a reporter where their report stands."""
    if status == BARU:
        return f"Laporan {ticket} sudah kami terima dan menunggu diperiksa petugas."
    if status == DITANGANI:
        return f"Laporan {ticket} sedang ditangani petugas."
    if status == MENUNGGU_INFO:
        return f"Petugas membutuhkan keterangan tambahan untuk laporan {ticket}."
    if status == DITERUSKAN:
        where = FORWARD_TARGETS.get(forwarded_to or "", "instansi yang berwenang")
        return f"Laporan {ticket} sudah diteruskan ke {where}."
    if status == SELESAI:
        return f"Laporan {ticket} sudah selesai ditangani. Terima kasih sudah melapor."
    if status == DITOLAK:
        return (
            f"Laporan {ticket} ditutup karena tidak dapat kami tindak lanjuti. "
            "Anda tetap bisa mengirim laporan baru jika ada informasi lain."
        )
    return f"Status laporan {ticket}: {status}."


def filed_late_text(ticket: str) -> str:
    """Tells a reporter that a report kept during an outage is now recorded."""
    return (
        f"Laporan Anda yang tertunda karena gangguan sudah tercatat. Nomor tiket: {ticket}. "
        f"Cek perkembangannya dengan /status {ticket}."
    )


def reporter_reply_text(ticket: str, reply: str | None) -> str:
    """The reporter's answer, relayed to the officers' chat."""
    return f"Jawaban pelapor untuk {ticket}:\n\n{_clip(reply, 1500)}"


def question_text(ticket: str, question: str) -> str:
    """Message carrying an officer's question to the reporter."""
    return (
        f"Petugas membutuhkan keterangan tambahan untuk laporan {ticket}:\n\n{question}\n\n"
        "Silakan balas lewat bot ini."
    )


def _clip(text: str | None, limit: int = 300) -> str:
    if not text:
        return "-"
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def consent_label(contact_allowed: bool, notify_updates: bool) -> str:
    """What the reporter agreed to, as officers read it (card, /kasus, console)."""
    if contact_allowed:
        return "boleh dihubungi lewat chat bot"
    if notify_updates:
        return "anonim; JANGAN dihubungi, hanya kabar status otomatis"
    return "anonim; JANGAN kirim pesan apa pun"


def officer_card_text(
    *,
    ticket: str,
    urgent_reasons: list[str],
    recruiter_name: str | None,
    recruiter_contact: str | None,
    company: str | None,
    location: str | None,
    kabupaten: str | None,
    destination_country: str | None,
    offer_text: str | None,
    money: str | None,
    screening_level: str | None,
    screening_flags: list[str],
    linked_reports: int,
    evidence_count: int,
    contact_allowed: bool = False,
    notify_updates: bool = True,
) -> str:
    """Text of the card posted to the officers when a report arrives."""
    head = f"Laporan baru {ticket}"
    if urgent_reasons:
        head = f"[MENDESAK: {', '.join(urgent_reasons)}] " + head
    place = ", ".join(p for p in (location, kabupaten) if p) or None
    lines = [
        head,
        f"Perekrut: {_clip(recruiter_name, 120)}",
        f"Kontak perekrut: {_clip(recruiter_contact, 120)}",
        f"Perusahaan: {_clip(company, 120)}",
        f"Lokasi: {_clip(place, 120)}",
        f"Negara tujuan: {_clip(destination_country, 60)}",
        f"Tawaran: {_clip(offer_text)}",
        f"Uang diminta: {_clip(money, 120)}",
        f"Skrining: {screening_level or '-'}"
        + (f" ({', '.join(screening_flags)})" if screening_flags else ""),
        f"Laporan lain tentang perekrut ini: {linked_reports}",
        f"Bukti: {evidence_count} berkas",
        f"Pelapor: {consent_label(contact_allowed, notify_updates)}",
    ]
    return "\n".join(lines)
