"""What says which of a noun is meant: the phrases and clauses a headline keeps with it.

Cut from its noun, each of these changes what the headline says, not only how much:
a negated or "only" clause ("players [not involved]"), a participle after a bare
plural ("people [celebrating their 18th birthday]"), the phrase that bounds a
superlative or an ordinal ("highest income [in Europe]", :func:`ranked`), what an
"all" noun is restricted to (:func:`universal`), a counted part of a set
(:func:`partitive`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Token


_ORDINAL_WORDS = frozenset(["first", "last", "only", "next"])
"""Words that pick one out of a set as an ordinal does; "first" and "third" are also
``like_num`` to spaCy, "last" is not."""


_QUANTIFIERS = frozenset(
    ["some", "all", "many", "most", "much", "few", "several", "none", "each", "any", "both",
     "half", "one", "either", "neither", "more", "less"]
)  # fmt: skip


def negated_restriction(clause: Token) -> bool:
    """A negated or "only" participle or relative clause right after its noun, no comma
    between: "players [not involved in the Six Nations]", "an island [that exists only in
    a game]". It says which ones are meant by what they are not, or where alone they are;
    cut, the noun means the others too ("spends $26,500 on island": a real one)."""
    return (
        clause.dep_ in {"acl", "relcl"}
        and clause.left_edge.i == clause.head.i + 1
        and bool(limiting_words(clause))
    )


def limiting_words(clause: Token) -> list[Token]:
    """The clause's "not", or its "only" (on the verb or on a phrase of it: "exists [only]
    in a game")."""
    return [
        t
        for t in clause.subtree
        if (t.dep_ == "neg" and t.head == clause)
        or (t.dep_ == "advmod" and t.lower_ == "only" and clause in {t.head, t.head.head})
    ]


def restricting_participle(clause: Token) -> bool:
    """A participle with an object or phrase right after a bare plural, which it restricts:
    "introduced for people [celebrating their 18th birthday]". The plural has nothing
    else to say which ones; cut, the headline speaks of them all. Not the subject's: "Shoppers
    [using the app] will be able to order" reads true without it, and the room it takes is
    the predicate's."""
    noun = clause.head
    return (
        clause.dep_ == "acl"
        and noun.dep_ not in {"nsubj", "nsubjpass"}
        and clause.tag_ in {"VBG", "VBN"}
        and clause.i == noun.i + 1
        and noun.tag_ == "NNS"
        and not any(noun.lefts)
        and any(c.dep_ in {"dobj", "prep", "agent"} for c in clause.children)
    )


def restricting_relative(clause: Token) -> bool:
    """A relative clause led by its subject "who" or "that" right after a bare plural with
    nothing before it: "sue people [who share films]". The plural has nothing else to say
    which ones; cut, the headline speaks of them all ("sue people"). A verb's object only:
    "sale of painkillers [that have been linked to ...]" is cut with its "of" phrase, which
    leaves "recommend sale"."""
    noun = clause.head
    first = clause.left_edge
    return (
        clause.dep_ == "relcl"
        and noun.dep_ == "dobj"
        and noun.tag_ == "NNS"
        and not any(noun.lefts)
        and first.i == noun.i + 1
        and first.tag_ in {"WP", "WDT"}
        and first.dep_ in {"nsubj", "nsubjpass"}
    )


def participle_cut_short(clause: Token, kept: set[int]) -> bool:
    """A kept participle without its object, agent or dative ("steroids given [to her by
    Victor Conte]", "offences missed [by the referee]"), or, an active one with none of
    them, without its first phrase ("charges stemming [from an allegation]"); a passive
    one reads whole alone ("mortgages approved [in the UK]")."""
    needed = [c for c in clause.children if c.dep_ in {"dobj", "agent", "dative"}]
    if not needed and clause.tag_ == "VBG":
        needed = [c for c in clause.rights if c.dep_ == "prep"][:1]
    return any(c.i not in kept for c in needed)


