"""One understanding step per free-text message outside a form.

It decides several things at once and composes one reply in a fixed order:
(a) someone is in danger now → help numbers first, and still the answer;
(b) the message carries an offer → screened at once, with the ``Risiko:`` line;
(c) it asks something → answered from the knowledge base (a best guess marked as such when unsure,
    the honest "I don't know" only outside the domain), with the user's own numbers checked first;
(d) it wants to report → the report form starts on a clear wish, else a button is offered.
Small talk gets a truthful line. The dialogue state (last topic, country, offer) carries across
turns with an expiry; Rasa keeps it in a slot, so a restart loses nothing.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any, Literal, Protocol

from knowledge_base import ASKS_FOR_CONTACT, WHERE_TO_COMPLAIN, contact_reply, detect_country
from screening import (
    DANGER_DETECTOR_THRESHOLD,
    Assessment,
    Danger,
    assess,
    carries_offer,
    danger_probability,
    detect_danger,
    offer_probability,
    render_reply,
)
from screening import OFFER_DETECTOR_THRESHOLD as OFFER_THRESHOLD
from understanding import replies
from understanding.checks import rule_verdicts
from understanding.route_detectors import (
    OUTSIDE_THRESHOLD,
    REPORT_THRESHOLD,
    outside_probability,
    report_probability,
)
from understanding.signals import (
    HYPOTHETICAL as _HYPOTHETICAL,
)
from understanding.signals import (
    REPORT_TARGET,
    STILL_ALLOWED,
    Signals,
    names_a_topic,
    read_signals,
    strip_greeting,
    tells_case,
    tells_experience,
    tells_own_story,
)

# A question the offer rules take for an offer is not screened when the offer detector puts it below
# this. Chosen on tune and test_s12 (neither fitted on): of the questions the rules took for offers,
# the lowest real offer scored 0.39; at 0.1, 14 of 39 false screens go and no offer is lost.
NOT_AN_OFFER_BELOW = 0.1

Route = Literal["danger", "screen", "answer", "guess", "unknown", "report", "smalltalk", "outside",
                "check_prompt", "help_line"]
STATE_TTL_S = 30 * 60  # the context of a conversation left for half an hour is forgotten
# A best guess is shown above this confidence when the message is about working abroad.
GUESS_MIN_CONFIDENCE = 0.18
REPORT_BUTTON = {"title": "Laporkan perekrut ini", "payload": "/report_recruiter"}
REPORT_BUTTON_PLAIN = {"title": "Lapor perekrut", "payload": "/report_recruiter"}


class KnowledgeBaseLike(Protocol):
    def answer(self, query: str, context: dict | None = None,
               min_confidence: float | None = None) -> Any: ...


@dataclass
class Part:
    """One block of the reply."""

    route: Route
    text: str
    buttons: list[dict[str, str]] = field(default_factory=list)
    answer: Any = None


@dataclass
class Understanding:
    """What the step decided for one message, and the reply it composed."""

    parts: list[Part]
    state: dict
    start_form: Literal["report_form", "offer_form"] | None = None
    assessment: Assessment | None = None
    screened_text: str | None = None
    signals: Signals | None = None
    show_menu: bool = False  # the help text and the menu buttons
    menu_buttons: bool = False  # only the menu buttons (after a greeting)

    @property
    def routes(self) -> list[str]:
        return [p.route for p in self.parts]


OFFER_TEXT_KEPT = 1500  # characters of the last screened offer kept for its follow-ups
RECENT_TURNS = 2  # earlier messages kept to read an offer told over several messages
RECENT_CHARS = 600


def fresh_state(state: dict | None, now: float) -> dict:
    """The stored state unless it has expired."""
    if not state or not isinstance(state, dict):
        return {}
    if now - float(state.get("at", 0) or 0) > STATE_TTL_S:
        return {}
    return dict(state)


class Understander:
    """Composes ``knowledge_base`` and ``screening`` into one decision per message."""

    def __init__(self, kb: KnowledgeBaseLike,
                 screen: Callable[[str], Assessment] = assess,
                 clock: Callable[[], float] = time.time) -> None:
        self.kb = kb
        self.screen = screen
        self.clock = clock

    def handle(self, text: str, state: dict | None = None, intent: str | None = None) -> Understanding:
        """Understand one message; ``intent`` is Rasa's guess, used only for yes/no on a pending offer."""
        now = self.clock()
        state = fresh_state(state, now)
        text = (text or "").strip()
        signals = read_signals(text)
        recent = [str(t) for t in state.pop("recent", None) or []][-RECENT_TURNS:]
        if text and not signals.smalltalk:
            state["recent"] = [*recent, text[:RECENT_CHARS]][-RECENT_TURNS:]
        elif recent:
            state["recent"] = recent
        if signals.report == "maybe" and (state.get("offer") or state.get("danger") or any(
                tells_case(read_signals(turn).normalized) for turn in recent)):
            # "lapor ning ndi?" after telling what the sponsor did: there is a case to report.
            signals = replace(signals, report="clear")
        elif signals.report == "maybe" and not _is_follow_up(signals, state) and _learned_report(text, signals.normalized):
            # "ulun handak malaporkan sponsor nang maambil duit ulun": the rules heard only a maybe,
            # the detector fitted on other authors' reports is sure. (A short follow-up, "lapornya
            # ke mana?" after a question about days off, leans on the conversation: answered.)
            signals = replace(signals, report="clear")
        parts: list[Part] = []
        result = Understanding(parts=parts, state=state, signals=signals)

        pending = state.pop("pending", None)
        # The previous message was screened: a short question next ("jd gmn, aman ji?", "jadi kada
        # usah kah?") is still about that offer.
        just_screened = bool(state.pop("just_screened", False))
        if pending == "report" and intent == "affirm" and signals.words <= 4:
            result.start_form = "report_form"
            return self._finish(result, now)

        danger = detect_danger(text)
        if not danger.any and not signals.smalltalk:
            # Second opinions: Rasa's classifier or the learned danger detector (both trained on
            # other wording than the patterns) heard danger the patterns did not. Safe side: the
            # help numbers first, and still the answer.
            if intent == "emergency":
                danger = Danger("unsure", ("classifier",))
            else:
                probability = danger_probability(text)
                if probability is not None and probability >= DANGER_DETECTOR_THRESHOLD:
                    danger = Danger("unsure", ("detector",))
        follow_up = _is_follow_up(signals, state)
        # The thread about someone in danger goes on through short turns that tell more ("dia cuma
        # bisa WA, pulsanya habis") as well as through questions.
        danger_context = bool(state.pop("danger", False)) and (follow_up or signals.words <= 14)
        kb_before = state.get("kb")
        if not danger.any and danger_context and _ASKS_FOR_HELP.search(signals.normalized):
            # "nombor mana yg boleh dia call?" right after a message about someone locked in.
            danger = Danger("now", ("follow_up",))
        if danger.now:
            parts.append(Part("danger", replies.danger_block(text),
                              [{"title": "Laporkan ke petugas", "payload": "/report_recruiter"}]))
            state["danger"] = True
        elif danger_context or danger.level == "unsure":
            # The thread about someone (maybe) in danger goes on: "nomor apa yg bisa dia hubungi?"
            # next gets the help numbers first.
            state["danger"] = True

        if signals.smalltalk and not danger.any:
            if signals.smalltalk != "help":
                parts.append(Part("smalltalk", replies.smalltalk_text(signals.smalltalk)))
            result.show_menu = signals.smalltalk in ("help", "identity", "creator")
            result.menu_buttons = signals.smalltalk in ("greet", "ack", "laugh")
            return self._finish(result, now)

        if signals.off_topic and not danger.any and not signals.report and not state.get("kb") \
                and not (carries_offer(text) and self.screen(text).level == "TINGGI"):
            # (A "local" ad with trafficking signs, "kumpul di Kupang, saya yang urus semua", is
            # screened below rather than called a local job.)
            # A recipe, a football score, a factory job in Cikarang: honest, and kept short.
            text_out = replies.local_job_text() if signals.off_topic == "local_job" else replies.outside_text()
            parts.append(Part("outside", text_out))
            return self._finish(result, now)

        offer = carries_offer(text)
        if offer and signals.question and _learned_says_no_offer(text):
            # "bikin paspor utk kerja ke luar negri hrs bawa surat dr kantor mana": the rules see a
            # country and a job, but the detector fitted on many authors' messages is sure it is a
            # question about the rules, not an offer told to be checked.
            offer = False
        learned_only = False
        screened = text
        if not offer and not signals.smalltalk:
            probability = offer_probability(text)
            learned_only = probability is not None and probability >= OFFER_THRESHOLD
            offer = learned_only
        earlier_offer = state.get("offer") or {}
        if not offer and not signals.smalltalk and earlier_offer.get("text") and not signals.question \
                and not signals.refers_to_offer and signals.words <= 25 and signals.in_domain \
                and carries_offer(f"{earlier_offer['text']}\n{text}"):
            # The offer just screened, told further ("bayar 20jt, lewat bali pake visa turis"):
            # screen it again with the new details.
            offer, screened = True, f"{earlier_offer['text']}\n{text}"
        if not offer and not signals.smalltalk and not state.get("offer") and recent and (
                signals.question or follow_up or signals.check_request or signals.refers_to_offer):
            # An offer told over several messages ("ana sponsor nawani adhiku kerja" … "ning malaysia,
            # umure 17 tapi jere bisa dituwani" … "kuwe olih ora?"): screen what was told together.
            joined = "\n".join([*recent, text])
            probability = offer_probability(joined)
            if carries_offer(joined) or (probability is not None and probability >= OFFER_THRESHOLD):
                offer, screened = True, joined
        elif offer and recent and not state.get("offer") and len(recent[-1].split()) <= 15 \
                and read_signals(recent[-1]).in_domain and not carries_offer(recent[-1]):
            # "ana sing nawarin abk taiwan" … "bayar 20jt, lewat bali pake visa turis": the offer's
            # first words came a message earlier; screen both together.
            screened = f"{recent[-1]}\n{text}"
        about_last_offer = just_screened and not offer and signals.question and signals.words <= 6 \
            and (bool(_SAFETY.search(signals.normalized)) or not names_a_topic(signals.normalized))
        own_story = offer and (
            tells_own_story(text, signals.normalized) or tells_experience(text, signals.normalized))
        if own_story:
            # "saya setor 27 juta … nunggu 3 bulan gak berangkat, uangnya bisa balik?": what already
            # happened, and what to do now. The answer and the way to report, not a risk verdict.
            offer = False
        if offer:
            assessment = self.screen(screened)
            result.assessment = assessment
            result.screened_text = screened
            reply = render_reply(assessment, emergency_lines=False)
            parts.append(Part("screen", replies.offer_note() + "\n\n" + reply, [REPORT_BUTTON]))
            state["offer"] = {"level": assessment.level, "flags": len(assessment.flags),
                              "text": screened[-OFFER_TEXT_KEPT:]}
            state["just_screened"] = True
            verdicts = rule_verdicts(text)
            if verdicts:
                parts.insert(len(parts) - 1, Part("answer", "\n".join(v.text for v in verdicts)))
        elif state.get("offer") and (signals.refers_to_offer or about_last_offer):
            earlier = state["offer"]
            parts.append(Part("screen", replies.earlier_offer_text(earlier["level"], earlier["flags"]),
                              [REPORT_BUTTON]))

        if signals.report == "clear":
            result.start_form = "report_form"
            if signals.question:
                # "saya mau lapor sponsor ..., uang saya bisa kembali?": the question gets its
                # answer above the form, the form still starts.
                asked: list[Part] = []
                self._answer(text, signals, state, asked, danger_now=True, with_checks=not offer,
                             follow_up=False)
                parts.extend(p for p in asked if p.route in ("answer", "guess"))
            if danger.level == "unsure":
                parts.insert(0, Part("help_line", replies.help_line()))
            return self._finish(result, now)

        if signals.check_request and not offer and signals.words <= 12 and not danger.now \
                and not (signals.refers_to_offer and state.get("offer")) \
                and not _ASKS_HOW.search(signals.normalized) \
                and not (names_a_topic(signals.normalized) and self._sure(text, state)):
            result.start_form = "offer_form"
            return self._finish(result, now)

        answered_by_offer = any(p.route == "screen" for p in parts) and not learned_only
        if about_last_offer and not signals.refers_to_offer and not _SAFETY.search(signals.normalized):
            answered_by_offer = False  # "jadi kada usah kah?": the reminder, and the answer
        if not answered_by_offer or (signals.question and _asks_beyond_safety(signals)):
            self._answer(text, signals, state, parts, danger_now=danger.now, with_checks=not offer,
                         follow_up=follow_up)
        if state.get("kb") is kb_before and (offer or danger.any) and not follow_up:
            _remember_subject(state, text)

        if danger.level == "unsure":
            parts.insert(0, Part("help_line", replies.help_line()))
        if (signals.report == "maybe" or own_story) and not danger.now:
            parts.append(Part("report", replies.report_offer_text(), [REPORT_BUTTON_PLAIN]))
            state["pending"] = "report"
        if not parts:
            parts.append(Part("outside", replies.outside_text()))
        return self._finish(result, now)

    def _sure(self, text: str, state: dict) -> bool:
        """Whether the guidance answers ``text`` with its usual confidence."""
        return bool(self.kb.answer(text, state.get("kb"), min_confidence=None).sure)

    def side_answer(self, text: str) -> str:
        """A short reply to a question asked in the middle of the report form; the form goes on."""
        lines = [replies.side_question_text()]
        answer = self.kb.answer(text, None, min_confidence=GUESS_MIN_CONFIDENCE)
        if answer.found and answer.sure:
            lines.insert(0, answer.text)
        return "\n\n".join(lines)

    def _answer(self, text: str, signals: Signals, state: dict, parts: list[Part], *,
                danger_now: bool, with_checks: bool, follow_up: bool) -> None:
        query = strip_greeting(signals.normalized) and text
        shown = [str(i) for i in state.pop("contact", None) or []]
        if ASKS_FOR_CONTACT.search(signals.normalized) or (shown and signals.words <= 6) \
                or WHERE_TO_COMPLAIN.search(signals.normalized):
            # "nomor KBRI Seoul brp?", then "sing wa?" or "kalo KJRI Osaka?"; "lapornya ke mana?"
            # about Hong Kong: the cards from contacts.yml, each with its source and month,
            # instead of a passage that happens to hold a number.
            country = (state.get("kb") or {}).get("country")
            found = contact_reply(text, shown, country)
            if found:
                parts.append(Part("answer", found[0]))
                state["contact"] = found[1]
                return
        rewritten = False
        if _CONTACT_QUESTION.search(signals.normalized) and not _NAMED_PLACE.search(signals.normalized) \
                and not follow_up:
            # "no aduan brp?": the complaint channel, whatever else the short question says.
            query = f"ke mana saya melapor call center KP2MI {replies.contact('kp2mi_hotline')} bebas pulsa {text}"
            rewritten = True
        context = state.get("kb")
        earlier = (context or {}).get("question", "") if follow_up else ""
        checked = text
        recent = state.get("recent") or []
        if _TRUTH_CHECK.match(signals.normalized) and len(recent) >= 2 and signals.words <= 5:
            # "cenah teu kedah OPP" … "eta bener?": the claim just told is what is asked about.
            query = checked = str(recent[-2])
        verdicts = rule_verdicts(checked, earlier) if with_checks else []
        answer = self.kb.answer(query, context, min_confidence=GUESS_MIN_CONFIDENCE)
        # A question right after an answer stays in the conversation's subject even without a
        # domain word ("kalau yg tanda tangan kakaknya bisa?"): a guess, never "outside".
        in_domain = signals.in_domain or follow_up or bool(context and signals.question)
        if not answer.sure and not follow_up and not danger_now and with_checks and not verdicts \
                and not rewritten and _learned_outside(text):
            # "lowongan BHL di kebun sawit daerah muba ado dak", "pinjol mano yg bungo nyo kecik":
            # no sure answer, and the detector fitted on other authors' messages is sure this is
            # not about working abroad. Honest and short, instead of a guess nobody asked for.
            parts.append(Part("outside", replies.local_job_text() if _JOB_HERE.search(signals.normalized)
                              else replies.outside_text()))
            return
        if answer.found and (answer.sure or in_domain):
            route: Route = "answer" if answer.sure else "guess"
            if verdicts:
                parts.append(Part("answer", "\n".join(v.text for v in verdicts)))
            body = answer.text if answer.sure else f"{replies.guess_intro()}\n\n{answer.text}"
            if not answer.sure:
                body += "\n\n" + replies.guess_outro()
            parts.append(Part(route, body, answer=answer))
            state["kb"] = _with_country(dict(answer.context), context)
            if rewritten:
                state["kb"]["question"] = text  # the next follow-up leans on the user's words
            return
        if verdicts:
            parts.append(Part("answer", "\n".join(v.text for v in verdicts)))
            return
        if danger_now:
            return  # the help numbers are the answer; no "I don't know" after them
        if in_domain:
            parts.append(Part("unknown", replies.unknown_text()))
            state["kb"] = answer.context
        else:
            parts.append(Part("outside", replies.outside_text()))

    def _finish(self, result: Understanding, now: float) -> Understanding:
        result.state["at"] = now
        return result


