"""Prepositions of two or three words ("thanks to", "close to", "in response to"), which
a headline keeps whole or leaves out whole.

The parser often splits them ("thanks" read as an object, "close to record" as an
infinitive), so a cut by the parse alone can keep half of one: "harder to copy thanks",
"hovers to record lows", "closes higher in response". These are closed word classes of
English grammar, listed here, not words of any story.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc

TWO_WORDS = {
    "thanks": "to", "due": "to", "owing": "to", "according": "to", "prior": "to",
    "close": "to", "next": "to", "ahead": "of", "instead": "of", "because": "of",
    "regardless": "of", "courtesy": "of",
}  # fmt: skip
THREE_WORDS = {
    ("in", "response"): "to", ("in", "reply"): "to", ("in", "addition"): "to",
    ("in", "relation"): "to", ("in", "contrast"): "to", ("in", "favour"): "of",
    ("in", "spite"): "of", ("in", "front"): "of", ("in", "place"): "of",
    ("in", "search"): "of", ("in", "support"): "of", ("in", "light"): "of",
    ("in", "view"): "of", ("in", "terms"): "of", ("on", "behalf"): "of",
    ("in", "line"): "with",
}  # fmt: skip


def cut_after(doc: Doc, index: int, kept: set[int]) -> bool:
    """The word is kept while the word that completes its preposition was cut: "thanks
    [to new measures]", "in response [to the victory]"."""
    if index + 1 >= len(doc) or index + 1 in kept:
        return False
    word, following = doc[index].lower_, doc[index + 1].lower_
    if TWO_WORDS.get(word) == following:
        return True
    return index > 0 and THREE_WORDS.get((doc[index - 1].lower_, word)) == following


def opening_words(doc: Doc, kept: set[int]) -> set[int]:
    """The first words of two-word prepositions whose second word is kept and first is
    not: "close" of "hovered [close] to record lows", where the parser read "to record"
    as an infinitive and "close" as an adverb."""
    return {
        index - 1
        for index in kept
        if index > 0
        and index - 1 not in kept
        and TWO_WORDS.get(doc[index - 1].lower_) == doc[index].lower_
    }
