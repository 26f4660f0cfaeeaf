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
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from workers.engines.cleaning import DANGLING_ENDS
from workers.engines.extractive_scoring import content_terms
from workers.engines.headline_tense import PLACE_ADVERBS, headline_tense
from workers.engines.parsing import known_verb, lemma

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

TARGET_WORDS = 11
"""Optional phrases are added while the headline stays this short (titles average ~5)."""

MIN_PHRASE_SALIENCE = 2.0
"""A phrase joins only if the article names its content words this often on average."""
NUMBER_SALIENCE = 3
"""What a number counts for in a phrase's salience: numbers are news, said once or not."""
MIN_MODIFIER_SALIENCE = 2
"""A subject's modifier said fewer times than this in the article is left out."""

_SAY_VERBS = frozenset(
    [
        "say", "tell", "add", "announce", "warn", "claim", "believe", "argue", "insist",
        "report", "reveal", "confirm", "state", "suggest", "think", "admit", "predict",
        "estimate", "indicate", "show", "explain", "note", "acknowledge", "stress", "fear",
        "hope", "expect", "feel", "know", "accept", "agree", "conclude", "deny", "find",
        "forecast", "point", "urge"
    ]
)  # fmt: skip
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
_PRONOUN_SUBJECTS = frozenset(
    [
        "he", "she", "it", "they", "we", "i", "you", "this", "that", "these", "those", "there",
        "which", "who", "what", "one", "some", "others", "both", "all", "many", "most"
    ]
)  # fmt: skip
_ARTICLES = frozenset(
    [
        "the", "a", "an"
    ]
)  # fmt: skip
_DROPPED_DETERMINERS = frozenset(["the", "a", "an", "this", "that", "these", "those"])
_POSSESSIVE_PRONOUNS = frozenset(
    [
        "its", "his", "her", "their", "our", "my", "your"
    ]
)  # fmt: skip
_KEEP_ADVERBS = frozenset(
    [
        "not", "never", "up", "down", "back", "out", "off", "away", "home", "higher", "lower",
        "again", "abroad", "overseas", "together", "apart", "n't"
    ]
)  # fmt: skip
_LINKING = frozenset(["get", "become", "look", "seem", "feel", "remain", "stay", "prove", "appear"])
_FIRST_PERSON = frozenset(["i", "we", "you", "me", "us", "my", "our", "your"])
_PARTICLE_PREPS = frozenset(
    [
        "out", "off", "up", "down", "in", "back"
    ]
)  # fmt: skip
PLACING_VERBS = frozenset(
    [
        "put", "place", "send", "bring", "take", "turn", "lead", "move", "push", "keep", "hand",
        "set", "drive", "throw", "force", "leave", "consign", "relegate", "compare", "liken",
        "hail"
    ]
)  # fmt: skip
"""Verbs whose object needs the phrase after it: "put Liverpool [on the comeback trail]",
"left rates [on hold]", "compared the idea [with dictatorships]"."""
_ORDINAL_WORDS = frozenset(["first", "last", "only", "next"])
"""Words that pick one out of a set as an ordinal does; "first" and "third" are also
``like_num`` to spaCy, "last" is not."""
_PERFECT_AUXILIARIES = frozenset(["has", "have", "had"])
_CLAUSE_SUBJECTS = frozenset(["nsubj", "nsubjpass", "expl", "csubj"])
_FINITE_TAGS = frozenset(
    [
        "VBZ", "VBP", "VBD", "MD"
    ]
)  # fmt: skip
_ALNUM = re.compile(r"[^\W_]|&")  # "News & Media" is one name


