"""Grow a headline towards a target length, and shorten it to a maximum.

Optional phrases join while the headline stays short, those whose words the article
repeats most first (:func:`grow`); where it is too long, trailing noun modifiers go,
rightmost first, then a dative, an adjunct, a descriptor (:func:`shorten`). Before
either, the subject's modifiers the article says only in passing go
(:func:`passing_modifiers`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from workers.engines.clause_parts import add_prep, goal_phrase, short
from workers.engines.extractive_scoring import content_terms
from workers.engines.name_parts import name_ends_as_adverb
from workers.engines.phrase_choice import prep_allowed
from workers.engines.word_layout import Word, words_of

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


MIN_PHRASE_SALIENCE = 2.0
"""A phrase joins only if the article names its content words this often on average."""
NUMBER_SALIENCE = 3
"""What a number counts for in a phrase's salience: numbers are news, said once or not."""
MIN_MODIFIER_SALIENCE = 2
"""A subject's modifier said fewer times than this in the article is left out."""
MEANING_MODIFIERS = frozenset(
    [
        "former", "ex", "late", "acting", "deputy", "vice", "interim", "alleged", "first",
        "last", "only", "non", "anti", "pro", "possible", "potential", "proposed", "planned",
        "so-called", "would-be", "fake", "false", "illegal", "new", "next", "previous",
        "no", "other", "second", "third", "fourth", "fifth", "rival", "joint", "co", "own"
    ]
)  # fmt: skip
_ORDINAL_RANKS = frozenset(
    ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"]
)
_SHORTENABLE = frozenset(["prep", "acl", "npadvmod", "advcl"])


def _candidates(doc: Doc, kept: set[int], excluded: set[int]) -> list[set[int]]:
    """Phrases hanging off kept words that may join: adjectives, prepositional phrases."""
    found: list[set[int]] = []
    for index in sorted(kept):
        head = doc[index]
        is_verb = head.tag_.startswith("VB")
        for child in head.children:
            if child.i in kept or child.i in excluded:
                continue
            if child.dep_ == "amod" and not is_verb and child.i < head.i and short(child, 2):
                found.append({t.i for t in child.subtree})
            elif child.dep_ in {"prep", "agent"} and prep_allowed(child) and child.i > min(kept):
                # Not a phrase fronted before the subject ("[In a sign of a thaw,] the two
                # countries sign"): without its comma it runs into the subject.
                phrase: set[int] = set()
                add_prep(child, phrase, excluded)
                found.append(phrase)
    return found


def grow(
    doc: Doc,
    layout: list[Word],
    kept: set[int],
    excluded: set[int],
    target_words: int,
    salience: Mapping[str, int] | None,
) -> tuple[set[int], list[frozenset[int]]]:
    """Add the phrases whose words the article repeats most, while the headline is short;
    the headline's words and the phrases added."""
    grown: list[frozenset[int]] = []
    while True:
        best: tuple[float, set[int]] | None = None
        for phrase in _candidates(doc, kept, excluded):
            new = phrase - kept
            if not new or len(words_of(layout, kept | new)) > target_words:
                continue
            score = _phrase_score(doc, new, salience)
            if score >= MIN_PHRASE_SALIENCE and (best is None or score > best[0]):
                best = (score, new)
        if best is None:
            return kept, grown
        kept = kept | best[1]
        grown.append(frozenset(best[1]))


def _phrase_score(doc: Doc, phrase: set[int], salience: Mapping[str, int] | None) -> float:
    """Mean times the article names the phrase's content words (numbers count high)."""
    if salience is None:
        return MIN_PHRASE_SALIENCE
    counts: list[int] = []
    for index in phrase:
        token = doc[index]
        if token.like_num or any(ch.isdigit() for ch in token.text):
            counts.append(NUMBER_SALIENCE)
            continue
        terms = content_terms(token.text)
        if terms:
            counts.append(max(salience.get(term, 0) for term in terms))
    return sum(counts) / len(counts) if counts else 0.0