def indefinite_subject(noun: Token) -> bool:
    """A subject or object of one common noun with "a" alone, whose phrase right after it,
    its last, is all that says what it is: "a place in the knock-out stages could help",
    "a rise in rates could hurt", "made an appeal for unity"; cut, "place could help" and
    "makes appeal" name nothing."""
    return (
        noun.dep_ in {"nsubj", "nsubjpass", "dobj"}
        and noun.tag_ == "NN"
        and [(c.dep_, c.lower_ in {"a", "an"}) for c in noun.lefts] == [("det", True)]
        and not any(c.dep_ in {"acl", "relcl"} for c in noun.rights)  # "a bid [to ...]"
        and any(
            c.dep_ == "prep"
            and c.i == noun.i + 1
            and c.right_edge.i == noun.right_edge.i  # "a strike on Buenos Aires [underground]"
            and not any(t.text == "," for t in c.subtree)  # a clause set off in it: too long
            and noun_object(c)
            for c in noun.rights
        )
    )


def noun_object(prep: Token) -> bool:
    return any(c.dep_ == "pobj" for c in prep.children)


def gerund_with_subject(clause: Token) -> bool:
    """A gerund hung on a noun with a subject of its own between them: "prevent rapper
    [Nelly performing]", the parser's reading of an object and its gerund. Cut, the
    verb acts on the noun itself ("prevent rapper")."""
    return (
        clause.tag_ == "VBG"
        and clause.left_edge.i == clause.head.i + 1
        and not any(g.dep_ in {"aux", "auxpass", "mark"} for g in clause.children)
        and any(g.dep_ == "nsubj" and g.i < clause.i for g in clause.children)
    )


_PERCENT = frozenset(["%", "percent", "cent"])


def measured_change(noun: Token, prep: Token) -> bool:
    """An "in" phrase right after a noun measured in per cent ("an 18% jump [in
    profits]", "a 5% stake [in the firm]"): cut, the share or change is of nothing."""
    return (
        prep.lower_ == "in"
        and prep.i == noun.i + 1
        and any(
            t.lower_ in _PERCENT
            for c in noun.children
            if c.i < noun.i and c.dep_ in {"compound", "nummod", "nmod", "amod"}
            for t in c.subtree
        )
    )


UNIVERSAL = frozenset(["all", "every", "each"])
"""Determiners that speak of every member of what their noun names ("any", mostly said
after a negation, does not: "do not have to abide by any decisions")."""


def universal(noun: Token) -> bool:
    """A noun under "all", "every" or "each": "all cash transactions"."""
    return any(c.dep_ in {"det", "predet"} and c.lower_ in UNIVERSAL for c in noun.children)


def restricts_universal(prep: Token) -> bool:
    """A phrase right after an "all", "every" or "each" noun, saying which of them: "to
    ban all cash transactions [in US dollars]" cut would ban more than the source does.
    A number says which already ("all four Britons")."""
    noun = prep.head
    return (
        prep.i == noun.i + 1
        and any(g.dep_ == "pobj" for g in prep.children)
        and not any(c.dep_ == "nummod" for c in noun.children)
        and universal(noun)
    )


def bounds_ranked_complement(prep: Token) -> bool:
    """The phrase right after a superlative or ordinal complement, saying among what:
    "named the most powerful people [in TV comedy]"; cut, the claim is of all people."""
    noun = prep.head
    return (
        prep.i == noun.i + 1
        and prep.lower_ in {"in", "at", "among", "on", "of"}
        and noun.dep_ in {"attr", "oprd"}
        and any(g.dep_ == "pobj" for g in prep.children)
        and ranked(noun)
    ) or (
        # "the second search [for literary talent] has begun": second of those searches
        prep.i == noun.i + 1
        and prep.lower_ == "for"
        and noun.dep_ in {"nsubj", "nsubjpass"}
        and noun.tag_ == "NN"
        and any(g.dep_ == "pobj" for g in prep.children)
        and ranked(noun)
    )


def demonstrative_of_possessor(det: Token) -> bool:
    """A demonstrative on a possessor ("this year's festival") says which year; without it
    "year's festival" is no English (an article there drops: "the firm's profits")."""
    return det.lower_ in {"this", "that", "these", "those"} and det.head.dep_ == "poss"


def adjective_phrase_after(adjective: Token) -> bool:
    """An adjective right after its noun with a phrase of its own, no comma between:
    "people vulnerable to problem debts" says which people; cut, "people" are all. Its
    degree adverbs may come between: "matters [much] closer to home"."""
    between = range(adjective.head.i + 1, adjective.i)
    return (
        adjective.tag_ in {"JJ", "JJR"}
        and adjective.i > adjective.head.i
        and all(
            adjective.doc[i].dep_ == "advmod" and adjective.doc[i].head == adjective
            for i in between
        )
        and adjective.head.tag_ in {"NN", "NNS"}
        and any(g.dep_ == "prep" and noun_object(g) for g in adjective.rights)
    )