class Compression(NamedTuple):
    """A headline and, for each of its words, the first parse token it comes from."""

    text: str
    tokens: tuple[int, ...]


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
    return found[0].text if found else None


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
    layout = _layout(doc)
    for verb in [reported, root] if reported is not root else [root]:
        if found and not both_clauses:
            break
        tried: set[frozenset[int]] = set()  # a longer target that grows nothing more
        for target in targets:
            clause = _compress_clause(
                doc, layout, root, verb, max_words, target, salience, prune, tried
            )
            for made in clause:
                found.setdefault(made.text.casefold(), made)
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
    layout: list[_Word],
    root: Token,
    verb: Token,
    max_words: int,
    target_words: int,
    salience: Mapping[str, int] | None,
    prune: bool = False,
    tried: set[frozenset[int]] | None = None,
) -> list[Compression]:
    roots = [root]
    subject = _subject(verb)
    if subject is None and verb is not roots[0] and _pronoun_subject(verb):
        # "Maersk said it will cut": the speaker is who "it" is (but "it is okay to"
        # has no one behind its "it": see _pronoun_subject).
        subject = _subject(roots[0])
    joined: set[int] = set()
    if subject is None:
        subject, joined = _joined_subject(verb)
    if subject is None:
        subject, joined = _clausal_subject(verb)
    if subject is None or not _finite(verb) or not known_verb(verb):
        return []
    excluded = _parenthesized(doc)
    kept: set[int] = set()
    if subject.i in excluded:
        if subject.tag_ not in {"NNP", "NNPS"}:
            return []
        # "Industrial and Commercial Bank (ICBC), China's biggest lender, has seen": the
        # parser makes the bracketed short name the subject, and it is the headline's.
        excluded = excluded - {subject.i}
        kept.add(subject.i)
    else:
        _add_noun_phrase(subject, kept, excluded)
    kept.update(joined - excluded)
    verb_tokens = _add_verb_group(verb, kept, excluded)
    if (
        not _has_complement(verb, kept)
        or _that_clause_read_as_object(verb)
        or _broken_clause(doc, kept)
        or any(_verb_for_adjective(doc[i]) for i in kept)
        or _be_with_clause_only(verb, kept)
        or _noun_joined_to_verb(verb)
        or _conjunct_disagrees(verb)
        or participle_read_as_verb(verb)
    ):
        return []
    if not _whole_conjunction(subject, kept, excluded):
        return []  # "TV [, films, and games] gear up": half a subject misleads
    if salience is not None:
        kept -= _passing_modifiers(doc, kept & _subtree(subject), salience)
    kept, grown = _grow(doc, layout, kept, excluded, target_words, salience)
    kept = _shorten(doc, layout, kept, verb, max_words)
    if tried is not None:
        if frozenset(kept) in tried:
            return []
        tried.add(frozenset(kept))
    words = _words(layout, kept)
    if any(
        doc[i].lower_ in _FIRST_PERSON and doc[i].tag_ in {"PRP", "PRP$"} and _whole(doc[i])
        for i in kept
    ) or _cut_short(doc, verb, kept):
        return []  # "I have to go": whose?; "Honda's robot gets": gets what?
    if any(c.lower_ == "only" and c.dep_ == "advmod" and c.i not in kept for c in verb.children):
        return []  # "can [only] be restored [if ...]": without it, the opposite is said
    if verb is not roots[0] and any(doc[i].tag_ == "PRP" for i in kept - {subject.i}):
        return []  # a reported clause about "him" or "they" needs the sentence around it
    words = headline_tense(doc, words, verb, verb_tokens, subject)
    perfect = {
        t.i
        for t in verb_tokens
        # "must have registered" is a modal's past, already in headline tense.
        if t.dep_ == "aux" and t.lower_ in _PERFECT_AUXILIARIES and t.tag_ != "VB"
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
        if (
            _stranded_appositive(doc, kept - dropped)
            or _between_one(doc, kept - dropped)
            or _defining_clause_cut(doc, kept - dropped)
            or _unrestricted_quantifier(doc, kept - dropped)
        ):
            # "Shares [in engineering group] Jarvis", "conflict between Aguas", "calls for
            # all athletes [found guilty ...]"
            continue
        made = _finish(doc, verb, kept - dropped, kept_words, max_words)
        if made is not None:
            found.append(made)
    return found


def _stranded_appositive(doc: Doc, kept: set[int]) -> bool:
    """A name the parser set beside a noun further back, kept with that noun where the
    words between are cut: "Shares [in engineering group] Jarvis", the name belonging to
    the phrase cut."""
    return any(
        doc[i].dep_ == "appos"
        and doc[i].head.i in kept
        and doc[i].head.i < doc[i].left_edge.i - 1
        and doc[i].left_edge.i - 1 not in kept
        and doc[doc[i].left_edge.i - 1].is_alpha
        for i in kept
    )


def _defining_clause_cut(doc: Doc, kept: set[int]) -> bool:
    """ "damaging the way [the UK is governed]": a relative clause with no relative word,
    right after "the" and its object, says which one is meant; cut, "damaging way"
    points at nothing."""
    return any(
        clause.dep_ == "relcl"
        and clause.i not in kept
        and clause.left_edge.i == noun.i + 1
        and clause.left_edge.tag_ not in {"WDT", "WP", "WP$", "WRB", "IN"}
        and noun.dep_ in {"dobj", "pobj", "attr"}
        and any(c.dep_ == "det" and c.lower_ == "the" for c in noun.lefts)
        for noun in (doc[i] for i in kept if doc[i].tag_ in {"NN", "NNS"})
        for clause in noun.rights
    )


_UNIVERSAL = frozenset(["all", "every", "each"])
"""Determiners that speak of every member of what their noun names ("any", mostly said
after a negation, does not: "do not have to abide by any decisions")."""


def _unrestricted_quantifier(doc: Doc, kept: set[int]) -> bool:
    """ "calls for all athletes [found guilty on drugs charges to be treated as ...]": an
    "all" noun kept while the clause right after it that says which is cut, so the
    headline speaks of more than the source. The clause has no subject of its own
    (a participle or relative clause, however the parser hung it: here "found" on the
    verb); a number says which already ("all four Britons [held by the US]")."""
    for index in kept:
        noun = doc[index]
        if (
            index + 1 >= len(doc)
            or index + 1 in kept
            or any(c.dep_ == "nummod" for c in noun.children)
            or not any(
                c.dep_ in {"det", "predet"} and c.lower_ in _UNIVERSAL and c.i in kept
                for c in noun.children
            )
        ):
            continue
        after = doc[index + 1]
        if (
            after.tag_.startswith("VB")
            and after.dep_ in {"advcl", "acl", "relcl"}
            and not any(c.dep_ in _CLAUSE_SUBJECTS for c in after.children)
        ):
            return True
    return False


def _between_one(doc: Doc, kept: set[int]) -> bool:
    """A "between" kept without an "and" after it to give it its second side (the parser
    may hang that "and" anywhere)."""
    return any(
        doc[i].lower_ == "between" and not any(j > i and doc[j].dep_ == "cc" for j in kept)
        for i in kept
    )


def _finish(
    doc: Doc, verb: Token, kept: set[int], words: list[tuple[int, str]], max_words: int
) -> Compression | None:
    """The headline of these words, or ``None`` where it would not read whole."""
    while words and (
        (_dangles(words[-1][1]) and doc[words[-1][0]].dep_ != "prt")
        or _complex_preposition_cut(doc, words[-1][0], kept)
    ):
        words.pop()  # a particle cut from its phrase ("closing in [on]") goes too...
    if (
        len(words) > max_words
        or len(words) < 3
        or (words[-1][0] == verb.i and _cut_short(doc, verb, {verb.i}))
        or _cut_short(doc, verb, kept)
    ):
        return None  # ...and a verb left at the end must need nothing after it
    text = " ".join(word for _, word in words)
    if len(text.split()) < 3:
        return None
    first = text[:1].upper()  # "ﬀ".upper() is "FF": a letter the source never wrote
    text = first + text[1:] if len(first) == 1 else text
    return Compression(text, tuple(index for index, _ in words))


_COMPLEX_PREPOSITIONS = {
    "thanks": "to", "due": "to", "owing": "to", "according": "to", "prior": "to",
    "ahead": "of", "instead": "of", "because": "of", "regardless": "of", "courtesy": "of",
}  # fmt: skip
"""Two-word prepositions: the parser may make the first word a noun or an adjective."""


def _complex_preposition_cut(doc: Doc, index: int, kept: set[int]) -> bool:
    """The word is the first of a two-word preposition whose second was cut: "DVDs to be
    harder to copy thanks [to new measures]" ("thanks" parsed as the object)."""
    second = _COMPLEX_PREPOSITIONS.get(doc[index].lower_)
    return (
        second is not None
        and index + 1 < len(doc)
        and doc[index + 1].lower_ == second
        and index + 1 not in kept
    )


MAX_OPTIONAL_PARTS = 4
"""Pruning tries every subset of at most this many optional parts (the last ones kept)."""
_MEANING_MODIFIERS = frozenset(
    [
        "former", "ex", "late", "acting", "deputy", "vice", "interim", "alleged", "first",
        "last", "only", "non", "anti", "pro", "possible", "potential", "proposed", "planned",
        "so-called", "would-be", "fake", "false", "illegal", "new", "next", "previous",
        "no", "other", "second", "third", "fourth", "fifth", "rival", "joint", "co"
    ]
)  # fmt: skip


def _droppings(
    doc: Doc, kept: set[int], grown: list[frozenset[int]], subject: Token, prune: bool
) -> list[frozenset[int]]:
    """What each variant leaves out: nothing first, then with ``prune`` every
    combination of optional parts. Optional: the phrases :func:`_grow` added, and in
    the subject a common word modifying a noun before it with nothing of its own
    ("quarterly profits"), unless it changes who or what is meant ("former")."""
    if not prune:
        return [frozenset()]
    in_subject = _subtree(subject)

    def optional_modifier(token: Token) -> bool:
        return (
            # In the subject only: in "is top UK gadget", "to freeze petrol duty
            # increases" the modifier is the news.
            token.dep_ in {"compound", "amod"}
            and token.i in in_subject
            and token.tag_ in {"JJ", "NN", "NNS"}
            and token.i < token.head.i
            and token.n_lefts + token.n_rights == 0
            and token.is_lower
            and token.is_alpha
            and token.lower_ not in _MEANING_MODIFIERS
            and not _picks_out_the_one(token)
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
    if reported and (lemma(root) in _SAY_VERBS or reported[0].i < root.i):
        return reported[0]
    return root


def _subject(verb: Token) -> Token | None:
    subjects = _subjects(verb)
    first = min((c.i for c in subjects), default=verb.i)
    if len(subjects) == 2 and _descriptor_and_name(*subjects):
        return _subject_named(subjects[1])  # "teenage centre Mathew Tait": Tait
    if len(subjects) > 1 or any(
        c.dep_ == "dep" and c.tag_ in {"NNP", "NNPS"} and c.i < first for c in verb.children
    ):
        return None  # a subject the parser split in two ("book ... and the science"): no trust
    if not subjects:
        return None
    child = subjects[0]
    if child.i > verb.i or (child.tag_ in {"VB", "VBP"} and child.is_lower):
        return None  # after its verb, or a verb for a subject ("feed and shelter")
    pronoun = child.lower_ in _PRONOUN_SUBJECTS or child.tag_ in {"PRP", "WP", "WDT", "EX"}
    # "One of Japan's best-known businessmen" names someone; "one" alone does not.
    if pronoun and not (child.lower_ == "one" and any(c.lower_ == "of" for c in child.children)):
        return None
    if any(c.dep_ == "poss" and c.tag_ == "PRP$" for c in child.children):
        return None  # "his side": whose, the headline could not say
    return _appositive_name(child) or child


def _subjects(verb: Token) -> list[Token]:
    """The verb's subjects; where it has none, those the parser hung on its auxiliary
    ("industry <- has <- registered")."""
    subjects = [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}]
    following = verb.nbor() if verb.i + 1 < len(verb.doc) else None
    if subjects or (following is not None and following.text == "-" and not verb.whitespace_):
        return subjects  # "re-opened" split, "re" taken for the verb: no trust
    return [
        c
        for aux in verb.children
        if aux.dep_ in {"aux", "auxpass"} and aux.i < verb.i
        for c in aux.children
        if c.dep_ in {"nsubj", "nsubjpass"}
    ]


def _appositive_name(subject: Token) -> Token | None:
    """The name set beside a described subject: "The world's biggest tobacco consumer,
    China," is China."""
    if subject.tag_ not in {"NN", "NNS"}:
        return None
    names = [
        c
        for c in subject.rights
        if c.dep_ == "appos" and c.tag_ in {"NNP", "NNPS"} and _comma_before(c.left_edge)
    ]
    return names[0] if len(names) == 1 else None


def _joined_subject(verb: Token) -> tuple[Token | None, set[int]]:
    """A subject the parser split into several ("Shares in Elan and Biogen Idec",
    "film director Im Kwon-Taek"): where the pieces make one unbroken phrase before the
    verb, that phrase whole, agreeing with its first noun; else ``(None, set())``.
    The phrase must hang together (each word's head in it, but the pieces' own) and hold
    no verb: "The man making sure US networks are safe" is no subject."""
    subjects = [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}]
    if len(subjects) < 2 or any(c.i > verb.i for c in subjects):
        return None, set()
    span = range(min(c.left_edge.i for c in subjects), max(c.right_edge.i for c in subjects) + 1)
    doc = verb.doc
    first = min(subjects, key=lambda c: c.i)
    pieces = {c.i for c in subjects}
    for index in span:
        token = doc[index]
        if token.text == "," and doc[index + 1].lower_ not in {"and", "or"}:
            return None, set()  # "Sony, Philips and Samsung": the commas would be lost
        if not _whole(token):
            continue  # "Im" read as "I" + "m", "Kwon-Taek": pieces of one word, a name's
        if index not in pieces and token.head.i not in span:
            return None, set()  # "rules discriminated against Roma, the Law Lords have ruled"
        if (token.tag_.startswith("VB") and token.tag_ != "VBN") or token.tag_ in {"WP", "WDT"}:
            return None, set()
        if token.tag_ in {"PRP", "PRP$", "EX"}:
            return None, set()  # "Jones and he", "his side": who, the headline cannot say
        if token.dep_ == "cc" and not any(c.dep_ == "conj" for c in token.head.children):
            return None, set()  # "Financial (SMFG), and Daiwa": an "and" joining nothing
    if first.lower_ in _PRONOUN_SUBJECTS or not first.tag_.startswith("NN"):
        return None, set()
    # Articles go, as in any noun phrase of a headline.
    return first, {
        i for i in span if not (doc[i].dep_ == "det" and doc[i].lower_ in _DROPPED_DETERMINERS)
    }