def shorten(doc: Doc, layout: list[Word], kept: set[int], verb: Token, max_words: int) -> set[int]:
    """Drop noun modifiers, rightmost first, until the headline fits ``max_words``:
    "US food and drug regulators to decide whether to recommend sale of painkillers"
    loses "of painkillers" rather than the whole clause. Verb phrases stay whole."""
    while len(words_of(layout, kept)) > max_words:
        end = max(kept)
        optional = [
            doc[i]
            for i in kept
            if doc[i].dep_ in _SHORTENABLE
            and doc[i].lower_ != "of"  # "Bank of England", "Top of the Pops": names
            and doc[i].head.i in kept
            and not doc[i].head.tag_.startswith("VB")
            and doc[i].i != verb.i
            and doc[i].right_edge.i >= end  # a trailing phrase: what stays reads on
        ]
        if not optional:
            if len(words_of(layout, kept)) - _tense_drops(verb, kept) <= max_words:
                return kept  # headline tense will drop enough ("is joining" -> "joining")
            drop = (
                _trailing_dative(doc, kept)
                or _trailing_adjunct(doc, kept)
                or _coordinated_modifier(doc, kept)
                or _name_descriptor(doc, kept)
                or _trailing_of(doc, kept, verb)
                or _compound_descriptor(doc, kept)
            )
            if not drop:
                return kept
            kept = kept - drop
            continue
        last = max(optional, key=lambda t: t.i)
        drop = {t.i for t in last.subtree}
        if last.dep_ == "conj":
            drop |= {c.i for c in last.head.children if c.dep_ == "cc"}
            if last.head.dep_ == "pobj" and last.head.head.lower_ == "between":
                drop |= {t.i for t in last.head.head.subtree}  # "between fear [and hope]"
        kept = kept - drop
    return kept


_DROPPED_AUXILIARIES = frozenset(
    ["is", "are", "was", "were", "has", "have", "had", "been", "be", "'s", "'re"]
)


def _tense_drops(verb: Token, kept: set[int]) -> int:
    """How many of the verb's kept auxiliaries headline tense may leave out, at most."""
    return sum(
        1
        for c in verb.children
        if c.dep_ in {"aux", "auxpass"} and c.i in kept and c.lower_ in _DROPPED_AUXILIARIES
    )


def _last_phrase(doc: Doc, kept: set[int], droppable: Callable[[Token], bool]) -> set[int]:
    """The subtree of the last kept word whose phrase ends the headline and that
    ``droppable`` accepts; empty where there is none."""
    end = max(kept)
    for index in sorted(kept, reverse=True):
        token = doc[index]
        if token.right_edge.i >= end and droppable(token):
            return {t.i for t in token.subtree}
    return set()


def _trailing_dative(doc: Doc, kept: set[int]) -> set[int]:
    """ "[to a US firm]" after "sells the label" (or after any verb kept: "convicted of
    sending e-mails [to AOL users]"): whom to is the first thing to go where the headline
    is too long, before the subject's descriptor."""
    return _last_phrase(
        doc,
        kept,
        lambda token: (
            token.dep_ == "dative"
            and token.tag_ in {"IN", "TO"}
            and token.head.tag_.startswith("VB")
        ),
    )


def _trailing_adjunct(doc: Doc, kept: set[int]) -> set[int]:
    """A phrase ending the headline after a verb's object ("take out an ad [in an attempt
    to ...]", "lead the team [in the Rugby Aid match]"): the verb is whole without it.
    After a verb with no object ("participate in the Championships") it is what the
    verb needs, and stays."""

    def after_object(token: Token) -> bool:
        head = token.head
        return (
            token.dep_ == "prep"
            and head.i in kept
            and head.tag_.startswith("VB")
            and not goal_phrase(token)  # "inducts U2 [into the Hall of Fame]"
            and any(
                c.dep_ in {"dobj", "attr", "oprd", "acomp"}
                and c.i in kept
                and c.i < token.i
                # "take part [in the Grand Prix]": a bare noun makes one verb with the
                # verb, which then needs its phrase.
                and (c.tag_ != "NN" or c.n_lefts > 0)
                for c in head.children
            )
        )

    return _last_phrase(doc, kept, after_object)


def _trailing_of(doc: Doc, kept: set[int], verb: Token) -> set[int]:
    """The last "of" phrase after a common noun ("new deal to supply squads [of all
    ages]"), where nothing else can go: after a name it is part of the name."""

    def after_common_noun(token: Token) -> bool:
        head = token.head
        return (
            token.lower_ == "of"
            and token.dep_ == "prep"
            and head.i in kept
            and head.tag_ in {"NN", "NNS"}
            and head.is_lower
            and head.i != verb.i
            # "lull the public [into a false sense [of security]]": the phrase the verb
            # needs goes whole or not at all
            and not (head.dep_ == "pobj" and goal_phrase(head.head))
            # "squads [of all ages]" reads whole, "part [of a pact]" does not: a noun
            # with a modifier of its own kept names something without its "of".
            and any(
                c.i in kept and c.dep_ in {"amod", "compound", "nummod", "nmod", "poss"}
                for c in head.lefts
            )
        )

    return _last_phrase(doc, kept, after_common_noun)


