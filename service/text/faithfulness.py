"""Faithfulness flags: what a headline, summary sentence or bullet states that its
source does not.

Four kinds of claim are checked, each cheaply and without a model, so the API can
check an editor's edit as fast as the worker checks the engine's draft:

- ``number``: a number as written, with its currency and unit ("$1.13bn", "76%",
  "10,000 jobs" -> 10,000); "12" where the source says "12,800" is not supported.
- ``date``: weekdays, months with their day, years ("Tuesday", "1 October", "2024").
- ``entity``: people, places, organisations, found as capitalized phrases; one is
  supported when each of its words is written capitalized in the source ("Mr Rutte"
  is supported by "Mark Rutte").
- ``quote``: text in quotation marks must be in the source word for word (spacing,
  case and the style of quotation mark aside); a quotation left open is flagged too.

Measured by ``benchmarks/faithfulness_flags.py`` on 300 BBC dev articles (figures in
its docstring and in docs/editor.md).
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Literal

FlagKind = Literal["number", "date", "entity", "quote"]


@dataclass(frozen=True)
class Flag:
    kind: FlagKind
    text: str
    reason: str

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


_MONTHS = (
    "January February March April May June July August September October November December "
    "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec"
)  # fmt: skip
_WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday"
_MONTH = "|".join(_MONTHS.split())
_WEEKDAY = "|".join(_WEEKDAYS.split())
_DATE = re.compile(
    rf"\b(?:(?P<day1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<month1>{_MONTH})\b\.?"
    rf"|(?P<month2>{_MONTH})\b\.?(?:\s+(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?\b)?"
    rf"|(?P<weekday>{_WEEKDAY})\b)"
    rf"(?:,?\s+(?P<year>(?:19|20)\d\d)\b)?"
)
_YEAR = re.compile(r"(?<![\d.,$£€¥])\b(?:19|20)\d\d\b(?![.,]\d|\s*%)")

_CURRENCY = r"(?:US\$|\$|£|€|¥)"
_MULTIPLIER = {
    "bn": "bn", "billion": "bn", "b": "bn", "m": "m", "mn": "m", "million": "m",
    "k": "k", "thousand": "k", "tn": "tn", "trillion": "tn", "%": "%", "per cent": "%",
    "percent": "%", "pc": "%",
}  # fmt: skip
_UNIT = (
    r"(?:%|per cent|percent|pc\b|bn\b|billion\b|mn\b|m\b|million\b|k\b|thousand\b|tn\b"
    r"|trillion\b|b\b)"
)
_NUMBER = re.compile(
    rf"(?P<currency>{_CURRENCY})?\s?(?<![\w.,])(?P<value>\d+(?:[.,]\d+)*)(?:\s?(?P<unit>{_UNIT}))?",
    re.IGNORECASE,
)
_WORD_NUMBER = re.compile(r"\d")

# Words written capitalized that name nothing: sentence openers, pronouns, titles,
# days and months (checked as dates), and the like.
_NOT_NAMES = {
    *[
        "A", "An", "The", "This", "That", "These", "Those", "There", "Their", "They", "Them",
        "He", "She", "It", "Its", "His", "Her", "Hers", "We", "Our", "Us", "I", "You", "Your",
        "My", "Mr", "Mrs", "Ms", "Miss", "Dr", "Sir", "Lord", "Lady", "Prof", "Professor",
        "President", "Minister", "Prime", "Secretary", "General", "Chief", "Chairman", "Mayor",
        "Judge", "King", "Queen", "Prince", "Princess", "Saint", "St", "Rev", "But", "And",
        "Or", "Nor", "So", "Yet", "For", "If", "When", "While", "As", "At", "In", "On", "Of",
        "To", "From", "By", "With", "Without", "After", "Before", "Since", "Until", "Although",
        "Though", "Because", "However", "Meanwhile", "Also", "Now", "Then", "Still", "Even",
        "Last", "Next", "First", "Second", "Third", "New", "Old", "Some", "Many", "Most", "All",
        "Both", "Each", "Every", "No", "Not", "None", "What", "Who", "Whom", "Whose", "Which",
        "Where", "Why", "How", "Yes", "Here", "Today", "Tomorrow", "Yesterday", "One", "Two",
        "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten", "Such", "Other",
        "Another", "Than", "Only", "Just", "Over", "Under", "More", "Less", "About", "Around",
        "Among", "Between", "During", "Despite", "Against", "Into", "Onto", "Upon", "Within",
        "Earlier", "Later", "Speaking", "According", "Asked", "Overall", "Instead", "Indeed",
        "Already", "Its", "Is", "Was", "Are", "Were", "Be", "Been", "Has", "Have", "Had",
        "Will", "Would", "Can", "Could", "Should", "May", "Might", "Must", "Do", "Does", "Did",
    ],
    *_MONTHS.split(),
    *_WEEKDAYS.split(),
}  # fmt: skip
_CAPITALIZED = re.compile(r"\b[A-Z][\w’'\-.&]*[\w]|\b[A-Z]\b")
_CONNECTORS = {"of", "de", "del", "la", "van", "von", "der", "du", "bin", "al", "and", "&"}
_TOKEN = re.compile(r"[^\W_][\w’'\-.&]*[^\W_]|[^\W_]")

_SENTENCE_START = re.compile(r"(?:^|[.!?:;]\s*|[“\"‘(]\s*|\n)\s*$")
_QUOTE_SPANS = re.compile(r"“([^“”]*)”|\"([^\"]*)\"|‘([^‘’]{12,})’")
_WORDS = re.compile(r"[^\W_]+")
_ELLIPSIS = re.compile(r"\.\.\.|…|\[[^\]]*\]")


def check(text: str, source: str) -> list[Flag]:
    """Flags for one line (headline, bullet or summary sentence) against ``source``."""
    return Checker(source).check(text)


def check_many(lines: list[str], source: str) -> list[list[Flag]]:
    """Flags for each line; the source is indexed once."""
    checker = Checker(source)
    return [checker.check(line) for line in lines]


class Checker:
    """What the source supports, prepared once for many lines."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.numbers: dict[str, set[tuple[str, str]]] = {}
        for match in _NUMBER.finditer(source):
            value, currency, unit = _number_parts(match)
            self.numbers.setdefault(value, set()).add((currency, unit))
        self.capitalized = {_bare(word) for word in _CAPITALIZED.findall(source)}
        self.words = {word.lower() for word in _WORDS.findall(source)}
        self.quote_text = " ".join(_quote_words(source))
        self.dates = [_date_parts(match) for match in _DATE.finditer(source)]
        self.years = set(_YEAR.findall(source))

    def check(self, text: str) -> list[Flag]:
        """Flags for one line."""
        flags: list[Flag] = []
        quoted_spans: list[tuple[int, int]] = []
        for match in _QUOTE_SPANS.finditer(text):
            quoted_spans.append(match.span())
            flag = self._quote(match.group(0), next(g for g in match.groups() if g is not None))
            if flag is not None:
                flags.append(flag)
        if not _balanced(text):
            # Half a quotation (a sentence of a longer one): its words must still be
            # the source's.
            part = _unpaired_part(text)
            if self._quote(part, part) is not None:
                flags.append(Flag("quote", part, "quote not found in source"))
        date_spans: list[tuple[int, int]] = []
        for match in _DATE.finditer(text):
            date_spans.append(match.span())
            flag = self._date(match)
            if flag is not None:
                flags.append(flag)
        for match in _NUMBER.finditer(text):
            if _inside(match.span("value"), date_spans):
                continue
            flag = self._number(match)
            if flag is not None:
                flags.append(flag)
        for phrase in _entities(text):
            words = phrase.words
            if phrase.opens_sentence and words[0].lower() in self.words:
                words = words[1:]  # "Quarterly profits ..." opens with a plain word
            missing = [word for word in words if not self._written(word)]
            if missing:
                reason = f"{' '.join(missing)}: not in source"
                flags.append(Flag("entity", phrase.text, reason))
        return flags

    def _written(self, word: str) -> bool:
        """Capitalized in the source, whole or each part of it ("Fiat-GM")."""
        if word in self.capitalized:
            return True
        parts = [part for part in re.split(r"[-–/]", word) if part]
        return len(parts) > 1 and all(
            part in self.capitalized or part.lower() in self.words for part in parts
        )

    def _quote(self, written: str, inner: str) -> Flag | None:
        pieces = [" ".join(_quote_words(piece)) for piece in _ELLIPSIS.split(inner)]
        position = 0
        for piece in (p for p in pieces if p):
            found = self.quote_text.find(piece, position)
            if found < 0:
                return Flag("quote", written, "quote not found in source")
            position = found + len(piece)
        return None

    def _date(self, match: re.Match[str]) -> Flag | None:
        parts = _date_parts(match)
        if parts[3] and not parts[0] and not parts[1]:  # a year alone (rare here)
            return None if parts[3] in self.years else _date_flag(match)
        for known in self.dates:
            if all(not want or want == have for want, have in zip(parts, known, strict=True)):
                year = parts[3]
                if not year or year in self.years:
                    return None
        # "October 1, 2024" against "Oct 1, 2024 5:19 PM" is covered by the aliases;
        # a day and month written apart ("1 October ... in October") is not supported.
        return _date_flag(match)

    def _number(self, match: re.Match[str]) -> Flag | None:
        value, currency, unit = _number_parts(match)
        written = match.group(0).strip()
        if value in self.years and not currency and not unit and _YEAR.fullmatch(value):
            return None
        known = self.numbers.get(value)
        if not known:
            return Flag("number", written, f"number {written} not in source")
        if any(
            (not currency or currency == c or not c) and (not unit or unit == u) for c, u in known
        ):
            return None
        return Flag("number", written, f"number {written}: unit or currency not in source")