def _clausal_subject(verb: Token) -> tuple[Token | None, set[int]]:
    """A subject the parser reads as a clause, opening the sentence: a gerund with what it
    needs ("Writing a Word document can be risky"), or a noun phrase misread as a clause
    with no marker a subject clause needs ("Ask Jeeves has become", "The debut of hit
    Desperate Housewives has helped"): that phrase whole. Else ``(None, set())``."""
    if any(c.dep_ in {"nsubj", "nsubjpass", "expl"} for c in verb.children):
        return None, set()
    clauses = [c for c in verb.children if c.dep_ in {"csubj", "csubjpass"} and c.i < verb.i]
    if len(clauses) != 1:
        return None, set()
    clause = clauses[0]
    doc = verb.doc
    if clause.left_edge.i != next(doc.sents).start or any(
        c.dep_ in {"mark", "aux", "auxpass"} for c in clause.children
    ):
        return None, set()  # "To win is", "That he lost is", "being made an MBE"
    if any(t.tag_ in {"PRP", "PRP$", "WP", "WDT", "WRB", "EX"} for t in clause.subtree):
        return None, set()
    if clause.tag_ == "VBG" and not any(c.dep_ in {"nsubj", "nsubjpass"} for c in clause.children):
        kept: set[int] = set()
        _add_verb_group(clause, kept, _parenthesized(doc))
        return clause, kept
    if clause.tag_ in {"VB", "VBD", "VBP"}:
        # A bare or finite verb cannot open a subject clause unmarked: a noun phrase.
        return clause, {
            t.i
            for t in clause.subtree
            if not (t.dep_ == "det" and t.lower_ in _DROPPED_DETERMINERS)
        }
    return None, set()


def _whole_conjunction(subject: Token, kept: set[int], excluded: set[int]) -> bool:
    """Keep the subject's second conjunct however long ("Fiat and General Motors (GM)
    have"), with its "and"; False where a conjunct stays cut: a list of three, whose
    commas a headline's words leave out, or what lies in parentheses."""
    if not _whole_inner_conjunctions(subject, kept, excluded):
        return False
    conjuncts = [c for c in subject.children if c.dep_ == "conj"]
    if not conjuncts:
        return True
    second = conjuncts[0]
    if len(conjuncts) > 1 or any(c.dep_ == "conj" for c in second.children):
        return False  # "Paris, Rome and Berlin": "Paris Rome and Berlin" would not read
    if second.i in kept:
        return True
    joins = [c for c in subject.children if c.dep_ == "cc" and c.i < second.i]
    if (
        len(joins) != 1
        or second.i in excluded
        or any(t.text == "," for t in subject.doc[subject.i : second.i])
    ):
        return False
    _add_noun_phrase(second, kept, excluded)
    kept.add(joins[0].i)
    return True


def _whole_inner_conjunctions(subject: Token, kept: set[int], excluded: set[int]) -> bool:
    """ "Bosses of Deutsche Boerse [and the London Stock Exchange] are to meet": a noun
    joined to the subject's "of" object is who meets too, and is kept; False where it
    cannot be (a list, brackets)."""
    for noun in [t for t in subject.subtree if t.dep_ == "pobj" and t.i in kept]:
        if noun.head.lower_ != "of" or noun.head.head.i != subject.i:
            continue
        conjuncts = [c for c in noun.children if c.dep_ == "conj" and c.i not in kept]
        if not conjuncts:
            continue
        joins = [c for c in noun.children if c.dep_ == "cc" and c.i < conjuncts[0].i]
        if (
            len(conjuncts) > 1
            or len(joins) != 1
            or conjuncts[0].i in excluded
            or any(t.text == "," for t in subject.doc[noun.i : conjuncts[0].i])
        ):
            return False
        _add_conjunct(noun, conjuncts[0], kept, excluded)
    return True


def _whole(token: Token) -> bool:
    """Whether ``token`` is a word of its own, not a piece the tokenizer split from one
    ("I" of the name "Im")."""
    doc = token.doc
    before = token.i == 0 or bool(doc[token.i - 1].whitespace_) or not doc[token.i - 1].is_alpha
    after = bool(token.whitespace_) or token.i + 1 == len(doc) or not doc[token.i + 1].is_alpha
    return before and after


