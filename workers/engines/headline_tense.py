"""Headline tense for a clause's verb group: "will cut" -> "to cut", "has cut" / "cut"
(past) -> "cuts", "was arrested" -> "arrested", "is to invite" -> "to invite",
"is unsure" -> "unsure". Only the verb group's words change; the rest stay as written.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from workers.engines.parsing import lemma, only_a_verb

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_MODALS = frozenset(
    [
        "can", "could", "may", "might", "must", "should", "would", "shall", "ca", "wo", "need"
    ]
)  # fmt: skip
PLACE_ADVERBS = frozenset(["up", "down", "back", "out", "off", "away", "home"])
"""Adverbs that, with a phrase, complete "be" ("is up for six awards"); headline tense
then drops the "is"."""
_IRREGULAR_3SG = {"be": "is", "have": "has", "do": "does", "go": "goes"}


def headline_tense(
    doc: Doc,
    words: list[tuple[int, str]],
    verb: Token,
    group: list[Token],
    subject: Token,
) -> list[tuple[int, str]]:
    """Rewrite the finite verb group in headline tense; the other words stay as written."""
    auxes = [t for t in group if t.dep_ in {"aux", "auxpass"} and t.i < verb.i]
    kept = {index for index, _ in words}
    drop: set[int] = set()
    replace: dict[int, str] = {}
    aux_lower = [a.lower_ for a in auxes]
    negated = any(c.dep_ == "neg" for c in verb.children)
    if negated:
        return words
    if aux_lower and aux_lower[0] in {"will", "'ll"}:
        # "will cut" -> "to cut"; "will be sold" -> "to be sold".
        replace[auxes[0].i] = "to"
    elif aux_lower and aux_lower[0] in _MODALS:
        return words
    elif any(a.dep_ == "auxpass" for a in auxes):
        # Passive: "was arrested", "has been named" -> "arrested", "named".
        drop.update(a.i for a in auxes)
    elif aux_lower and aux_lower[0] in {"has", "have"} and verb.tag_ in {"VBN", "VBD"}:
        # "has topped" -> "tops": after "has" the verb is a participle, even where the
        # tagger reads a past tense (VBD).
        drop.update(a.i for a in auxes)
        replace[verb.i] = present(verb, subject)
    elif (
        aux_lower
        and (
            aux_lower[-1] in {"is", "are", "was", "were"}
            or aux_lower == ["has", "been"]
            or aux_lower == ["have", "been"]
        )
        and verb.tag_ == "VBG"
    ):
        # "are hoping" -> "hoping", headlinese; the lemma is not trusted ("hoping" -> "hop").
        # "have been marking" -> "marking" alike.
        drop.update(a.i for a in auxes)
    elif (
        not auxes
        # "leapt" tagged as a present (VBZ) that does not end in "s": a past misread
        and (verb.tag_ == "VBD" or (verb.tag_ == "VBZ" and not verb.lower_.endswith("s")))
        and lemma(verb) != "be"
        # "used to lie" is a past habit: "uses to lie" is no English ("used his speech to
        # set out", with an object between, is no habit)
        and not (
            verb.lower_ == "used"
            and any(c.dep_ == "xcomp" and c.left_edge.i == verb.i + 1 for c in verb.children)
        )
    ):
        replace[verb.i] = present(verb, subject)
    elif (
        lemma(verb) == "be"
        and verb.lower_ in {"is", "are"}
        and any(
            c.dep_ == "xcomp" and any(a.lower_ == "to" for a in c.children) for c in verb.children
        )
    ):
        drop.add(verb.i)  # "Iraq is to invite" -> "Iraq to invite"
    elif (
        lemma(verb) == "be"
        and not auxes
        and verb.lower_ in {"is", "are", "was", "were"}
        and any(
            c.dep_ == "acomp"
            # "Sideways is up for six awards" -> "Sideways up for six awards"
            or (
                c.dep_ == "advmod"
                and c.lower_ in PLACE_ADVERBS
                and any(g.dep_ == "prep" and g.i in kept for g in c.children)
            )
            for c in verb.children
        )
    ):
        drop.add(verb.i)  # "Ferdinand is unsure of" -> "Ferdinand unsure of"
    elif (
        lemma(verb) == "be"
        and not auxes
        and verb.lower_ in {"was", "were"}
        and any(c.dep_ == "prep" and c.i in kept for c in verb.children)
        # "was the UK's first ballerina": the "be" of a noun stays
        and not any(c.dep_ in {"attr", "acomp"} for c in verb.children)
    ):
        drop.add(verb.i)  # "Germans were out of work" -> "Germans out of work"
    elif lemma(verb) == "be":
        return words  # "have been out", "is at centre": left as written
    elif (
        auxes
        and aux_lower[0] in {"is", "are"}
        and any(c.dep_ == "xcomp" and c.tag_ == "VB" for c in verb.children)
    ):
        # "is set to cut", "are expected to rise": the auxiliary goes ("X set to cut").
        drop.update(a.i for a in auxes)
    if verb.tag_ == "VBG" and _read_as_command(subject, words):
        drop.difference_update(a.i for a in auxes)
    result: list[tuple[int, str]] = []
    for index, word in words:
        if index in drop:
            continue
        if index in replace:
            token = doc[index]
            new = replace[index]
            if token.text[:1].isupper():
                new = new[:1].upper() + new[1:]
            word = word.replace(token.text, new, 1) if token.text in word else new
        result.append((index, word))
    return result


def present(verb: Token, subject: Token) -> str:
    """``verb`` in the present tense that agrees with ``subject`` ("cut" -> "cuts")."""
    base = lemma(verb)
    if not base.isalpha() or not verb.text.islower():
        # Only a verb written as a plain word is inflected: a parse can take a code or
        # a name ("atU") for a past-tense verb, and "atus" is not in the source.
        return verb.text
    # "comedian and broadcaster Cyril Fletcher" is one man: the name beside it says so.
    named_one = any(c.dep_ == "appos" and c.tag_ == "NNP" for c in subject.children)
    counted = subject.tag_ == "CD" and subject.lower_ not in {"one", "1"}  # "Two of the"
    # "Mervyn Davies" tagged as a plural name: a given name before it says one person.
    given_name = subject.tag_ == "NNPS" and any(
        c.dep_ == "compound" and c.tag_ == "NNP" for c in subject.lefts
    )
    plural = (
        counted
        or _counted_share_of_many(subject)
        or (subject.tag_ in {"NNS", "NNPS"} and not given_name)
        or (any(c.dep_ == "conj" for c in subject.children) and not named_one)
    ) and not _said_as_one(verb, subject)
    if plural:
        return base
    if base in _IRREGULAR_3SG:
        return _IRREGULAR_3SG[base]
    if base.endswith(("s", "sh", "ch", "x", "z", "o")):
        return base + "es"
    if base.endswith("y") and base[-2:-1] not in set("aeiou"):
        return base[:-1] + "ies"
    return base + "s"


def _counted_share_of_many(subject: Token) -> bool:
    """ "More than 50% of mobile owners report": a counted share ("50%", "40 per cent")
    of a plural noun agrees with that noun, not with the share's own singular word."""
    return any(c.dep_ == "nummod" for c in subject.children) and any(
        prep.dep_ == "prep"
        and prep.lower_ == "of"
        and any(o.dep_ == "pobj" and o.tag_ in {"NNS", "NNPS"} for o in prep.children)
        for prep in subject.rights
    )


def _said_as_one(verb: Token, subject: Token) -> bool:
    """ "A Conservative MP and former minister has defected": the source's own singular
    auxiliary says its subject is one, however many nouns "and" joins ("defect" would
    make two people of one)."""
    return subject.head.i == verb.i and any(
        c.dep_ in {"aux", "auxpass"} and c.tag_ == "VBZ" and c.i < verb.i for c in verb.children
    )


def _read_as_command(subject: Token, words: list[tuple[int, str]]) -> bool:
    """ "Respond is using satellite imagery": a subject that opens the headline alone,
    a word known only as a verb, reads as a command once "is" goes ("Respond using
    satellite imagery"); its progressive keeps the auxiliary."""
    kept = [index for index, _ in words]
    return (
        bool(kept)
        and kept[0] == subject.i
        and not any(c.i in kept for c in subject.children)
        and only_a_verb(subject)
    )
