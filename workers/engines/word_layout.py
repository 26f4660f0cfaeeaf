"""The source sentence's words as written, and where its tokens stand among them.

A headline's words are the source's whitespace-separated words, kept or left out whole
(a number, a hyphenated name or a possessive is one word however the tokenizer splits
it). :func:`layout_of` lays the parsed sentence out in those words, once per parse, and
:func:`words_of` reads a headline's words off the tokens it keeps. What the text around
a token says is read here too: whether it is a word of its own, set off by a comma, or
inside brackets, where no headline reaches.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import numpy as np

from workers.engines.cleaning import DANGLING_ENDS

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


_ALNUM = re.compile(r"[^\W_]|&")  # "News & Media" is one name
Word = tuple[tuple[int, ...], frozenset[int], str]
"""A whitespace-separated word: its tokens, those with a letter or digit, its text."""
_LAYOUT_KEY = "briefing.layout"


def layout_of(doc: Doc) -> list[Word]:
    """The source's whitespace-separated words, each with the tokens it is made of."""
    cached = doc.user_data.get(_LAYOUT_KEY)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    # Offsets from the array, not Token objects: building those costs more than the rest.
    starts = [int(start) for start in doc.to_array("IDX")]
    text = doc.text
    layout: list[Word] = []
    tokens: list[int] = []
    wordlike: set[int] = set()
    begin = 0
    for index, start in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else len(text)
        piece = text[start:end]
        tokens.append(index)
        if _ALNUM.search(piece):
            wordlike.add(index)
        if piece[-1:].isspace() or index == len(starts) - 1:
            word = strip(text[begin:end].strip())
            if word and wordlike:
                layout.append((tuple(tokens), frozenset(wordlike), word))
            tokens, wordlike, begin = [], set(), end
    doc.user_data[_LAYOUT_KEY] = layout  # compression and its checks both read it
    return layout


def words_of(layout: list[Word], kept: set[int]) -> list[tuple[int, str]]:
    """The source's words that hold a kept token, as written, with their first kept token."""
    return [
        (min(i for i in tokens if i in kept), word)
        for tokens, wordlike, word in layout
        if not wordlike.isdisjoint(kept)
    ]


def strip(word: str) -> str:
    word = word.strip('"“”‘([,;:.!?)]')
    if word.startswith("'") and not word[1:2].isdigit():
        word = word[1:]  # an opening quotation mark, its closing one dropped below ('90s stays)
    if word.endswith(("’", "'")) and not word[:-1].endswith(("s", "S")):
        word = word[:-1]
    return word.rstrip(',;:.!?"”)]')


def dangles(word: str) -> bool:
    return word.lower() in DANGLING_ENDS


def word_tokens(doc: Doc) -> list[tuple[int, str]]:
    """The source's whitespace-separated words, each with its first word-like token (the
    token :class:`~workers.engines.compress.Compression` names for it)."""
    return [(min(wordlike), word) for _, wordlike, word in layout_of(doc)]


def whole(token: Token) -> bool:
    """Whether ``token`` is a word of its own, not a piece the tokenizer split from one
    ("I" of the name "Im")."""
    doc = token.doc
    before = token.i == 0 or bool(doc[token.i - 1].whitespace_) or not doc[token.i - 1].is_alpha
    after = bool(token.whitespace_) or token.i + 1 == len(doc) or not doc[token.i + 1].is_alpha
    return before and after


def comma_before(token: Token) -> bool:
    start = token.left_edge.i
    return start > 0 and token.doc[start - 1].text in {",", "-", "–", "—", "("}


_OPENING_BRACKETS = ("(", "[", "([")


_ASIDES_KEY = "briefing.asides"


def parenthesized(doc: Doc) -> set[int]:
    """Indices of tokens inside parentheses or dashes' asides: never part of a headline.
    Read once per parse (each clause tried asks again); the caller gets its own copy."""
    cached = doc.user_data.get(_ASIDES_KEY)
    if cached is None:
        cached = doc.user_data[_ASIDES_KEY] = frozenset(_asides(doc))
    return set(cached)


def _asides(doc: Doc) -> set[int]:
    inside: set[int] = set()
    # Without an opening bracket nothing is inside. Checked on the token ids in C: doc.text
    # and a loop over the tokens both build a Python object per token (7% of the
    # engine's time when done for every clause tried).
    openings = [doc.vocab.strings[mark] for mark in _OPENING_BRACKETS]
    if not np.isin(doc.to_array("ORTH"), openings).any():
        return dash_aside(doc)
    depth = 0
    for token in doc:
        if token.text in "([":
            depth += 1
        if depth:
            inside.add(token.i)
        if token.text in ")]" and depth:
            depth -= 1
    return inside | dash_aside(doc)


_DASHES = ("-", "–", "—")


def spaced_dashes(doc: Doc) -> list[int]:
    """Indices of the dashes set apart by spaces ("the console - codenamed Xenon - will
    be"); a hyphen inside a word ("line-up") is none."""
    # Checked on the token ids first: most sentences have no dash, and a loop over the
    # tokens builds a Python object per token.
    if not np.isin(doc.to_array("ORTH"), [doc.vocab.strings[d] for d in _DASHES]).any():
        return []
    return [
        t.i
        for t in doc
        if t.text in _DASHES and t.whitespace_ and t.i > 0 and doc[t.i - 1].whitespace_
    ]


def dash_aside(doc: Doc) -> set[int]:
    """Indices of tokens between two dashes set apart by spaces ("the console - codenamed
    Xenon - will be"): an aside, as in brackets. A hyphen inside a word ("line-up") is no
    dash, and a lone dash ("love most - a winner") opens no aside; nor do dashes around
    the clause's subject."""
    dashes = spaced_dashes(doc)
    if len(dashes) != 2:
        return set()
    aside = set(range(dashes[0] + 1, dashes[1]))
    # "Actor Gerard Jugnot - star of the film - has beaten": where the parser makes a word
    # inside the subject of the clause outside, the dashes set off no aside it can drop.
    if any(doc[i].dep_ in {"nsubj", "nsubjpass"} and doc[i].head.i not in aside for i in aside):
        return set()
    return aside