_CONTACT_QUESTION = re.compile(
    r"\b(?:no|nomor|nomer|nmr|kontak|contact|hotline|callcenter|telp|telepon|telpon|wa|whatsapp)\b"
    r"(?:\s+\w+){0,2}?\s+(?:aduan|pengaduan|ngadu|lapor|laporan|kp2mi|bp2mi|pmi|tki|bantuan|darurat)\b"
)
_NAMED_PLACE = re.compile(r"\b(?:kbri|kjri|kdei|polisi|taiwan|hongkong|1955|labour|kemlu|bpjs)\b")


# "kepriwe ngecek PT resmi apa ora": a question about how to check, answered; not "paste the offer".
_ASKS_HOW = re.compile(r"\b(?:cara|caranya|carane|carana|gimana|gmn|bagaimana|kumaha|piye|kepiye|kepriwe|"
                       r"priwe|pripun|how|ning ndi|nang ndi|di mana|dimana|dmn|kemana|ke mana|"
                       r"apa itu|itu apa|apaan|naon eta|naon ari|opo kuwi|apa kuwi|artinya|maksudnya|"
                       r"what is)\b")
_ASKS_FOR_HELP = re.compile(
    r"\b(?:no|nomor|nomer|nombor|nmr|nomere|nomorna|nomornya|nomernya|nombornya|nomore|kontak|hubungi|telepon|telpon|nelpon|call|wa|whatsapp|"
    r"kemana|ke mana|ka mana|kamana|menyang ngendi|minta tolong|tolong|bantuan|tulung|harus apa|kudu piye|"
    r"gimana|gmn|bagaimana|kumaha|piye|kepiye|kepriwe|priwe|pripun|kudu opo|kudu apa|lapor|saiki|"
    r"sekarang|skrg|ayeuna|terus|trus|lalu)\b")