def _hyphenated(token: Token) -> bool:
    """Whether ``token`` is the first part of a hyphenated word ("quarter" of "quarter-finals")."""
    doc = token.doc
    return not token.whitespace_ and token.i + 1 < len(doc) and doc[token.i + 1].text in "-–"


def _descriptor_and_name(first: Token, second: Token) -> bool:
    """Two subjects that are one: a common noun right before a name ("centre Mathew
    Tait"), which the parser split; headlines name the person alone."""
    return (
        first.tag_ in {"NN", "NNS"}
        and first.is_lower
        and second.tag_ in {"NNP", "NNPS"}
        and first.right_edge.i + 1 == second.left_edge.i
        # "A saxophone [belonging to musician] Charlie Parker is expected": a noun with a
        # clause after it is no descriptor of the name; the parser lost the sentence.
        and not any(c.dep_ in {"acl", "relcl"} for c in first.rights)
        # the name alone: "firms Sony, Matsushita and Samsung" would lose two of three
        and all(t.tag_ in {"NNP", "NNPS", "POS", "HYPH", "DT"} for t in second.subtree)
    )


def _subject_named(name: Token) -> Token | None:
    return None if name.lower_ in _PRONOUN_SUBJECTS else name


def _pronoun_subject(verb: Token) -> bool:
    return any(
        c.dep_ in {"nsubj", "nsubjpass"}
        and c.lower_ in {"it", "they", "he", "she"}
        and not (c.lower_ == "it" and lemma(verb) == "be")
        for c in verb.children
    )


def _finite(verb: Token) -> bool:
    """A verb that can carry a clause: finite itself, or with an auxiliary."""
    return verb.tag_ in _FINITE_TAGS or any(c.dep_ in {"aux", "auxpass"} for c in verb.children)


_OPENING_BRACKETS = ("(", "[", "([")


def _parenthesized(doc: Doc) -> set[int]:
    """Indices of tokens inside parentheses or dashes' asides: never part of a headline."""
    inside: set[int] = set()
    # Without an opening bracket nothing is inside. Checked on the token ids in C: doc.text
    # and a loop over the tokens both build a Python object per token (7% of the
    # engine's time when done for every clause tried).
    openings = [doc.vocab.strings[mark] for mark in _OPENING_BRACKETS]
    if not np.isin(doc.to_array("ORTH"), openings).any():
        return inside
    depth = 0
    for token in doc:
        if token.text in "([":
            depth += 1
        if depth:
            inside.add(token.i)
        if token.text in ")]" and depth:
            depth -= 1
    return inside


def _add_noun_phrase(head: Token, kept: set[int], excluded: set[int]) -> None:
    """The noun's core: compounds, numbers, possessor, negation, "of" phrases."""
    if head.i in excluded:
        return
    kept.add(head.i)
    descriptor = _descriptor(head)
    for child in head.children:
        dep = child.dep_
        if child.i in excluded or child.i in descriptor:
            continue
        if dep in {"compound", "nummod", "quantmod", "nmod", "case", "neg", "hyph"}:
            _add_noun_phrase(child, kept, excluded)
        elif head.like_num and child.lower_ in {"more", "less", "fewer"}:
            kept.add(child.i)  # "four times more mobiles", never "four times mobiles"
        elif (
            dep == "prep"
            and child.lower_ == "of"
            and child.i > head.i + 1
            and all(i in excluded for i in range(head.i + 1, child.i))
            and any(c.dep_ == "nummod" for c in head.children)
        ):
            # "5.65bn euros ($7.4bn) of purchases": the brackets between do not free the
            # amount from what it counts
            _add_prep(child, kept, excluded)
        elif dep == "npadvmod" and head.like_num and _short(child, 4):
            kept.update(t.i for t in child.subtree)  # "$2,000 a year": the rate as said
        elif dep == "mark" and child.lower_ == "as" and child.i < head.i:
            kept.add(child.i)  # "quit as Scotland coach", "as" hung on the noun
        elif dep == "advmod" and child.lower_ in {"most", "least"} and child.i < head.i:
            kept.add(child.i)  # "the most powerful people", not "powerful people"
        elif dep == "advmod" and head.like_num:
            kept.add(child.i)  # "around 12,800", "more than 2,000": the number as said
        elif dep == "prep" and child.lower_ == "than" and head.tag_ in {"JJR", "RBR"}:
            _add_prep(child, kept, excluded)  # "earned more [than any other star]"
        elif dep == "poss" and child.lower_ not in _POSSESSIVE_PRONOUNS:
            _add_noun_phrase(child, kept, excluded)
        elif dep == "det" and _article_in_name(child):
            kept.add(child.i)  # "Top of the Pops", "Pirates of the Caribbean"
        elif dep in {"poss", "det"} and _partitive(head):
            kept.add(child.i)  # "14,000 of its voters": "14,000 of voters" is no English
        elif (
            dep == "det"
            and child.lower_ not in _ARTICLES
            and child.lower_
            not in {
                "this",
                "that",
                "these",
                "those",
            }
        ):
            kept.add(child.i)
        elif dep == "appos" and not _comma_before(child):
            # "US media giant TimeWarner": a name the parser hangs as an appositive. A
            # number hung so past a phrase ("three singles in the US top five") is the
            # phrase's end: it comes with the phrase, or "singles five" is left.
            _add_noun_phrase(child, kept, excluded)
            if not _named(child):
                kept.update(
                    t.i
                    for t in head.doc[head.i + 1 : child.i]
                    if t.i not in excluded and t.lower_ not in _ARTICLES
                )
        elif (
            dep == "prep"
            and child.lower_ == "of"
            and child.i == head.i + 1
            and any(g.dep_ in {"pobj", "pcomp"} for g in child.children)
        ):
            _add_prep(child, kept, excluded)
        elif (
            dep == "conj"
            and head.dep_ != "conj"
            and _short(child, 3)
            and not _subject_of_next_clause(child)
        ):
            _add_conjunct(head, child, kept, excluded)  # "Argentina and Venezuela"
        elif (
            dep == "acl"
            and child.tag_ == "VBN"
            and child.i == head.i + 1
            and head.dep_ == "pobj"
            and head.head.lower_ == "of"
            and all(c.dep_ in {"prep", "agent", "advmod", "punct"} for c in child.children)
        ):
            # "the number of mortgages approved": the participle says which are counted.
            kept.add(child.i)
        elif (
            dep == "acl"
            and child.tag_ == "VBG"
            and child.i == head.i + 1
            and head.dep_ == "pobj"
            and head.head.lower_ == "of"
            and head.tag_ in {"NN", "NNS"}
        ):
            # "no chance of history repeating itself": the gerund is what there is no
            # chance of, its noun only its subject.
            _add_verb_group(child, kept, excluded)
        elif (
            dep == "acl"
            and child.tag_ == "VBN"
            and child.i == head.i + 1
            and head.tag_ == "NNP"
            and any(c.dep_ == "det" and c.lower_ in {"a", "an"} for c in head.children)
        ):
            kept.add(child.i)  # "an FA Cup upset": a noun the tagger read as a participle
        elif _infinitive(child) and (dep == "acl" or (dep == "relcl" and _picked_out(head))):
            # "plans to sell its film unit", "is the reason to buy", "the first big name
            # to fall": without its infinitive the noun says nothing, or not what the
            # sentence says ("the last film [to be made by ...] premiered").
            _add_verb_group(child, kept, excluded)
            agents = [g for g in child.children if g.dep_ == "agent" and g.i not in excluded]
            if agents:
                _add_prep(agents[0], kept, excluded)  # "to be made [by Theo van Gogh]"
        elif dep == "amod" and child.i < head.i:
            # "Irish shares", "European Union": a proper adjective names what it modifies.
            _add_noun_phrase(child, kept, excluded)
        elif dep == "amod" and child.i == head.i + 1 and not child.n_rights:
            # "a charity single" read as "charity" described by "single": the noun it is.
            kept.add(child.i)


