"""Keep the article's prose; drop what a scraper carried along with it.

Headings, bylines, datelines, photo captions, "Last Updated" footers, navigation text
and repeated title lines are not sentences a reader wants as bullets. The rules look at
the shape of a line (terminal punctuation, length, a credit in parentheses) rather than
at one site's markup, so they carry over to other sources.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from service.text.sentences import Block, Sentence, sentences_in, split_blocks


@dataclass(frozen=True)
class ProseSentence:
    """A sentence of the article's body, with where it sits in the article."""

    sentence: Sentence
    paragraph: int
    """Index among the kept paragraphs (0 is the lead)."""
    first_in_paragraph: bool


_TERMINAL = re.compile(r"[.!?…][\"'”’)\]]*\s*$")
_BYLINE = re.compile(
    r"^(?:by|written by|reporting by|words by|story by|posted by|from)\s+\S", re.IGNORECASE
)
_FOOTER = re.compile(
    r"^(?:last\s+updated|updated|published|first\s+published|posted|copyright|©|\(c\)"
    r"|all rights reserved|share this|share on|follow us|sign up|subscribe|click here"
    r"|read more|related:|see also|advertisement|skip to|image caption|image copyright"
    r"|image source|picture caption|photo:|photograph:|pictured:|media playback"
    r"|video caption|watch:|listen:|getty images)",
    re.IGNORECASE,
)
# A credit in parentheses closing the block ("... 2024. (Reuters/Yves Herman)") or an
# agency / photo credit anywhere marks a caption.
_CREDIT_TAIL = re.compile(r"[.!?]?\s*\([^()]{1,80}\)\s*$")
_CREDIT_WORDS = re.compile(
    r"\b(?:photo|photograph|picture|image|reuters|afp|ap|getty|epa|anadolu|agency|file"
    r"|pool|courtesy|credit|xinhua|shutterstock)\b",
    re.IGNORECASE,
)
_DATELINE = re.compile(
    r"^(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+)?"
    r"(?:\d{1,2}\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+"
    r"\d{1,2}(?:,\s*\d{4})?[\s\d:apm.,]*$|^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}[\s\d:apm.]*$",
    re.IGNORECASE,
)
_WORD = re.compile(r"\w+")
_DATELINE_MAX_CHARS = 80
_TAIL_CHARS = 200
"""A credit is under 90 characters: the tail rule reads only this much of a line, so a
line of a hundred thousand spaces cannot make it backtrack quadratically."""
_LIST_ITEM_MIN_WORDS = 4
_MIN_WORDS = 4


def prose_sentences(text: str, title: str | None = None) -> list[ProseSentence]:
    """The body sentences of ``text``, in order; boilerplate lines are left out.

    Falls back to every sentence when the rules would leave nothing (text without any
    punctuation, for example), so an engine always has something to work with.
    """
    title_key = _key(title) if title else ""
    kept: list[ProseSentence] = []
    paragraph = -1
    last_source_paragraph = -1
    for block in split_blocks(text):
        if not _is_prose_block(text, block, title_key):
            continue
        sentences = [
            s
            for s in sentences_in(text, block.start, block.end)
            if _is_prose_sentence(s.text, title_key)
        ]
        if not sentences:
            continue
        if block.paragraph != last_source_paragraph or paragraph < 0:
            paragraph += 1
            last_source_paragraph = block.paragraph
        for index, sentence in enumerate(sentences):
            kept.append(ProseSentence(sentence, paragraph, index == 0))
    if kept:
        return kept
    return [
        ProseSentence(s, block.paragraph, i == 0)
        for block in split_blocks(text)
        for i, s in enumerate(sentences_in(text, block.start, block.end))
    ]


def _is_prose_block(text: str, block: Block, title_key: str) -> bool:
    line = block.text
    if _FOOTER.match(line) or (len(line) <= _DATELINE_MAX_CHARS and _DATELINE.match(line)):
        return False
    words = len(_WORD.findall(line))
    if _BYLINE.match(line) and words <= 8:
        return False
    if title_key and _key(line) == title_key:
        return False
    tail = _CREDIT_TAIL.search(line[-_TAIL_CHARS:])
    if tail and _CREDIT_WORDS.search(tail.group()):
        return False
    is_list_item = block.start > 0 and text[block.start - 1] not in "\n"
    if not _TERMINAL.search(line[-_TAIL_CHARS:]):
        # Headings and navigation carry no closing punctuation; list items may not either.
        return is_list_item and words >= _LIST_ITEM_MIN_WORDS
    return True


def _is_prose_sentence(sentence: str, title_key: str) -> bool:
    if len(_WORD.findall(sentence)) < _MIN_WORDS:
        return False
    if _FOOTER.match(sentence):
        return False
    return not (title_key and _key(sentence) == title_key)


def _key(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))
