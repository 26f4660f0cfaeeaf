"""The subject a headline's clause keeps.

The verb's own subject where the parse gives one a headline can name (no pronoun, no
"his side"), or the name set beside a described one ("The world's biggest tobacco
consumer, China": China); else a subject the parser split into pieces or read as a
clause, made whole again. A subject joined to another by "and" keeps that conjunct
whole (:func:`whole_conjunction`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from workers.engines.clause_parts import add_conjunct, add_noun_phrase, add_verb_group
from workers.engines.parsing import lemma
from workers.engines.word_layout import comma_before, parenthesized, whole

if TYPE_CHECKING:
    from spacy.tokens import Token


_PRONOUN_SUBJECTS = frozenset(
    [
        "he", "she", "it", "they", "we", "i", "you", "this", "that", "these", "those", "there",
        "which", "who", "what", "one", "some", "others", "both", "all", "many", "most"
    ]
)  # fmt: skip
_DROPPED_DETERMINERS = frozenset(["the", "a", "an", "this", "that", "these", "those"])


def subject_of(verb: Token) -> Token | None:
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
    # "His was a speech": a possessive standing for its noun names no one either.
    pronoun = child.lower_ in _PRONOUN_SUBJECTS or child.tag_ in {"PRP", "PRP$", "WP", "WDT", "EX"}
    # "One of Japan's best-known businessmen" names someone; "one" alone does not.
    if pronoun and not (child.lower_ == "one" and any(c.lower_ == "of" for c in child.children)):
        return None
    if any(c.dep_ == "poss" and c.tag_ == "PRP$" for c in child.children):
        return None  # "his side": whose, the headline could not say
    if points_back(child):
        return None  # "the two countries have signed": which two, said before them
    return _appositive_name(child) or child


def points_back(noun: Token) -> bool:
    """ "[Egypt and Israel ...,] the two countries have signed": "the", a number and a
    plural noun, nothing else, point back to those named before as a pronoun does;
    "Two countries sign" names no one."""
    children = [(c.dep_, c.lower_ == "the") for c in noun.children if c.dep_ != "punct"]
    return noun.tag_ == "NNS" and children == [("det", True), ("nummod", False)]


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
        if c.dep_ == "appos" and c.tag_ in {"NNP", "NNPS"} and comma_before(c.left_edge)
    ]
    return names[0] if len(names) == 1 else None


def joined_subject(verb: Token) -> tuple[Token | None, set[int]]:
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
        if not whole(token):
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


def clausal_subject(verb: Token) -> tuple[Token | None, set[int]]:
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
        add_verb_group(clause, kept, parenthesized(doc))
        return clause, kept
    if clause.tag_ in {"VB", "VBD", "VBP"}:
        # A bare or finite verb cannot open a subject clause unmarked: a noun phrase, up
        # to an aside set off by a comma ("Ask Jeeves[, once among the best-known ...,]").
        commas = [t.i for t in clause.subtree if t.text == ","]
        aside = len(commas) >= 2 and commas[-1] == clause.right_edge.i  # closed before the verb
        comma = commas[0] if aside else clause.right_edge.i + 1
        return clause, {
            t.i
            for t in clause.subtree
            if not (t.dep_ == "det" and t.lower_ in _DROPPED_DETERMINERS) and t.i < comma
        }
    return None, set()


def whole_conjunction(subject: Token, kept: set[int], excluded: set[int]) -> bool:
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
    add_noun_phrase(second, kept, excluded)
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
        add_conjunct(noun, conjuncts[0], kept, excluded)
    return True


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


def pronoun_subject(verb: Token) -> bool:
    return any(
        c.dep_ in {"nsubj", "nsubjpass"}
        and c.lower_ in {"it", "they", "he", "she"}
        and not (c.lower_ == "it" and lemma(verb) == "be")
        for c in verb.children
    )