def _add_conjunct(head: Token, conj: Token, kept: set[int], excluded: set[int]) -> None:
    """A second noun joined to ``head`` with the word that joins them: "and", or "as well
    as" (the parser hangs "as well" on the last "as")."""
    _add_noun_phrase(conj, kept, excluded)
    for cc in (c for c in head.children if c.dep_ == "cc" and c.i < conj.i):
        kept.add(cc.i)
        kept.update(a.i for a in cc.children if a.dep_ == "advmod")


def _article_in_name(article: Token) -> bool:
    """An article inside a name: after "of" and a capitalized word, before a capitalized
    one ("Top of the Pops"). Not after "and": "Labour and the Tories" are two."""
    doc, i = article.doc, article.i
    return (
        i >= 3  # a capital at the sentence's start names nothing ("Stars of the show")
        and article.head.text[:1].isupper()
        and doc[i - 1].lower_ == "of"
        and doc[i - 2].text[:1].isupper()
    )


def _named(token: Token) -> bool:
    """A name, not a number: "TV channel Five" is one, "five" is not."""
    return token.tag_ in {"NNP", "NNPS"} or not token.like_num or token.text[:1].isupper()


def _subject_of_next_clause(noun: Token) -> bool:
    """A noun right before the finite verb of a clause joined to the sentence's: "crafted
    for criminal ends and firms are tightening", the parser joining that clause's subject
    to the object."""
    doc = noun.doc
    if noun.i + 1 >= len(doc) or doc[noun.i + 1].tag_ not in {"VBP", "VBZ", "VBD", "MD"}:
        return False
    following = doc[noun.i + 1]
    verb = following.head if following.dep_ in {"aux", "auxpass"} else following
    return verb.dep_ == "conj"


def _partitive(noun: Token) -> bool:
    """Whether ``noun`` is counted out by a number or a quantifier: "14,000 of [its]
    voters", "some of [his] players"."""
    of = noun.head
    return (
        noun.dep_ == "pobj"
        and of.lower_ == "of"
        and (of.head.like_num or of.head.lower_ in _QUANTIFIERS)
    )


def _be_with_clause_only(verb: Token, kept: set[int]) -> bool:
    """ "The new law is [so poorly drafted that] no-one can define the offence": a "be"
    whose adjective went leaves a clause it cannot take ("law is no-one can define").
    Also a "be" whose noun lost the clause that says which ("2005 will be the year
    [that 3G phones become inescapable]")."""
    if lemma(verb) != "be":
        return False
    kept_children = [c for c in verb.children if c.i in kept]
    if any(c.dep_ == "ccomp" for c in kept_children) and not any(
        c.dep_ in {"attr", "acomp", "prep", "advmod", "oprd"} for c in kept_children
    ):
        return True
    return any(
        c.dep_ == "attr"
        and any(d.dep_ == "det" and d.lower_ == "the" for d in c.children)
        and any(r.dep_ == "relcl" and r.i not in kept for r in c.children)
        for c in kept_children
    )


def _conjunct_disagrees(verb: Token) -> bool:
    """A finite verb joined to ``verb`` with no subject of its own, in the other number
    ("BBC hits Little Britain and Strictly Come Dancing are among ..."): two verbs that
    cannot share a subject, so the parser took words of the subject for a clause ("BBC
    hits", a noun, for subject and verb; "Champions League clash with Barcelona", a
    noun, for a verb) and the headline would say what the source does not."""
    number = _finite_number(verb)
    return number is not None and any(
        c.dep_ == "conj"
        and _finite_number(c) not in {None, number}
        and not any(g.dep_ in _CLAUSE_SUBJECTS for g in c.children)
        # With nothing after it, the verb may be the last word of a sentence parsed
        # only in part (:func:`workers.engines.headline.parse_text`), not a misreading.
        and any(g.i > c.i and not g.is_punct for g in c.children)
        for c in verb.children
    )


def _finite_number(verb: Token) -> str | None:
    """The present-tense tag (VBZ or VBP) that carries the verb's number: its own or its
    first auxiliary's; ``None`` where neither shows one ("said", "will go")."""
    for token in (*(c for c in verb.lefts if c.dep_ in {"aux", "auxpass"}), verb):
        if token.tag_ in {"VBZ", "VBP", "VBD", "MD"}:
            return token.tag_ if token.tag_ in {"VBZ", "VBP"} else None
    return None


def participle_read_as_verb(verb: Token) -> bool:
    """ "The 10 authors shortlisted for an award are hoping for a boost": a participle
    after its noun that the parser took for the main verb, in the past tense, and the
    sentence's own verb group ("are hoping") for a clause hung on it. That clause gives
    it away: a finite auxiliary and no subject of its own, which no adverbial clause has.
    The headline would say "authors shortlist", which the source does not."""
    return (
        verb.tag_ == "VBD"
        and not any(c.dep_ in {"aux", "auxpass"} for c in verb.children)
        and any(
            c.dep_ == "advcl"
            and not any(g.dep_ in _CLAUSE_SUBJECTS or g.dep_ == "mark" for g in c.children)
            and any(
                g.dep_ in {"aux", "auxpass"} and g.tag_ in _FINITE_TAGS and g.i < c.i
                for g in c.children
            )
            for c in verb.rights
        )
    )


def framing_progressive(verb: Token, kept: set[int]) -> bool:
    """ "Tory co-chairman Liam Fox was speaking [after Mr Blair told members ...]": a
    past progressive that sets the scene for the event of a clause after it, which was
    cut. Left bare, "Fox speaking" says nothing happened (and now, where the source
    said then)."""
    return (
        verb.tag_ == "VBG"
        and any(c.dep_ == "aux" and c.tag_ == "VBD" and lemma(c) == "be" for c in verb.lefts)
        and any(
            c.dep_ == "advcl"
            and c.i not in kept
            and any(g.dep_ in _CLAUSE_SUBJECTS for g in c.children)
            for c in verb.rights
        )
    )


def _noun_joined_to_verb(verb: Token) -> bool:
    """A noun right after the object that the parser coordinated with the verb: "reduced
    Chelsea's Premiership lead", "lead" taken for a second verb, the object cut short."""
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    return bool(objects) and any(
        c.dep_ == "conj" and c.tag_.startswith("NN") and c.i == objects[0].right_edge.i + 1
        for c in verb.children
    )


def _that_clause_read_as_object(verb: Token) -> bool:
    """ "denied that coach Jacques Santini resigned" parsed as denying "that coach", a
    relative clause with a subject of its own after it: what was denied is lost."""
    return any(
        c.dep_ == "dobj"
        and any(d.dep_ == "det" and d.lower_ == "that" for d in c.children)
        and any(
            r.dep_ == "relcl" and any(g.dep_ in {"nsubj", "nsubjpass"} for g in r.children)
            for r in c.children
        )
        for c in verb.children
    )


def _verb_for_adjective(token: Token) -> bool:
    """A finite verb where the parse wants an adjective ("were the big winners in music
    honours", "honours" an acomp): a misparse the headline would repeat."""
    return token.dep_ == "acomp" and token.tag_ in {"VB", "VBZ", "VBP", "VBD"}


