"""Line breaking for Khmer and English on a ticket.

Khmer writes no spaces between words. A line may break at a space or a zero-width space where
the text has one, else between two Khmer clusters, and never inside a cluster: a consonant with
its vowel signs, diacritics and subscripts (coeng + consonant) is one unit. Unicode's grapheme
clusters are not enough for Khmer: they split a coeng from the consonant it subscripts. Between
clusters, a line does not break before a syllable's final consonant (មា|ន), as far as a rule
without a dictionary can tell.
"""

import unicodedata
from collections.abc import Callable

COENG = "\u17d2"
ZWSP = "\u200b"
JOINERS = {"\u200c", "\u200d"}  # ZWNJ and ZWJ belong to the cluster they sit in
SPACES = {" ", ZWSP, "\u3000"}
# No break before these (closing punctuation, Khmer repetition and full stop) ...
NO_BREAK_BEFORE = set(")]}»,.;:!?%។៕៖ៗ")
# ... nor after these.
NO_BREAK_AFTER = set("([{«")


def clusters(text: str) -> list[str]:
    """Split text into units that must stay together on a line."""
    units: list[str] = []
    for char in text:
        joins_previous = units and (
            unicodedata.category(char) in ("Mn", "Mc", "Me") or char in JOINERS or units[-1].endswith(COENG)
        )
        if joins_previous:
            units[-1] += char
        else:
            units.append(char)
    return units


def _is_khmer(unit: str) -> bool:
    return "\u1780" <= unit[0] <= "\u17ff" or "\u19e0" <= unit[0] <= "\u19ff"


# Signs that make the consonant carrying them a syllable's final: bantoc, robat, toandakhiat.
FINAL_SIGNS = set("\u17cb\u17cc\u17cd")
# Vowel signs that already close their syllable (nikahit, reahmuk, yuukaleapintu).
CLOSED_VOWELS = set("\u17c6\u17c7\u17c8")


def _is_consonant(char: str) -> bool:
    return "\u1780" <= char <= "\u17a2"


def _is_digit(char: str) -> bool:
    return "\u17e0" <= char <= "\u17e9"


def _has_vowel(unit: str) -> bool:
    return any("\u17b6" <= char <= "\u17c5" for char in unit)


def _is_final(before: str, after: str) -> bool:
    """Whether `after` is most likely the final consonant of the syllable `before` opens.

    A heuristic, without a dictionary: a consonant with bantoc (់) is always a final; a bare
    consonant after a cluster with a vowel sign usually is (មា|ន is one syllable, មាន).
    """
    if any(char in FINAL_SIGNS for char in after):
        return True
    bare = _is_consonant(after[0]) and not _has_vowel(after) and COENG not in after
    return bare and _has_vowel(before) and before[-1] not in CLOSED_VOWELS


def _breaks(units: list[str]) -> tuple[set[int], set[int]]:
    """Break opportunities, as indexes i meaning "before units[i]": (at spaces, inside Khmer runs)."""
    soft, khmer = set(), set()
    for i in range(1, len(units)):
        before, after = units[i - 1], units[i]
        if after in SPACES:
            continue  # break after the spaces, not before them
        if before in SPACES:
            soft.add(i)
        elif (
            _is_khmer(before)
            and _is_khmer(after)
            and after[0] not in NO_BREAK_BEFORE
            and before[-1] not in NO_BREAK_AFTER
            and not _is_final(before, after)
            and not _is_digit(before[0])  # ២៥៨ដេ, ១០០ម៉ែត្រ: a number stays with what follows
        ):
            khmer.add(i)
    return soft, khmer


def wrap(text: str, measure: Callable[[str], float], max_width: float, *, min_fill: float = 0.6) -> list[str]:
    """Break `text` into lines no wider than `max_width` as measured by `measure` (shaped width).

    A line ends at the last space that fills it to at least `min_fill`, else at the last space or
    break between two Khmer clusters, else (a word longer than the line) between any clusters.
    """
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        lines.extend(_wrap_paragraph(paragraph, measure, max_width, min_fill))
    return lines


def _line(units: list[str], start: int, end: int) -> str:
    # A zero-width space is only a hint where to break: fonts may draw it as a box.
    return "".join(units[start:end]).replace(ZWSP, "").strip("".join(SPACES))


def _wrap_paragraph(text, measure, max_width, min_fill) -> list[str]:
    units = clusters(text.strip())
    if not units:
        return [""]
    soft, khmer = _breaks(units)
    lines = []
    start = 0
    while start < len(units):
        if measure(_line(units, start, len(units))) <= max_width:
            lines.append(_line(units, start, len(units)))
            break
        # The longest prefix that fits: widths grow with the prefix, so bisect.
        low, high = start + 1, len(units)  # units[start:low] is taken even if it overflows
        while low < high:
            middle = (low + high + 1) // 2
            if measure(_line(units, start, middle)) <= max_width:
                low = middle
            else:
                high = middle - 1
        fit = low
        spaces = [i for i in soft if start < i <= fit]
        inside_khmer = [i for i in khmer if start < i <= fit]
        if spaces and measure(_line(units, start, max(spaces))) >= min_fill * max_width:
            end = max(spaces)
        elif spaces or inside_khmer:
            end = max(spaces + inside_khmer)
        else:
            end = fit
        lines.append(_line(units, start, end))
        start = end
        while start < len(units) and units[start] in SPACES:
            start += 1
    return lines
