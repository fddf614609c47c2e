"""Turn an Assessment into a short Indonesian reply for Telegram."""

from __future__ import annotations

from screening.assessment import Assessment, RedFlag

MAX_FLAGS_SHOWN = 4
MAX_EVIDENCE_CHARS = 80
MAX_REPLY_CHARS = 1500

_LEVEL_LINE = {
    "TINGGI": "🔴 Risiko: TINGGI",
    "SEDANG": "🟠 Risiko: SEDANG",
    "RENDAH": "🟢 Risiko: RENDAH",
}
_LEVEL_SUMMARY = {
    "TINGGI": "Tawaran ini punya tanda kuat penipuan atau perdagangan orang. Jangan bayar apa pun dan jangan berangkat dulu.",
    "SEDANG": "Tawaran ini punya tanda yang mencurigakan. Cek dulu sebelum membayar atau menyerahkan dokumen.",
    "RENDAH": "Saya tidak menemukan tanda bahaya yang jelas. Ini belum berarti aman: tetap cek hal-hal di bawah.",
}
def _contact(contact_id: str) -> str:
    """A number or site from ``knowledge_base/contacts.yml``, the one place they live."""
    from knowledge_base import load_contacts

    return next(str(c["value"]) for c in load_contacts() if c["id"] == contact_id)


def emergency_lines() -> tuple[str, ...]:
    return (
        "🆘 Jika Anda atau keluarga sedang dalam bahaya, minta bantuan sekarang:",
        f"• KP2MI: {_contact('kp2mi_hotline')} (gratis, dari Indonesia)",
        f"• Dari luar negeri: hotline Kemlu {_contact('kemlu_pwni')} atau aplikasi "
        f"{_contact('kemlu_safe_travel')}",
        f"• Polisi: {_contact('police')}",
    )


def check_lines() -> tuple[str, ...]:
    return (
        "Yang perlu Anda cek:",
        f"• Cek nama perusahaan dan izinnya di SISKOP2MI ({_contact('siskop2mi')}) atau tanyakan ke "
        "Disnaker, LTSA atau BP3MI.",
        "• Tawaran resmi punya visa kerja, perjanjian kerja (PK) yang ditandatangani sebelum "
        "berangkat (UU 18/2017 Pasal 15), BPJS Ketenagakerjaan dan OPP.",
        "• PRT, pengasuh, perawat lansia, sopir keluarga dan ABK perikanan tidak boleh dipungut "
        "biaya penempatan.",
        f"Tanya KP2MI di {_contact('kp2mi_hotline')}. Untuk melaporkan perekrut ini, ketik /lapor.",
    )


NOT_ENOUGH_TEXT = (
    "Teksnya terlalu sedikit untuk saya periksa. Kirim atau teruskan isi lowongan lengkap "
    "(gaji, negara, perusahaan, biaya, cara berangkat), atau fotonya."
)


def render_reply(assessment: Assessment, *, emergency_lines: bool | None = None) -> str:
    """Write the Indonesian reply: emergency help first (if any), the level, flags, then checks.

    The reply contains exactly one line "Risiko: TINGGI|SEDANG|RENDAH" (after an emoji) and stays
    under about 1,500 characters (fewer flags are shown if needed). ``emergency_lines=False``
    leaves the help numbers out (the caller already put them first); None follows the assessment.
    """
    emergency = assessment.emergency if emergency_lines is None else emergency_lines
    n_flags = min(MAX_FLAGS_SHOWN, len(assessment.flags))
    reply = _compose(assessment, n_flags, emergency)
    while len(reply) > MAX_REPLY_CHARS and n_flags > 1:
        n_flags -= 1
        reply = _compose(assessment, n_flags, emergency)
    return reply


def _compose(assessment: Assessment, n_flags: int, emergency: bool) -> str:
    lines: list[str] = []
    if emergency:
        lines.extend(emergency_lines())
        lines.append("")
    lines.append(_LEVEL_LINE[assessment.level])
    if not assessment.enough_text:
        lines.append(NOT_ENOUGH_TEXT)
    else:
        lines.append(_LEVEL_SUMMARY[assessment.level])
        if n_flags:
            lines.append("")
            lines.append("Tanda bahaya yang saya temukan:")
            lines.extend(_flag_line(f) for f in assessment.flags[:n_flags])
            hidden = len(assessment.flags) - n_flags
            if hidden:
                lines.append(f"• …dan {hidden} tanda lain.")
    lines.append("")
    lines.extend(check_lines())
    return "\n".join(lines)


def _flag_line(flag: RedFlag) -> str:
    evidence = flag.evidence
    if len(evidence) > MAX_EVIDENCE_CHARS:
        evidence = evidence[: MAX_EVIDENCE_CHARS - 1].rstrip() + "…"
    quoted = f" «{evidence}»" if evidence else ""
    return f"• {flag.title}{quoted}: {flag.explanation}"