def _descriptor(head: Token) -> set[int]:
    """Words before a name that describe it ("US media giant", "budget airline"):
    headlines name the firm or person alone. Empty unless ``head`` is a proper noun
    preceded by a common noun or adjective."""
    if head.tag_ not in {"NNP", "NNPS"} or not head.text[:1].isupper():
        return set()  # "first prima ballerina" tagged NNP is no name
    start = head.i
    while (
        start > 0
        and head.doc[start - 1].tag_ in {"NNP", "NNPS"}
        and head.doc[start - 1].head.i >= start
    ):
        start -= 1
    before = [c for c in head.children if c.i < start and c.dep_ in {"compound", "amod", "nmod"}]
    if not any(not c.text[:1].isupper() for c in before) or any(
        t.dep_ == "compound" and t.tag_ == "VBG" for c in before for t in c.subtree
    ):
        return set()  # "on [signing] defender Babayaro": a gerund is the news, no descriptor
    return {t.i for c in before for t in c.subtree}


def _picked_out(noun: Token) -> bool:
    """Whether an infinitive relative clause is what ``noun`` means: after "be" or a verb
    ("is the reason [to buy]", "makes an approach [to buy]"), or after an ordinal or a
    superlative ("the first [to fall]", "the best [to have played]"). On another subject
    it only describes ("a system [to make it easier to ...] could open")."""
    return noun.dep_ in {"attr", "oprd", "dobj"} or any(
        c.dep_ == "amod" and (c.tag_ == "JJS" or c.like_num or c.lower_ in _ORDINAL_WORDS)
        for c in noun.children
    )


def _infinitive(verb: Token) -> bool:
    """ "to sell", or a passive "to be made" (a participle after its "to be")."""
    return verb.tag_ in {"VB", "VBN"} and any(
        c.dep_ == "aux" and c.lower_ == "to" for c in verb.children
    )


def _add_prep(prep: Token, kept: set[int], excluded: set[int]) -> None:
    kept.add(prep.i)
    for child in prep.children:
        if child.i in excluded:
            continue
        if child.dep_ == "pobj":
            _add_noun_phrase(child, kept, excluded)
            if prep.lower_ == "between":
                for conj in (c for c in child.children if c.dep_ == "conj"):
                    _add_conjunct(child, conj, kept, excluded)  # "between fear and hope"
        elif child.dep_ == "pcomp" and child.tag_ in {"IN", "TO"} and not child.n_rights:
            kept.add(child.i)  # "due to", "because of": the second word is the first's
        elif child.dep_ == "pcomp" and (
            _plain_gerund(child) or (child.tag_ == "VBG" and prep.lower_ == "of")
        ):
            _add_verb_group(child, kept, excluded)  # "no thoughts of quitting"
            for subject in (g for g in child.lefts if g.dep_ == "nsubj"):
                _add_noun_phrase(subject, kept, excluded)  # "chance of prices rising"
        elif child.dep_ == "amod" and prep.lower_ == "as":
            kept.add(child.i)  # "branded the appeal as absurd"


def _add_verb_group(verb: Token, kept: set[int], excluded: set[int]) -> list[Token]:
    """The verb with its auxiliaries, negation, particle and required complements."""
    kept.add(verb.i)
    group = [verb]
    for child in verb.children:
        if child.i in excluded:
            continue
        dep = child.dep_
        if dep in {"aux", "auxpass", "neg", "prt"}:
            kept.add(child.i)
            group.append(child)
        elif dep == "dative" and child.tag_ in {"IN", "TO"}:
            _add_prep(child, kept, excluded)  # "sold it to a US entrepreneur": "to" and whom
        elif dep in {"dobj", "dative", "attr", "oprd"} and not _second_object(child):
            _add_noun_phrase(child, kept, excluded)
        elif dep == "acomp":
            kept.add(child.i)
            for grand in child.children:
                if grand.dep_ == "xcomp":
                    _add_verb_group(grand, kept, excluded)
                elif grand.dep_ == "ccomp" and grand.i not in excluded:
                    _add_clause(grand, kept, excluded)  # "confident [she will not be punished]"
                elif grand.dep_ == "advmod" and grand.i < child.i:
                    kept.update(t.i for t in grand.subtree)  # "more environmentally aware"
            phrases = [g for g in child.rights if g.dep_ == "prep" and g.i not in excluded]
            if phrases and _prep_allowed(phrases[0]):
                _add_prep(phrases[0], kept, excluded)  # "close to a deal", "unsure of"
        elif dep == "xcomp":
            # "pledged to never attack": a verb with its "to", whatever the tagger says.
            if child.tag_.startswith("VB") or any(m.dep_ == "aux" for m in child.children):
                # "decide whether to block": without "whether" it says the decision is made.
                kept.update(
                    m.i
                    for m in child.children
                    if m.i not in excluded and (m.dep_ == "mark" or m.lower_ in {"whether", "if"})
                )
                _add_verb_group(child, kept, excluded)
            else:
                _add_noun_phrase(child, kept, excluded)
        elif dep == "advmod" and child.lower_ == "ahead" and not any(child.children):
            kept.add(child.i)  # "is to go ahead"; not "named in squad ahead [of ...]"
        elif dep == "advmod" and child.lower_ in _KEEP_ADVERBS:
            kept.add(child.i)
            for measure in (g for g in child.lefts if g.dep_ == "npadvmod" and g.i not in excluded):
                # "faces [three weeks] out": the measure says how far; "faces out" is no
                # English (however the parse reads it, the whole phrase goes or stays).
                _add_noun_phrase(measure, kept, excluded)
            phrases = [g for g in child.rights if g.dep_ == "prep" and g.i not in excluded]
            if lemma(verb) == "be" and phrases and _prep_allowed(phrases[0]):
                _add_prep(phrases[0], kept, excluded)  # "is up [for six awards]"
        elif dep == "advmod" and any(t.dep_ == "neg" or t.lower_ == "no" for t in child.subtree):
            kept.update(t.i for t in child.subtree)  # "is no longer": without "no", the opposite
        elif dep == "npadvmod" and _numeric(child):
            _add_noun_phrase(child, kept, excluded)
        elif dep == "ccomp" and child.i > verb.i and not cut_before_verb(child):
            _add_clause(child, kept, excluded)
        elif dep == "advcl" and any(
            m.dep_ == "mark" and m.lower_ == "for" and m.i == verb.i + 1 for m in child.children
        ):
            # "called for an independent body to be set up": what is called for
            kept.update(m.i for m in child.children if m.dep_ == "mark")
            _add_clause(child, kept, excluded)
        elif dep == "advcl" and any(m.lower_ == "whether" for m in child.children):
            # "decide whether to recommend": what is to be decided
            kept.update(m.i for m in child.children if m.dep_ == "mark")
            _add_verb_group(child, kept, excluded)
        elif (
            dep == "prep"
            and not any(child.children)
            and child.i < verb.i + 3
            and (
                any(c.dep_ == "auxpass" for c in verb.children)
                # "has held on to the top spot": a particle the parser took for a preposition
                or (child.i + 1 < len(child.doc) and child.doc[child.i + 1].dep_ == "prep")
            )
        ):
            kept.add(child.i)  # "will be looked back on as": a passive's stranded preposition
        elif dep == "prep" and child.i == verb.i + 1 and child.lower_ in _PARTICLE_PREPS:
            # "ruled out of the Six Nations": a particle the parser took for a preposition.
            kept.add(child.i)
            for grand in child.children:
                if grand.dep_ in {"prep", "pobj"}:
                    _add_prep(grand, kept, excluded) if grand.dep_ == "prep" else (
                        _add_noun_phrase(grand, kept, excluded)
                    )
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    for child in (*verb.children, *(c for o in objects for c in o.children)):
        if completes_object(child) and child.i not in excluded:
            _add_prep(child, kept, excluded)
    if not any(
        c.dep_ in {"dobj", "attr", "acomp", "xcomp", "oprd", "ccomp"} for c in verb.children
    ):
        # "rose to a record", "lent to Russia": the first phrase after an intransitive
        # verb is usually what the news is.
        first = _first_phrase(verb, excluded)
        if first is not None:
            _add_prep(first, kept, excluded)
    return sorted(group, key=lambda t: t.i)