# Whether it is safe, legal, to be trusted: what a short question after a screened offer asks.
_SAFETY = re.compile(r"\b(?:aman|legal|resmi|asli|wajar|scam|nipu|penipuan|tipu|bahaya|percaya|dipercaya|"
                     r"masuk akal|beneran|bener|benar|halal|bisa dipercaya|layak|ngeri|aneh|mencurigakan|"
                     r"curiga|hoax|hoaks|sah)\b")


# "eta bener?", "itu benar gak?", "masa sih?", "beneran?": is what was just said true?
_TRUTH_CHECK = re.compile(
    r"^(?:(?:itu|ini|eta|ieu|kuwi|iku|kui|tersebut|yang itu|apa|apakah|jadi|terus|trus)\s+)*"
    r"(?:bener|benar|betul|beneran|bener ora|leres|sae|masa|masak|masa sih|serius|yakin|iya|iyakah|"
    r"hoax|hoaks|bohong|ngibul|asli)\b")


def _learned_says_no_offer(text: str) -> bool:
    probability = offer_probability(text)
    return probability is not None and probability < NOT_AN_OFFER_BELOW


def _learned_report(text: str, normalized: str) -> bool:
    if _HYPOTHETICAL.search(normalized) or STILL_ALLOWED.search(normalized) \
            or not REPORT_TARGET.search(normalized):
        # "lapor kemana kalau ditipu sponsor?", "masih bisa lapor gak?", "lapor ke mana ya?": a
        # question without someone to report, answered with a button.
        return False
    probability = report_probability(text)
    return probability is not None and probability >= REPORT_THRESHOLD