def subject_of_next_clause(noun: Token) -> bool:
    """A noun right before the finite verb of a clause joined to the sentence's: "crafted
    for criminal ends and firms are tightening", the parser joining that clause's subject
    to the object."""
    doc = noun.doc
    if noun.i + 1 >= len(doc) or doc[noun.i + 1].tag_ not in {"VBP", "VBZ", "VBD", "MD"}:
        return False
    following = doc[noun.i + 1]
    verb = following.head if following.dep_ in {"aux", "auxpass"} else following
    return verb.dep_ == "conj"


def right_after_of_object(noun: Token, clause: Token) -> bool:
    """``clause`` follows ``noun``, the object of an "of": what is counted or meant
    ("the number of mortgages [approved]", "no chance of history [repeating itself]")."""
    return clause.i == noun.i + 1 and noun.dep_ == "pobj" and noun.head.lower_ == "of"


def after_of_object(head: Token, prep: Token) -> bool:
    """``prep`` starts right after the object of ``head``'s "of" phrase, a bare plural
    ("number of people", not "choice of a candidate [for the seat]"), with no comma."""
    return prep.lower_ != "of" and any(
        c.dep_ == "prep"
        and c.lower_ == "of"
        and c.right_edge.i + 1 == prep.i
        and any(g.dep_ == "pobj" and _bare_plural(g) for g in c.children)
        for c in head.children
    )


def _bare_plural(noun: Token) -> bool:
    return noun.tag_ == "NNS" and not any(c.dep_ in {"det", "poss"} for c in noun.children)


def partitive(noun: Token) -> bool:
    """Whether ``noun`` is counted out by a number or a quantifier: "14,000 of [its]
    voters", "some of [his] players"."""
    of = noun.head
    return (
        noun.dep_ == "pobj"
        and of.lower_ == "of"
        and (of.head.like_num or of.head.lower_ in _QUANTIFIERS)
    )


_SUPERLATIVE_SCOPES = frozenset(["in", "among", "at", "on"])


def bounds_superlative(noun: Token, prep: Token) -> bool:
    """ "the highest average income [in Europe]": the phrase right after a noun singled out
    by a superlative says among what; cut, the claim is the world's or of all time."""
    return (
        prep.lower_ in _SUPERLATIVE_SCOPES
        and any(c.dep_ == "amod" and c.tag_ == "JJS" for c in noun.children)
        and ranked(noun)
        and any(c.dep_ == "pobj" for c in prep.children)
    )


def picked_out(noun: Token) -> bool:
    """Whether an infinitive relative clause is what ``noun`` means: after "be" or a verb
    ("is the reason [to buy]", "makes an approach [to buy]"), or after an ordinal or a
    superlative ("the first [to fall]", "the best [to have played]"). On another subject
    it only describes ("a system [to make it easier to ...] could open")."""
    return noun.dep_ in {"attr", "oprd", "dobj"} or any(
        c.dep_ == "amod" and (c.tag_ == "JJS" or c.like_num or c.lower_ in _ORDINAL_WORDS)
        for c in noun.children
    )


_RANKING = frozenset(["first", "only"])
"""Words that single one out of all ("the first to", "the only one to") as a superlative
does; "last" and "next" mostly say when ("the last film to be made")."""


def ranked(noun: Token) -> bool:
    """A noun singled out by a superlative or an ordinal: "the first solo artist", "the
    third man", "the only player", "the youngest", "the most successful"."""
    return any(
        c.dep_ == "amod"
        and (
            (c.tag_ == "JJS" and c.lower_ not in {"latest", "last"})  # "latest tool": newest
            or c.lower_ in _RANKING
            or (c.like_num and c.lower_.endswith(("st", "nd", "rd", "th")))
            or any(g.dep_ == "advmod" and g.lower_ in {"most", "least"} for g in c.children)
        )
        for c in noun.children
    )


def bounding(phrase: Token) -> bool:
    """A phrase with a noun object, which may bound a claim ("in the top five", "since
    colour"); "by beating Srichaphan" says how, not among what."""
    return phrase.dep_ in {"prep", "agent"} and any(c.dep_ == "pobj" for c in phrase.children)