def _date_flag(match: re.Match[str]) -> Flag:
    written = match.group(0).strip()
    return Flag("date", written, f"date {written} not in source")


def _date_parts(match: re.Match[str]) -> tuple[str, str, str, str]:
    """(weekday, month, day, year), empty where not written; months as 3 letters."""
    month = (match.group("month1") or match.group("month2") or "")[:3]
    day = match.group("day1") or match.group("day2") or ""
    return (match.group("weekday") or "", month, day.lstrip("0"), match.group("year") or "")


def _number_parts(match: re.Match[str]) -> tuple[str, str, str]:
    value = match.group("value").replace(",", "")
    if "." in value:
        value = value.rstrip("0").rstrip(".") if value.split(".")[-1].strip("0") == "" else value
    currency = (match.group("currency") or "").replace("US$", "$")
    unit = _MULTIPLIER.get((match.group("unit") or "").lower(), "")
    return value, currency, unit


def _inside(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(start <= span[0] and span[1] <= end for start, end in spans)


def _bare(word: str) -> str:
    for suffix in ("’s", "'s", "’", "'"):
        if word.endswith(suffix):
            return word[: -len(suffix)]
    return word.rstrip(".")


@dataclass(frozen=True)
class _Phrase:
    text: str
    words: tuple[str, ...]
    opens_sentence: bool


def _entities(text: str) -> list[_Phrase]:
    """Runs of capitalized words, less the words that name nothing.

    A sentence's first word is only a name when it is not a common word; quotation
    text is skipped (the quote check covers it word for word).
    """
    unquoted = _QUOTE_SPANS.sub(lambda m: " " * len(m.group(0)), text)
    phrases: list[_Phrase] = []
    run: list[str] = []
    run_start = run_end = 0

    def close() -> None:
        names = [w for w in run if w not in _CONNECTORS and w not in _NOT_NAMES]
        if names:
            opens = names[0] == run[0] and _SENTENCE_START.search(text[:run_start]) is not None
            phrases.append(_Phrase(text[run_start:run_end], tuple(names), opens))

    for match in _TOKEN.finditer(unquoted):
        token = _bare(match.group(0))
        capital = token[:1].isupper() and not _WORD_NUMBER.match(token)
        if capital or (run and token in _CONNECTORS):
            if not run:
                run_start = match.start()
            run.append(token)
            run_end = match.end()
            continue
        if run:
            close()
            run = []
    if run:
        close()
    return phrases


def _quote_words(text: str) -> list[str]:
    return [word.lower() for word in _WORDS.findall(text.replace("’", "'"))]


def _unpaired_part(text: str) -> str:
    """The words after a quotation mark left open, or before one closing nothing."""
    depth = 0
    for index, char in enumerate(text):
        if char == "“":
            depth += 1
        elif char == "”":
            if depth == 0:
                return text[:index]
            depth -= 1
    for mark in ("“", '"'):
        if mark in text:
            return text[text.rindex(mark) + 1 :]
    return text


def _balanced(text: str) -> bool:
    opening, closing = text.count("“"), text.count("”")
    if opening or closing:
        return opening == closing
    return text.count('"') % 2 == 0
