"""Which prepositional phrases a headline may take.

A phrase joins where it says what the news is ("into the quarter-finals", "for 14
years"), not when or under what it happened: a time ("in the first quarter", "in
March"), a preposition of circumstance ("after", "despite", "according"), a year, or a
comment on the whole news that says what it says in its clause ("in a move which ...").
:func:`prep_allowed` says so for one phrase; :func:`plain_gerund` whether a gerund a
preposition takes can be kept whole.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from workers.engines.word_layout import comma_before

if TYPE_CHECKING:
    from spacy.tokens import Token


_TEMPORAL_WORDS = frozenset(
    [
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
        "february", "march", "april", "may", "june", "july", "august", "september", "october",
        "november", "december", "week", "weeks", "month", "months", "year", "years", "day",
        "days", "weekend", "morning", "afternoon", "evening", "night", "time", "period",
        "quarter", "today", "yesterday", "tomorrow", "decade", "hours", "minutes", "season",
        "christmas", "summer", "winter", "spring", "autumn", "date", "moment"
    ]
)  # fmt: skip
_MONTHS = frozenset(["march", "may"])
"""The month names that are also common words."""
_DROP_PREPS = frozenset(
    [
        "after", "before", "since", "during", "despite", "amid", "following", "until",
        "because", "while", "than", "like", "unlike", "according", "including", "compared",
        "ahead", "although", "though", "whilst", "when", "if", "via", "besides", "plus",
        "except", "within", "throughout", "upon", "per", "among", "amongst", "alongside"
    ]
)  # fmt: skip


def prep_allowed(prep: Token) -> bool:
    if prep.lower_ in _DROP_PREPS or _said_by_its_clause(prep):
        return False
    objects = [c for c in prep.children if c.dep_ == "pobj"]
    if not objects:
        # "close to agreeing a contract", "closing in on signing Babayaro"
        return any(plain_gerund(c) for c in prep.children)
    obj = objects[0]
    if re.fullmatch(r"(?:19|20)\d\d", obj.text):
        return False
    if any(c.dep_ == "nummod" and c.like_num for c in obj.children):
        return True  # "for 14 years": a number is news
    # "in the first quarter" is a time, "into the quarter-finals" a place.
    return not temporal(obj) and not any(
        temporal(c) and not _hyphenated(c) for c in obj.children if c.dep_ in {"compound", "amod"}
    )


def _said_by_its_clause(prep: Token) -> bool:
    """ "approved by Congress, [in a move which it is hoped will cut the cost of
    borrowing]": a phrase set off by a comma, whose noun has nothing but its article and
    a relative clause, comments on the whole news, and what it says is in the clause; it
    cannot join without it ("approved in move"). Not set off, the noun is part of the
    news: "defaced by a virus [that used Google]"."""
    return comma_before(prep) and any(
        obj.dep_ == "pobj"
        and obj.tag_ in {"NN", "NNS"}
        and any(c.dep_ == "relcl" and c.i > obj.i for c in obj.children)
        and all(c.dep_ in {"det", "relcl", "punct"} for c in obj.children)
        for obj in prep.children
    )


def temporal(token: Token) -> bool:
    """A word of time; a month only as a name ("in March", not "a protest march")."""
    return token.lower_ in _TEMPORAL_WORDS and (
        token.lower_ not in _MONTHS or token.text[:1].isupper()
    )


def plain_gerund(token: Token) -> bool:
    """A gerund a preposition takes for its object that a headline can keep whole: not one
    with a subject of its own ("with [Labour] creating"), nor one whose object is the
    first of two ("keeping UK [and foreign suspects]", however the parser joins them)."""
    return (
        token.dep_ == "pcomp"
        and token.tag_ == "VBG"
        and not any(
            c.dep_ in {"nsubj", "nsubjpass"} or (c.dep_ == "conj" and c.tag_.startswith("NN"))
            for c in token.children
        )
        and not any(
            c.dep_ == "dobj" and any(g.dep_ == "conj" for g in c.children) for c in token.children
        )
    )


def _hyphenated(token: Token) -> bool:
    """Whether ``token`` is the first part of a hyphenated word ("quarter" of "quarter-finals")."""
    doc = token.doc
    return not token.whitespace_ and token.i + 1 < len(doc) and doc[token.i + 1].text in "-–"
