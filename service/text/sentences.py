"""English sentence splitting with character offsets into the source text.

Every :class:`Sentence` satisfies ``text == source[start:end]``, so later features can
point back into the article. Lines are hard boundaries (scraped text puts captions,
headings and bylines on lines of their own) unless the text looks hard-wrapped, and
list markers are left outside the sentence they introduce.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Sentence:
    """One sentence and where it sits in the text: ``text == source[start:end]``."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Block:
    """A paragraph or a line of its own (heading, caption, list item), with offsets."""

    text: str
    start: int
    end: int
    paragraph: int
    """Index of the blank-line separated paragraph that holds this block."""


# Titles that are followed by a name, never by a new sentence.
_TITLES = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "messrs",
        "mx",
        "dr",
        "prof",
        "sen",
        "rep",
        "gov",
        "gen",
        "lt",
        "col",
        "maj",
        "capt",
        "cpt",
        "sgt",
        "cmdr",
        "adm",
        "pres",
        "rev",
        "fr",
        "sr",
        "jr",
        "st",
        "mt",
        "ft",
        "hon",
        "supt",
        "insp",
        "det",
        "cpl",
        "pte",
        "no",
        "nos",
        "vol",
        "vols",
        "fig",
        "figs",
        "pp",
        "p",
        "op",
        "ed",
        "eds",
        "art",
        "sec",
        "ch",
        "para",
        "approx",
        "dept",
        "est",
        "vs",
        "v",
        "cf",
        "al",
    ]
)
# Abbreviations that may also end a sentence: split after them only before a word that
# usually opens one ("... Acme Inc. The firm ...").
_AMBIGUOUS = frozenset(
    [
        "inc",
        "ltd",
        "co",
        "corp",
        "plc",
        "llc",
        "bros",
        "etc",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "mon",
        "tue",
        "tues",
        "wed",
        "thu",
        "thur",
        "thurs",
        "fri",
        "sat",
        "sun",
        "ave",
        "rd",
        "blvd",
        "e.g",
        "i.e",
        "a.m",
        "p.m",
    ]
)
_OPENERS = frozenset(
    [
        "a",
        "an",
        "the",
        "he",
        "she",
        "it",
        "its",
        "they",
        "we",
        "i",
        "you",
        "his",
        "her",
        "their",
        "our",
        "this",
        "that",
        "these",
        "those",
        "there",
        "but",
        "and",
        "so",
        "yet",
        "or",
        "however",
        "meanwhile",
        "in",
        "on",
        "at",
        "for",
        "after",
        "before",
        "when",
        "while",
        "if",
        "as",
        "although",
        "though",
        "despite",
        "since",
        "until",
        "last",
        "next",
        "some",
        "many",
        "most",
        "all",
        "no",
        "one",
        "two",
        "mr",
        "mrs",
        "ms",
        "dr",
    ]
)
_INITIALISM = re.compile(r"^(?:[A-Za-z]\.){2,}$")
_INITIAL = re.compile(r"^[A-Z]\.$")

# Terminal punctuation (or an ellipsis), closing quotes/brackets, then whitespace; or a
# CJK full stop, which needs no space after it. A match starts only at the start of a
# run of punctuation, so a run of a thousand "!" costs one attempt, not a thousand.
_CANDIDATE = re.compile(
    r"(?<![.!?])(?:\.{3}|…|[.!?]+)[\"'”’)\]]*(?=\s)|(?<![。！？])[。！？]+[」』”’）)]*"
)
_CJK_TERMINALS = frozenset("。！？")
_TOKEN_SCAN = 64
"""Titles, initials and openers are short: a scan for one stops after this many chars."""
_LIST_MARKER = re.compile(r"[ \t]*(?:[-*•·–—▪►]|\d{1,2}[.)]|[a-zA-Z][.)](?=\s))[ \t]+")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
_LINE_TERMINAL = re.compile(r"[.!?:;…。！？\"'”’)\]]\s*$")
_INDENT = re.compile(r"[ \t]*")