def _second_object(token: Token) -> bool:
    """An object after a comma where the verb has one before it: an appositive the
    parser hung on the verb ("blasted away the competition at a ceremony, the Golden
    Joystick awards")."""
    return (
        token.dep_ == "dobj"
        and _comma_before(token)
        and any(c.dep_ == "dobj" and c.i < token.i for c in token.head.children)
    )


def completes_object(prep: Token) -> bool:
    """Whether ``prep`` is the phrase right after a placing verb's object (see
    :data:`PLACING_VERBS`), which the verb needs as much as its object."""
    if prep.dep_ != "prep":
        return False
    head = prep.head
    complement = _as_complement(prep)
    if head.dep_ == "dobj":
        # "compared the plan [with a tax]", hung on the object
        placed = prep.i == head.i + 1 and (complement or lemma(head.head) in PLACING_VERBS)
    else:
        objects = [c for c in head.children if c.dep_ == "dobj"]
        placed = (
            bool(objects)
            and objects[0].right_edge.i + 1 == prep.i
            and (complement or lemma(head) in PLACING_VERBS)
        )
    # "send proposals [to date]", "leave [in May]": a time, not a place
    return placed and (not any(c.dep_ == "pobj" for c in prep.children) or _prep_allowed(prep))


def _as_complement(prep: Token) -> bool:
    """ "branded the complaint [as pathetic]", "dismisses the Tories [as a fading force]":
    an "as" after a verb's object that says what the verb makes of it. A bare noun after
    "as" is mostly something else ("as part of", "as [the] deadline nears")."""
    if prep.lower_ != "as":
        return False
    for child in prep.children:
        if child.dep_ == "amod":
            return True
        if child.dep_ != "pobj":
            continue
        if child.lower_ == "one":
            return True  # "hails it as one of the great performances"
        if any(g.dep_ == "prep" and g.lower_ == "of" for g in child.children):
            return False  # "as part of", "as a result of"
        return child.tag_ in {"NNP", "NNPS"} or any(
            g.dep_ in {"amod", "compound", "nmod", "poss", "nummod"} for g in child.children
        )
    return False


def _add_clause(verb: Token, kept: set[int], excluded: set[int]) -> None:
    """A reported clause's core: "promised Brown (that) he would stand down"."""
    for child in verb.children:
        if child.dep_ in {"nsubj", "nsubjpass", "expl"}:
            _add_noun_phrase(child, kept, excluded)
            # "she [and] Kostas Kenteris will": two subjects the parser hung apart
            kept.update(c.i for c in child.children if c.dep_ == "cc")
        elif child.dep_ in {"csubj", "csubjpass"}:
            kept.update(t.i for t in child.subtree)  # "(that) replacing him will be hard"
        elif (child.dep_ == "mark" and child.lower_ in {"that", "whether", "if"}) or (
            child.tag_ == "WRB" and child.i < verb.i
        ):
            # "decide whether to close" is not "decide to close", "explain how details
            # were printed" not "explain details were printed"
            kept.add(child.i)
    _add_verb_group(verb, kept, excluded)


def _first_phrase(verb: Token, excluded: set[int]) -> Token | None:
    for child in verb.rights:
        if child.dep_ == "prep" and child.i not in excluded:
            return child if _prep_allowed(child) else None
    return None


def _prep_allowed(prep: Token) -> bool:
    if prep.lower_ in _DROP_PREPS or _said_by_its_clause(prep):
        return False
    objects = [c for c in prep.children if c.dep_ == "pobj"]
    if not objects:
        # "close to agreeing a contract", "closing in on signing Babayaro"
        return any(_plain_gerund(c) for c in prep.children)
    obj = objects[0]
    if re.fullmatch(r"(?:19|20)\d\d", obj.text):
        return False
    if any(c.dep_ == "nummod" and c.like_num for c in obj.children):
        return True  # "for 14 years": a number is news
    # "in the first quarter" is a time, "into the quarter-finals" a place.
    return not _temporal(obj) and not any(
        _temporal(c) and not _hyphenated(c) for c in obj.children if c.dep_ in {"compound", "amod"}
    )


def _said_by_its_clause(prep: Token) -> bool:
    """ "approved by Congress, [in a move which it is hoped will cut the cost of
    borrowing]": a phrase set off by a comma, whose noun has nothing but its article and
    a relative clause, comments on the whole news, and what it says is in the clause; it
    cannot join without it ("approved in move"). Not set off, the noun is part of the
    news: "defaced by a virus [that used Google]"."""
    return _comma_before(prep) and any(
        obj.dep_ == "pobj"
        and obj.tag_ in {"NN", "NNS"}
        and any(c.dep_ == "relcl" and c.i > obj.i for c in obj.children)
        and all(c.dep_ in {"det", "relcl", "punct"} for c in obj.children)
        for obj in prep.children
    )


def _temporal(token: Token) -> bool:
    """A word of time; a month only as a name ("in March", not "a protest march")."""
    return token.lower_ in _TEMPORAL_WORDS and (
        token.lower_ not in _MONTHS or token.text[:1].isupper()
    )


def _plain_gerund(token: Token) -> bool:
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


def _candidates(doc: Doc, kept: set[int], excluded: set[int]) -> list[set[int]]:
    """Phrases hanging off kept words that may join: adjectives, prepositional phrases."""
    found: list[set[int]] = []
    for index in sorted(kept):
        head = doc[index]
        is_verb = head.tag_.startswith("VB")
        for child in head.children:
            if child.i in kept or child.i in excluded:
                continue
            if child.dep_ == "amod" and not is_verb and child.i < head.i and _short(child, 2):
                found.append({t.i for t in child.subtree})
            elif child.dep_ in {"prep", "agent"} and _prep_allowed(child):
                phrase: set[int] = set()
                _add_prep(child, phrase, excluded)
                found.append(phrase)
    return found