def _coordinated_modifier(doc: Doc, kept: set[int]) -> set[int]:
    """A coordinated modifier before a noun ("US [food and drug] regulators"): one can go
    whole where the headline is too long; half of it ("food regulators") would mislead."""
    for index in sorted(kept):
        token = doc[index]
        if (
            token.dep_ in {"nmod", "compound", "amod"}
            and token.i < token.head.i
            and token.head.i in kept
            and any(c.dep_ == "conj" for c in token.children)
        ):
            return {t.i for t in token.subtree}
    return set()


def _name_descriptor(doc: Doc, kept: set[int]) -> set[int]:
    """ "New York electro-rock group The Bravery": a common noun with its name as an
    appositive; where the headline is too long, the name alone says who."""
    for index in sorted(kept):
        token = doc[index]
        names = [
            c
            for c in token.children
            if c.dep_ == "appos" and c.tag_ in {"NNP", "NNPS"} and c.i in kept and c.i > token.i
        ]
        if (
            token.tag_ in {"NN", "NNS"}
            and token.dep_ in {"nsubj", "nsubjpass"}
            and names
            and not any(t.dep_ == "conj" for t in token.subtree)
        ):
            # "movie The Sea Inside": the name's last word, hung on the noun, stays too.
            name = {t.i for t in names[0].subtree}
            name |= {c.i for c in token.children if name_ends_as_adverb(c)}
            return {t.i for t in token.subtree} - name
    return set()


def _compound_descriptor(doc: Doc, kept: set[int]) -> set[int]:
    """ "[DJ duo] JK and Joel", "[Blackburn striker] Matt Jansen": common nouns set before
    the subject's name as its compounds; as for an appositive (:func:`_name_descriptor`),
    where nothing else can go, the name alone says who. The words from the subject's
    first word to its last lower-case compound go."""
    for index in sorted(kept):
        name = doc[index]
        if (
            name.dep_ not in {"nsubj", "nsubjpass"}
            or name.tag_ not in {"NNP", "NNPS"}
            or not name.text[:1].isupper()  # the name left must be one
        ):
            continue
        common = [
            t.i
            for c in name.lefts
            if c.dep_ == "compound" and c.i in kept
            for t in c.subtree
            if t.is_lower and t.is_alpha
        ]
        if common:
            return {i for i in range(name.left_edge.i, max(common) + 1) if i in kept}
    return set()


def passing_modifiers(doc: Doc, kept: set[int], salience: Mapping[str, int]) -> set[int]:
    """Common-noun and adjective modifiers the article says only in passing: "quarterly
    profits", "shipping firm Maersk" keep "profits", "Maersk"; what recurs is the story.
    Only the subject's: in the object ("a rousing reception") the adjective is the news."""
    return {
        index
        for index in kept
        if droppable_modifier(doc[index])
        and doc[index].head.i in kept
        and doc[index].tag_ not in {"JJS", "JJR"}  # "world's biggest tobacco consumer"
        and _phrase_score(doc, {index}, salience) < MIN_MODIFIER_SALIENCE
    }


def droppable_modifier(token: Token) -> bool:
    """A lower-case word alone before the noun it modifies that does not say which one
    is meant, so a headline may leave it out ("quarterly profits")."""
    return (
        token.dep_ in {"compound", "amod"}
        and token.i < token.head.i
        and token.n_lefts + token.n_rights == 0
        and token.is_lower
        and token.is_alpha
        and token.lower_ not in MEANING_MODIFIERS  # "former chief executive"
        and not picks_out_the_one(token)
        and not narrows_the_rank(token)  # "first [romantic] comedy"
        and token.head.dep_ != "compound"  # "[back] row crisis": a row crisis is another
    )


def picks_out_the_one(modifier: Token) -> bool:
    """ "The [prime] minister": the one word that says which of its kind a singular noun
    with "the" means; without it, "Minister ratchets up" speaks of any minister. Said
    once or not, it stays (a plural, "the quarterly profits", means them all anyway)."""
    noun = modifier.head
    return (
        noun.tag_ == "NN"
        and modifier.i < noun.i
        and any(c.dep_ == "det" and c.lower_ == "the" for c in noun.children)
        and all(c.dep_ in {"det", "punct"} or c.i == modifier.i for c in noun.children)
    )


def narrows_the_rank(modifier: Token) -> bool:
    """ "first [romantic] comedy", "biggest [oil] firm": a modifier between a superlative or
    an ordinal and its noun says among what it ranks; without it the claim is of all
    comedies, a first that is not."""
    return any(
        c.dep_ == "amod" and c.i < modifier.i and (c.tag_ == "JJS" or c.lower_ in _ORDINAL_RANKS)
        for c in modifier.head.children
    )