def split_blocks(text: str) -> list[Block]:
    """Split ``text`` into paragraphs and stand-alone lines, keeping offsets.

    A single newline ends a block, except inside hard-wrapped prose: a line that does
    not end in punctuation followed by one that starts in lower case.
    """
    blocks: list[Block] = []
    paragraph_start = 0
    paragraph = 0
    for match in [*_PARAGRAPH_BREAK.finditer(text), None]:
        paragraph_end = match.start() if match else len(text)
        _split_lines(text, paragraph_start, paragraph_end, paragraph, blocks)
        if match:
            paragraph_start = match.end()
            paragraph += 1
    return blocks


def _split_lines(text: str, start: int, end: int, paragraph: int, out: list[Block]) -> None:
    # Linear in the paragraph: each physical line is searched once and nothing is copied.
    line_start = start
    while line_start < end:
        newline = text.find("\n", line_start, end)
        line_end = end if newline < 0 else newline
        physical_start = line_start
        # Join hard-wrapped prose: no closing punctuation and a lower-case continuation.
        while newline >= 0 and not _LINE_TERMINAL.search(text, physical_start, line_end):
            following = _INDENT.match(text, newline + 1, end).end()  # type: ignore[union-attr]
            if following >= end or not text[following].islower():
                break
            physical_start = newline + 1
            newline = text.find("\n", newline + 1, end)
            line_end = end if newline < 0 else newline
        marker = _LIST_MARKER.match(text, line_start, line_end)
        block_start = marker.end() if marker else line_start
        _append_block(out, text, block_start, line_end, paragraph)
        line_start = line_end + 1


def _append_block(out: list[Block], text: str, start: int, end: int, paragraph: int) -> None:
    start, end = _strip(text, start, end)
    if end > start:
        out.append(Block(text[start:end], start, end, paragraph))


def split_sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences, keeping offsets (``text[s.start:s.end] == s.text``)."""
    sentences: list[Sentence] = []
    for block in split_blocks(text):
        sentences.extend(sentences_in(text, block.start, block.end))
    return sentences


def sentences_in(text: str, start: int, end: int) -> list[Sentence]:
    """Split the single block ``text[start:end]`` into sentences with source offsets."""
    sentences: list[Sentence] = []
    sentence_start = start
    for match in _CANDIDATE.finditer(text, start, end):
        if text[match.start()] in _CJK_TERMINALS or _is_boundary(
            text, match.start(), match.end(), end
        ):
            _append_sentence(sentences, text, sentence_start, match.end())
            sentence_start = match.end()
    _append_sentence(sentences, text, sentence_start, end)
    return sentences


def _is_boundary(text: str, punct_start: int, punct_end: int, block_end: int) -> bool:
    following = _next_token(text, punct_end, block_end)
    if not following:
        return False
    first = following.lstrip("\"'“‘([")[:1]
    if not first or first.islower():
        return False
    if text[punct_start] != ".":
        return True  # ! ? and ellipses before a capital or a digit
    token = _previous_token(text, punct_start)
    word = token.lower()
    opener = following.strip("\"'“‘([,;:").lower() in _OPENERS
    if text[punct_start : punct_start + 3] == "...":
        return True
    if word in _TITLES:
        return False
    if _INITIAL.match(token + "."):
        return False  # "John F. Kennedy"
    if word in _AMBIGUOUS or _INITIALISM.match(token + "."):
        return opener
    return True


def _previous_token(text: str, end: int) -> str:
    start = end
    limit = max(0, end - _TOKEN_SCAN)
    while start > limit and not text[start - 1].isspace() and text[start - 1] not in "\"'“‘([":
        start -= 1
    return text[start:end]


def _next_token(text: str, start: int, end: int) -> str:
    # Candidates are followed by whitespace, so the skip below ends at the next word.
    while start < end and text[start].isspace():
        start += 1
    stop = start
    limit = min(end, start + _TOKEN_SCAN)
    while stop < limit and not text[stop].isspace():
        stop += 1
    return text[start:stop]


def _append_sentence(sentences: list[Sentence], text: str, start: int, end: int) -> None:
    start, end = _strip(text, start, end)
    if end > start:
        sentences.append(Sentence(text[start:end], start, end))


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