def _grow(
    doc: Doc,
    layout: list[_Word],
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
            if not new or len(_words(layout, kept | new)) > target_words:
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


_QUANTIFIERS = frozenset(
    ["some", "all", "many", "most", "much", "few", "several", "none", "each", "any", "both",
     "half", "one", "either", "neither", "more", "less"]
)  # fmt: skip
_SHORTENABLE = frozenset(["prep", "acl", "npadvmod", "advcl"])


def _shorten(
    doc: Doc, layout: list[_Word], kept: set[int], verb: Token, max_words: int
) -> set[int]:
    """Drop noun modifiers, rightmost first, until the headline fits ``max_words``:
    "US food and drug regulators to decide whether to recommend sale of painkillers"
    loses "of painkillers" rather than the whole clause. Verb phrases stay whole."""
    while len(_words(layout, kept)) > max_words:
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
            if len(_words(layout, kept)) - _tense_drops(verb, kept) <= max_words:
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
            return {t.i for t in token.subtree} - {t.i for t in names[0].subtree}
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


def _cut_short(doc: Doc, verb: Token, kept: set[int]) -> bool:
    """Whether the headline ends on its verb while the verb's complement was cut."""
    last = doc[max(kept)]
    if last.dep_ == "acomp" and any(c.dep_ in {"prep", "npadvmod", "dobj"} for c in last.rights):
        return True  # "Ronaldo close" (to agreeing a new contract), "drive worth" ($3.5bn)
    if lemma(verb) in _SAY_VERBS and any(
        c.dep_ == "ccomp" and c.i not in kept and not cut_before_verb(c) for c in verb.children
    ):
        return True  # "Howard claims [Blair's feud ...] in heated questions": claims what?
    if max(kept) != verb.i:
        return False
    if lemma(verb) in _SAY_VERBS or framing_progressive(verb, kept):
        return True  # "Watchdog says": says what?; "Fox speaking" (after Blair told ...)
    if any(c.i == verb.i + 1 and c.dep_ == "prt" and c.i not in kept for c in verb.rights):
        return True  # "Souness closing" (in on signing Babayaro)
    return any(
        c.dep_ in {"acomp", "dobj", "xcomp", "ccomp", "attr", "oprd", "dative"}
        # "got faster": a linking verb needs what it links to.
        or (c.dep_ == "advmod" and c.tag_ in {"RBR", "JJR", "JJ"} and lemma(verb) in _LINKING)
        # "consortium is working [to provide maps]": working at what?
        or (c.dep_ == "advcl" and _infinitive(c))
        for c in verb.rights
    )


def _subtree(token: Token) -> set[int]:
    return set(range(token.left_edge.i, token.right_edge.i + 1))


def _passing_modifiers(doc: Doc, kept: set[int], salience: Mapping[str, int]) -> set[int]:
    """Common-noun and adjective modifiers the article says only in passing: "quarterly
    profits", "shipping firm Maersk" keep "profits", "Maersk"; what recurs is the story.
    Only the subject's: in the object ("a rousing reception") the adjective is the news."""
    passing: set[int] = set()
    for index in kept:
        token = doc[index]
        if (
            token.dep_ in {"compound", "amod"}
            and token.head.i in kept
            and token.i < token.head.i
            and token.n_lefts + token.n_rights == 0
            and token.is_lower
            and token.is_alpha
            and token.lower_ not in _MEANING_MODIFIERS  # "former chief executive"
            and not _picks_out_the_one(token)
            and token.tag_ not in {"JJS", "JJR"}  # "world's biggest tobacco consumer"
            and _phrase_score(doc, {index}, salience) < MIN_MODIFIER_SALIENCE
        ):
            passing.add(index)
    return passing


def _picks_out_the_one(modifier: Token) -> bool:
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


def _has_complement(verb: Token, kept: set[int]) -> bool:
    """A verb kept with what it needs: "be" without its complement reads broken."""
    if verb.i not in kept:
        return False
    if lemma(verb) != "be":
        return True
    if any(_one_of_cut(c, kept) for c in verb.children if c.dep_ == "attr"):
        return False
    return any(
        c.i in kept
        for c in verb.children
        if c.i > verb.i
        and (
            c.dep_ not in {"neg", "advmod"}
            # "is up for six awards", "was back to her best": the adverb with its phrase
            or (c.lower_ in PLACE_ADVERBS and any(g.i in kept for g in c.children))
        )
    )


def _broken_clause(doc: Doc, kept: set[int]) -> bool:
    """Whether a kept clausal complement is no clause (or one of two a verb reports,
    unjoined: a misparse): a "that" with no verb after it
    ("the view that the two most powerful", of a sentence cut short before its verb),
    or a clause without its subject where one was cut before it ("told a court [that
    fraud charges levelled against him] are false": the parser hung the subject in a
    clause that goes). A clause whose subject the parser took for its head verb's object
    ("warned the Lions will be") reads whole and stays."""
    for index in kept:
        clause = doc[index]
        if sum(1 for c in clause.children if c.dep_ == "ccomp" and c.i in kept) > 1:
            # "claim it is a break-through [in the way] data is monitored": two clauses
            # said by one verb, neither joined to the other, is the parser lost.
            return True
        if clause.dep_ != "ccomp" or clause.head.i not in kept:
            continue
        subjects = [c for c in clause.children if c.dep_ in _CLAUSE_SUBJECTS and c.i in kept]
        if clause.tag_.startswith(("VB", "MD")):
            start, end = sorted((clause.head.i, clause.left_edge.i))
            if not subjects and any(
                doc[i].dep_ in _CLAUSE_SUBJECTS and i not in kept for i in range(start + 1, end)
            ):
                return True
        elif cut_before_verb(clause):
            return True
    return False


def cut_before_verb(clause: Token) -> bool:
    """A "that" clause with no verb: the sentence was cut short of it ("demonstrated the
    view that the two most powerful", parsed from a sentence's first 200 characters)."""
    return not clause.tag_.startswith(("VB", "MD")) and any(
        c.dep_ == "mark" for c in clause.children
    )


def _one_of_cut(attr: Token, kept: set[int]) -> bool:
    """ "Fox is one of the men [behind plans to ...]": without what picks the men out,
    "one of men" says nothing. True when that phrase, after "one of the N", was cut."""
    of = next((c for c in attr.children if c.lower_ == "of"), None)
    if attr.lower_ != "one" or of is None:
        return False
    objects = [c for c in of.children if c.dep_ == "pobj"]
    pickers = [
        *(c for c in attr.head.children if c.i == attr.right_edge.i + 1),
        *(c for c in attr.rights if c is not of),
        *(c for obj in objects for c in obj.rights),
    ]
    return any(c.dep_ in {"prep", "acl", "relcl"} and c.i not in kept for c in pickers)


_Word = tuple[tuple[int, ...], frozenset[int], str]
"""A whitespace-separated word: its tokens, those with a letter or digit, its text."""


_LAYOUT_KEY = "briefing.layout"


def _layout(doc: Doc) -> list[_Word]:
    """The source's whitespace-separated words, each with the tokens it is made of."""
    cached = doc.user_data.get(_LAYOUT_KEY)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    # Offsets from the array, not Token objects: building those costs more than the rest.
    starts = [int(start) for start in doc.to_array("IDX")]
    text = doc.text
    layout: list[_Word] = []
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
            word = _strip(text[begin:end].strip())
            if word and wordlike:
                layout.append((tuple(tokens), frozenset(wordlike), word))
            tokens, wordlike, begin = [], set(), end
    doc.user_data[_LAYOUT_KEY] = layout  # compression and its checks both read it
    return layout


def _words(layout: list[_Word], kept: set[int]) -> list[tuple[int, str]]:
    """The source's words that hold a kept token, as written, with their first kept token."""
    return [
        (min(i for i in tokens if i in kept), word)
        for tokens, wordlike, word in layout
        if not wordlike.isdisjoint(kept)
    ]


def _strip(word: str) -> str:
    word = word.strip('"“”‘([,;:.!?)]')
    if word.startswith("'") and not word[1:2].isdigit():
        word = word[1:]  # an opening quotation mark, its closing one dropped below ('90s stays)
    if word.endswith(("’", "'")) and not word[:-1].endswith(("s", "S")):
        word = word[:-1]
    return word.rstrip(',;:.!?"”)]')


def _dangles(word: str) -> bool:
    return word.lower() in DANGLING_ENDS


def _comma_before(token: Token) -> bool:
    start = token.left_edge.i
    return start > 0 and token.doc[start - 1].text in {",", "-", "–", "—", "("}


def _short(token: Token, words: int) -> bool:
    return token.right_edge.i - token.left_edge.i < words


def _numeric(token: Token) -> bool:
    return any(t.like_num or t.text == "%" for t in token.subtree)


def word_tokens(doc: Doc) -> list[tuple[int, str]]:
    """The source's whitespace-separated words, each with its first word-like token (the
    token :class:`Compression` names for it)."""
    return [(min(wordlike), word) for _, wordlike, word in _layout(doc)]
