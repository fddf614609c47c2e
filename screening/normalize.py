"""Normalise informal offer text for matching, keeping a map back to the original characters.

Recruiters write "GRATISSS", "k4mboja", "V I S A  T U R I S", fancy Unicode bold letters and emojis.
Patterns are written against the normalised text; evidence is cut from the original text through
the offset map, so the user sees the exact words of the offer.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Digits that stand for letters when written inside a word ("k4mboja", "gr4tis", "v1sa").
_LEET = {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a"}
# Licence and agency acronyms contain digits on purpose: never "de-leet" them.
_PROTECTED_TOKENS = re.compile(r"(?:sip[23]mi|[bk]?p[234]mi|bnp2tki|siskop2mi|siskotkln)$")
_KEEP_PUNCT = set(".,:;/$%+-#@'\"()!?&=\n")


@dataclass(frozen=True)
class NormalText:
    """Normalised text plus, for each of its characters, the index of the original character."""

    text: str
    index: tuple[int, ...]
    original: str

    def evidence(self, start: int, end: int) -> str:
        """Return the original words behind the normalised span ``[start, end)``."""
        if not self.index or start >= end:
            return ""
        first = self.index[min(start, len(self.index) - 1)]
        last = self.index[min(end, len(self.index)) - 1]
        snippet = self.original[first : last + 1]
        return " ".join(snippet.split())


def _fold_char(ch: str) -> str:
    folded = unicodedata.normalize("NFKC", ch).lower()
    out = []
    for c in unicodedata.normalize("NFKD", folded):
        if unicodedata.combining(c):
            continue
        if c.isalnum() or c in _KEEP_PUNCT:
            out.append(c)
        elif c.isspace():
            out.append("\n" if c in "\n\r" else " ")
        else:
            out.append(" ")  # emojis, bullets, decorative symbols
    return "".join(out)


def normalize(original: str) -> NormalText:
    """Lower-case, strip emojis and accents, undo leetspeak and stretched letters, join spaced letters.

    Args:
        original: the text as the user sent it.

    Returns:
        The normalised text with an index map back into ``original``.
    """
    chars: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(_caps_l_as_i(original)):
        for c in _fold_char(ch):
            chars.append(c)
            index.append(i)

    chars, index = _deleet(chars, index)
    chars, index = _collapse_runs(chars, index)
    chars, index = _join_spaced_letters(chars, index)
    chars, index = _squeeze_spaces(chars, index)
    return NormalText("".join(chars), tuple(index), original)


_CAPS_WITH_L = re.compile(r"\b(?=[A-Za-z0-9]*[A-Z][A-Za-z0-9]*[A-Z])[A-Z0-9]*l[A-Zl0-9]*\b")


def _caps_l_as_i(text: str) -> str:
    """A lower-case "l" inside an upper-case word is an "I" (flyers and OCR: "GAJl", "SAWlT",
    "TAlWAN"). Same length, so the offsets still point into the original."""
    return _CAPS_WITH_L.sub(lambda m: m.group(0).replace("l", "I"), text)


def _deleet(chars: list[str], index: list[int]) -> tuple[list[str], list[int]]:
    text = "".join(chars)
    out = list(chars)
    for m in re.finditer(r"[a-z0-9@]+", text):
        token = m.group()
        if not re.search(r"[a-z]", token) or _PROTECTED_TOKENS.match(token):
            continue
        for j in range(m.start(), m.end()):
            c = chars[j]
            # Only a digit between two letters is a letter in disguise ("k4mboja", not "rp30jt").
            if c in _LEET and 0 < j - m.start() < len(token) - 1:
                if chars[j - 1].isalpha() and chars[j + 1].isalpha():
                    out[j] = _LEET[c]
    return out, index


def _collapse_runs(chars: list[str], index: list[int]) -> tuple[list[str], list[int]]:
    """Collapse three or more identical letters into one ("gratisss" -> "gratis")."""
    out_c: list[str] = []
    out_i: list[int] = []
    n = len(chars)
    j = 0
    while j < n:
        k = j
        while k + 1 < n and chars[k + 1] == chars[j]:
            k += 1
        run = k - j + 1
        if chars[j].isalpha() and run >= 3:
            out_c.append(chars[j])
            out_i.append(index[j])
        else:
            out_c.extend(chars[j : k + 1])
            out_i.extend(index[j : k + 1])
        j = k + 1
    return out_c, out_i


_SPACED = re.compile(r"(?<![a-z0-9])(?:[a-z][ .]){3,}[a-z](?![a-z0-9])")


def _join_spaced_letters(chars: list[str], index: list[int]) -> tuple[list[str], list[int]]:
    """Join "v i s a" or "t.u.r.i.s" into "visa" / "turis"; keep the word gap ("visa  turis")."""
    text = "".join(chars)
    keep = [True] * len(chars)
    for m in _SPACED.finditer(text):
        for j in range(m.start(), m.end()):
            if chars[j] in " .":
                keep[j] = False
    return [c for c, k in zip(chars, keep, strict=True) if k], [
        i for i, k in zip(index, keep, strict=True) if k
    ]


def _squeeze_spaces(chars: list[str], index: list[int]) -> tuple[list[str], list[int]]:
    out_c: list[str] = []
    out_i: list[int] = []
    for c, i in zip(chars, index, strict=True):
        if c == " " and (not out_c or out_c[-1] in " \n"):
            continue
        if c == "\n" and out_c and out_c[-1] == " ":
            out_c[-1], out_i[-1] = c, i
            continue
        out_c.append(c)
        out_i.append(i)
    while out_c and out_c[-1] in " \n":
        out_c.pop()
        out_i.pop()
    return out_c, out_i