def _learned_outside(text: str) -> bool:
    probability = outside_probability(text)
    return probability is not None and probability >= OUTSIDE_THRESHOLD


_JOB_HERE = re.compile(r"\b(?:lowongan|loker|lowker|lamaran|melamar|ngelamar|cari kerja|nyari kerja|golek gawe)\b")


def _is_follow_up(signals: Signals, state: dict) -> bool:
    """A short message that leans on the conversation so far ("wajib gak?", "itu legal?")."""
    if not state.get("kb") and not state.get("danger"):
        return False
    return signals.short_follow_up or (signals.words <= 8 and signals.question)


def _remember_subject(state: dict, text: str) -> None:
    """After a screened offer or a danger message, follow-ups lean on that message."""
    state["kb"] = _with_country({"topic": None, "article_id": None, "question": text[:400],
                                 "country": detect_country(text)}, state.get("kb"))


def _with_country(new: dict, old: dict | None) -> dict:
    """A turn that names no country keeps the conversation's country ("kamboja" … "kalau sudah di sana?")."""
    if not new.get("country") and old and old.get("country"):
        new["country"] = old["country"]
    return new


def _asks_beyond_safety(signals: Signals) -> bool:
    """Does a message with an offer also ask something other than "is it safe?"."""
    return bool(re.search(
        r"\b(?:syarat|cara|caranya|dokumen|berkas|biaya resmi|berapa biaya|bpjs|umur|usia|visa kerja|"
        r"nomor|hotline|lapor kemana|kemana lapor|wajib|harus|prosedur|daftar|pendaftaran|"
        # "emang biaya ke taiwan harusnya brp?", "moratorium udah dicabut ya?", "apa itu SPSK?"
        r"berapa|harusnya|seharusnya|sebenarnya|sebenernya|emang|memang|apa itu|itu apa|bedanya|"
        r"beda|kenapa|mengapa|siapa|lewat mana|lewat apa|kapan|dicabut|dibuka|ditutup|masih berlaku|"
        r"moratorium|levy|tanggung|yang bayar|sing mbayar|nu mayar|aturannya|aturane|hukumnya|"
        r"dihukum|dipenjara|legal gak di|ada gak yang legal|ada yang resmi)\b",
        signals.normalized))
