"""Compress a parsed sentence to its main clause, in headline tense.

A headline is the sentence's subject, its main verb and what the verb needs, and little
else. Working on the dependency parse, not on word lists, the cut follows the syntax:
attributions ("X said that ...") give way to what was said; subordinate and relative
clauses, appositives, parentheses, dates and sentence adverbs go; noun phrases keep
their head with its compounds, numbers and possessor; prepositional phrases join only
while the headline stays short. Verbs take headline tense: "will cut" -> "to cut",
"has cut" / "is cutting" / "cut" (past) -> "cuts", "was arrested" -> "arrested".

Output words are the source's own words as written (a number, a name with a hyphen or
a possessive is one whitespace-separated word and is kept or left out whole); only the
main verb may be re-inflected. When the sentence has no clause a headline can be made
of (no verb, a pronoun or no subject), :func:`compress` returns ``None``.

The parts live beside this module: :mod:`~workers.engines.subjects` finds the subject,
:mod:`~workers.engines.clause_parts` builds what each part of the clause keeps
(:mod:`~workers.engines.phrase_choice` says which prepositional phrases may join),
:mod:`~workers.engines.misparses` catches the parser's mistakes and broken cuts,
:mod:`~workers.engines.shortening` grows and shortens the headline to length, and
:mod:`~workers.engines.word_layout` reads its words off the source as written.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, NamedTuple

from workers.engines import complex_prepositions
from workers.engines.clause_parts import add_noun_phrase, add_verb_group, finite, joining_words
from workers.engines.headline_tense import headline_tense
from workers.engines.misparses import (
    SAY_VERBS,
    bare_subject_cut,
    be_with_clause_only,
    between_one,
    broken_clause,
    clause_object_cut,
    comparison_cut,
    conjunct_disagrees,
    content_clause_cut,
    counted_set_cut,
    cut_short,
    dangling_participle,
    defining_clause_cut,
    ends_on_object_pronoun,
    has_complement,
    joined_verb_cut,
    name_cut_before_for,
    negated_restriction_cut,
    noun_joined_to_verb,
    noun_object_cut,
    noun_read_as_verb_cut,
    only_cut,
    participle_read_as_verb,
    partner_cut,
    range_cut,
    rank_bounds,
    rank_cut,
    ranked_clause_cut,
    restricting_participle_cut,
    restricting_relative_cut,
    so_without_result,
    stranded_appositive,
    subject_participle_cut,
    superlative_cut,
    that_clause_read_as_object,
    unnamed_person,
    unrestricted_quantifier,
    verb_for_adjective,
    verb_joined_to_noun,
)
from workers.engines.parsing import known_verb, lemma
from workers.engines.shortening import (
    droppable_modifier,
    grow,
    passing_modifiers,
    shorten,
)
from workers.engines.subjects import (
    clausal_subject,
    joined_subject,
    pronoun_subject,
    subject_of,
    whole_conjunction,
)
from workers.engines.word_layout import Word, dangles, layout_of, parenthesized, whole, words_of

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


TARGET_WORDS = 11
"""Optional phrases are added while the headline stays this short (titles average ~5)."""
_FIRST_PERSON = frozenset(["i", "we", "you", "me", "us", "my", "our", "your"])
_PERFECT_AUXILIARIES = frozenset(["has", "have", "had"])


class Compression(NamedTuple):
    """A headline and, for each of its words, the first parse token it comes from."""

    text: str
    tokens: tuple[int, ...]
    vague: bool = False
    """Cut the clause that spells out its object ("denies claims [that ...]"): to be used
    only where the sentence gives nothing better and no fallback finds the whole."""


_CUTS: tuple[Callable[[Doc, set[int]], bool], ...] = (
    stranded_appositive,  # "Shares [in engineering group] Jarvis"
    between_one,  # "conflict between Aguas [and ...]"
    defining_clause_cut,
    bare_subject_cut,
    counted_set_cut,
    unrestricted_quantifier,  # "calls for all athletes [found guilty ...]"
    negated_restriction_cut,
    restricting_participle_cut,
    restricting_relative_cut,  # "sue people [who ...]"
    subject_participle_cut,
    verb_joined_to_noun,
    noun_read_as_verb_cut,  # "third Six Nations [defeat]"
    joined_verb_cut,
    comparison_cut,
    ranked_clause_cut,
    rank_cut,  # "make it [the fourth most savvy] nation"
    name_cut_before_for,
    clause_object_cut,
    dangling_participle,  # "profits boosted [by a buoyant period]"
    noun_object_cut,  # "make learning [languages less of a chore]"
    range_cut,  # "Technologies from e-mail [to net chatrooms]"
)
"""Cuts a variant must not make: each changes what the headline says, or leaves a word
without what it needs (see :mod:`workers.engines.misparses`)."""


def compress(
    doc: Doc,
    max_words: int = 12,
    target_words: int = TARGET_WORDS,
    salience: Mapping[str, int] | None = None,
) -> str | None:
    """The sentence's main clause as a headline of at most ``max_words`` words, or ``None``.

    What a verb of saying reports is tried first ("X said Y" -> Y); where that gives no
    headline, the sentence's own main clause ("White expects Wales to give him a ride").
    """
    found = compressions(doc, max_words, (target_words,), salience, both_clauses=False)
    whole = [made for made in found if not made.vague]
    return (whole or found)[0].text if found else None


def compressions(
    doc: Doc,
    max_words: int = 12,
    targets: Sequence[int] = (TARGET_WORDS,),
    salience: Mapping[str, int] | None = None,
    *,
    both_clauses: bool = True,
    prune: bool = False,
) -> list[Compression]:
    """Distinct well-formed compressions of the sentence, per clause and target length
    (optional phrases join while the headline stays ``target`` words short).

    The reported clause comes first; with ``both_clauses`` the sentence's own main
    clause is compressed too, else only when the reported one gives nothing. With
    ``prune``, each is followed by its variants without some of its optional parts
    (:func:`_droppings`): the phrases that grew it and common-word noun modifiers."""
    if not len(doc):
        return []
    root = _clause_root(next(doc.sents).root)
    if root is None:
        return []
    reported = _main_verb(root)
    found: dict[str, Compression] = {}
    vague: list[Compression] = []  # "denies claims [that ...]": only where nothing else is
    layout = layout_of(doc)
    for verb in [reported, root] if reported is not root else [root]:
        if found and not both_clauses:
            break
        tried: set[frozenset[int]] = set()  # a longer target that grows nothing more
        for target in targets:
            clause = _compress_clause(
                doc, layout, root, verb, max_words, target, salience, prune, tried, vague
            )
            for made in clause:
                found.setdefault(made.text.casefold(), made)
    for made in vague:
        found.setdefault(made.text.casefold(), made._replace(vague=True))
    return list(found.values())


def _clause_root(root: Token) -> Token | None:
    """The verb a headline is made from: the sentence's root where it is a verb; where the
    parser took a noun for the root ("supremo", "understands" read as a plural), the verb
    of the clause it heads. ``None`` when there is none. (An adjective root with its "be",
    "Bekele is determined to add", reads whole but the well-formed check, on the same
    parse, finds no main verb in it: left out.)"""
    if root.tag_.startswith("VB"):
        return root
    clauses = [c for c in root.children if c.dep_ == "ccomp" and c.tag_.startswith("VB")]
    return clauses[0] if root.tag_.startswith("NN") and len(clauses) == 1 else None


def _compress_clause(
    doc: Doc,
    layout: list[Word],
    root: Token,
    verb: Token,
    max_words: int,
    target_words: int,
    salience: Mapping[str, int] | None,
    prune: bool = False,
    tried: set[frozenset[int]] | None = None,
    vague: list[Compression] | None = None,
) -> list[Compression]:
    """The clause's compressions; those that cut the clause spelling out their object
    go to ``vague`` (see :attr:`Compression.vague`)."""
    roots = [root]
    subject = subject_of(verb)
    if subject is None and verb is not roots[0] and pronoun_subject(verb):
        # "Maersk said it will cut": the speaker is who "it" is (but "it is okay to"
        # has no one behind its "it": see pronoun_subject).
        subject = subject_of(roots[0])
    joined: set[int] = set()
    if subject is None:
        subject, joined = joined_subject(verb)
    if subject is None:
        subject, joined = clausal_subject(verb)
    if subject is None or not finite(verb) or not known_verb(verb):
        return []
    excluded = parenthesized(doc)
    kept: set[int] = set()
    if subject.i in excluded:
        if subject.tag_ not in {"NNP", "NNPS"}:
            return []
        # "Industrial and Commercial Bank (ICBC), China's biggest lender, has seen": the
        # parser makes the bracketed short name the subject, and it is the headline's.
        excluded = excluded - {subject.i}
        kept.add(subject.i)
    else:
        add_noun_phrase(subject, kept, excluded)
    kept.update(joined - excluded)
    verb_tokens = add_verb_group(verb, kept, excluded)
    if (
        not has_complement(verb, kept)
        or that_clause_read_as_object(verb)
        or broken_clause(doc, kept)
        or any(verb_for_adjective(doc[i]) for i in kept)
        or be_with_clause_only(verb, kept)
        or noun_joined_to_verb(verb)
        or conjunct_disagrees(verb)
        or participle_read_as_verb(verb)
    ):
        return []
    if not whole_conjunction(subject, kept, excluded):
        return []  # "TV [, films, and games] gear up": half a subject misleads
    if salience is not None:
        kept -= passing_modifiers(doc, kept & _subtree(subject), salience)
    kept, grown = grow(doc, layout, kept, excluded, target_words, salience)
    bounds = rank_bounds(doc, kept, excluded)  # "first Grand Slam [since 1948]"
    kept = shorten(doc, layout, kept | bounds, verb, max_words)
    if not bounds <= kept:
        return []  # shortened, the record would read as one of all time
    kept |= complex_prepositions.opening_words(doc, kept)  # "hovers [close] to record lows"
    kept |= joining_words(doc, kept)  # "model [and] actress", its "and" left with no conjunct
    kept -= so_without_result(doc, kept)  # "[so] hungry for data [many are carrying]"
    if tried is not None:
        if frozenset(kept) in tried:
            return []
        tried.add(frozenset(kept))
    words = words_of(layout, kept)
    if any(
        doc[i].lower_ in _FIRST_PERSON and doc[i].tag_ in {"PRP", "PRP$"} and whole(doc[i])
        for i in kept
    ) or cut_short(doc, verb, kept):
        return []  # "I have to go": whose?; "Honda's robot gets": gets what?
    if unnamed_person(doc, kept):
        return []  # "Prize of 10 Downing Street may continue to elude him": who?
    if only_cut(doc, kept):
        return []  # "can [only] be restored [if ...]": without it, the opposite is said
    if verb is not roots[0] and any(doc[i].tag_ == "PRP" for i in kept - {subject.i}):
        return []  # a reported clause about "him" or "they" needs the sentence around it
    if verb is not roots[0] and partner_cut(verb, kept):
        return []  # "X insists Y would swap places [with him]": not with each other
    words = headline_tense(doc, words, verb, verb_tokens, subject)
    perfect = {
        t.i
        for t in verb_tokens
        # "must have registered" is a modal's past, already in headline tense.
        if t.dep_ == "aux"
        and t.lower_ in _PERFECT_AUXILIARIES
        and (t.tag_ != "VB" or future_perfect(t))  # "will have become": no "to have become"
    }
    if any(index in perfect for index, _ in words):
        return []  # "Blair has said" ("said" parsed as past, not participle): not in headline tense
    found: list[Compression] = []
    objects = [c.i for c in verb.children if c.dep_ == "dobj" and c.i in kept]
    for dropped in _droppings(doc, kept, grown, subject, prune):
        kept_words = [word for word in words if word[0] not in dropped]
        if (
            kept_words
            and kept_words[-1][0] == verb.i
            and any(doc[i].head.i == verb.i for i in dropped)
        ):
            continue  # "DJ duo JK and Joel taking" (over the chart show)
        if any(verb.i < i < max(objects, default=-1) for i in dropped):
            continue  # "Henman slumps [to straight sets] defeat": the phrase is the verb's
        left = kept - dropped
        if superlative_cut(doc, kept, dropped) or any(cut(doc, left) for cut in _CUTS):
            continue
        made = _finish(doc, verb, left, kept_words, max_words)
        if made is not None and ends_on_object_pronoun(doc, set(made.tokens)):
            continue  # "Couples doing it": doing what?
        if made is not None and content_clause_cut(doc, left):
            if vague is not None:
                vague.append(made)  # "Howard dismisses fears [that ...]": what fears?
        elif made is not None:
            found.append(made)
    return found


def _finish(
    doc: Doc, verb: Token, kept: set[int], words: list[tuple[int, str]], max_words: int
) -> Compression | None:
    """The headline of these words, or ``None`` where it would not read whole."""
    while words and (
        (dangles(words[-1][1]) and doc[words[-1][0]].dep_ != "prt")
        or complex_prepositions.cut_after(doc, words[-1][0], kept)
    ):
        words.pop()  # a particle cut from its phrase ("closing in [on]") goes too...
    if (
        len(words) > max_words
        or len(words) < 3
        or (words[-1][0] == verb.i and cut_short(doc, verb, {verb.i}))
        or cut_short(doc, verb, kept)
    ):
        return None  # ...and a verb left at the end must need nothing after it
    text = " ".join(word for _, word in words)
    if len(text.split()) < 3:
        return None
    first = text[:1].upper()  # "ﬀ".upper() is "FF": a letter the source never wrote
    text = first + text[1:] if len(first) == 1 else text
    return Compression(text, tuple(index for index, _ in words))


MAX_OPTIONAL_PARTS = 4
"""Pruning tries every subset of at most this many optional parts (the last ones kept)."""


def future_perfect(have: Token) -> bool:
    """A "have" after "will" or "shall": the future perfect, which headline tense would
    turn into "to have become" (a modal's past, "must have registered", reads whole)."""
    return any(
        c.dep_ == "aux" and c.i < have.i and c.lower_ in {"will", "shall", "'ll"}
        for c in have.head.children
    )


def _droppings(
    doc: Doc, kept: set[int], grown: list[frozenset[int]], subject: Token, prune: bool
) -> list[frozenset[int]]:
    """What each variant leaves out: nothing first, then with ``prune`` every
    combination of optional parts. Optional: the phrases :func:`grow` added, and in
    the subject a common word modifying a noun before it with nothing of its own
    ("quarterly profits"), unless it changes who or what is meant ("former")."""
    if not prune:
        return [frozenset()]
    in_subject = _subtree(subject)

    def optional_modifier(token: Token) -> bool:
        return (
            # In the subject only: in "is top UK gadget", "to freeze petrol duty
            # increases" the modifier is the news.
            droppable_modifier(token)
            and token.i in in_subject
            and token.tag_ in {"JJ", "NN", "NNS"}
            # A whole word: "file" of "file-sharing" is not one.
            and bool(token.whitespace_)
            and (token.i == 0 or bool(doc[token.i - 1].whitespace_))
        )

    # A grown adjective ("fifth Spaniard") is optional only as any modifier is.
    parts = [
        part
        for part in grown
        if doc[min(part)].dep_ != "amod" or (len(part) == 1 and optional_modifier(doc[min(part)]))
    ]
    for index in sorted(kept):
        token = doc[index]
        if (
            optional_modifier(token)
            and token.head.i in kept
            and not any(index in part for part in grown)
        ):
            parts.append(frozenset([index]))
    parts = parts[:MAX_OPTIONAL_PARTS]
    found: list[frozenset[int]] = []
    for mask in range(1 << len(parts)):
        chosen = [part for bit, part in enumerate(parts) if mask >> bit & 1]
        dropped = frozenset(i for part in chosen for i in part)
        # "consigns England [to their] third [straight Six Nations]": a modifier grown
        # onto a phrase goes with it.
        if not any(doc[i].head.i in dropped for i in kept - dropped):
            found.append(dropped)
    return found


def _main_verb(root: Token) -> Token:
    """The clause the headline comes from: the root, or what a verb of saying reports."""
    reported = [c for c in root.children if c.dep_ == "ccomp" and c.tag_.startswith("VB")]
    # "X said (that) Y" and "Y, X learns": the news is what is reported.
    # "The memory [that] Brown says keeps returning ... is that of a girl": a "be" reports
    # nothing, its clause before it is a misread subject.
    if reported and (lemma(root) in SAY_VERBS or (reported[0].i < root.i and lemma(root) != "be")):
        return reported[0]
    return root


def _subtree(token: Token) -> set[int]:
    return set(range(token.left_edge.i, token.right_edge.i + 1))
