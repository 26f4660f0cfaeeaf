"""What a clause keeps: the words a headline takes from each part of the parse.

From a head word, each builder adds to ``kept`` the token indices its part needs,
never one in ``excluded`` (what lies in brackets): :func:`add_noun_phrase` a noun's core
(compounds, numbers, possessor, "of" phrases, a short conjunct), :func:`add_verb_group`
a verb with its auxiliaries, negation, particle and required complements,
:func:`add_prep` a preposition with its object, :func:`add_conjunct` a second noun with
its "and". They call one another as the phrases nest; which prepositional phrases may
join is :mod:`workers.engines.phrase_choice`'s to say, what says which of a noun is
meant :mod:`workers.engines.noun_restrictions`'s, and which words belong to a name
:mod:`workers.engines.name_parts`'s. The predicates beside them say what form a verb
takes (:func:`finite`, :func:`infinitive`, :func:`cut_before_verb`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from workers.engines.name_parts import (
    article_in_name,
    capitalized_in_name,
    descriptor_of,
    inside_noun_chain,
    name_closed_by_possessive,
    name_ends_as_adverb,
    name_particle,
    named,
    noun_after_brackets,
    singular_plural_name,
    title_article,
    title_joined_by_and,
)
from workers.engines.noun_restrictions import (
    adjective_phrase_after,
    after_of_object,
    bounding,
    bounds_ranked_complement,
    bounds_superlative,
    demonstrative_of_possessor,
    gerund_with_subject,
    indefinite_subject,
    limiting_words,
    measured_change,
    negated_restriction,
    noun_object,
    partitive,
    picked_out,
    ranked,
    restricting_participle,
    restricting_relative,
    restricts_universal,
    right_after_of_object,
    subject_of_next_clause,
)
from workers.engines.parsing import lemma
from workers.engines.phrase_choice import plain_gerund, prep_allowed
from workers.engines.word_layout import comma_before

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


_ARTICLES = frozenset(
    [
        "the", "a", "an"
    ]
)  # fmt: skip
_POSSESSIVE_PRONOUNS = frozenset(
    [
        "its", "his", "her", "their", "our", "my", "your"
    ]
)  # fmt: skip
_KEEP_ADVERBS = frozenset(
    [
        "not", "never", "up", "down", "back", "out", "off", "away", "home", "higher", "lower",
        "again", "abroad", "overseas", "together", "apart", "n't", "often", "sometimes",
        "usually", "rarely", "seldom", "hardly", "barely", "scarcely", "always", "frequently",
        "occasionally"
    ]
)  # fmt: skip
"""Kept with their verb: a direction or place the verb needs ("back", "abroad"), and how
often it holds ("are [often] disadvantaged"), without which one case is all cases."""
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
_GOAL_PREPS = frozenset(["into", "onto"])
"""Prepositions that, right after a verb's object, say where the verb takes it:
"inducted U2 [into the Hall of Fame]", "lull the public [into a false sense of
security]"; without them the verb is left half said."""
_FOCUS_ADVERBS = frozenset(["alone", "only", "solely", "merely", "even"])
"""Adverbs that bound a noun to itself ("hardware [alone] is not going to help"): cut,
the noun is said to do or be what the source denies of it alone, or the opposite."""
FINITE_TAGS = frozenset(
    [
        "VBZ", "VBP", "VBD", "MD"
    ]
)  # fmt: skip


def finite(verb: Token) -> bool:
    """A verb that can carry a clause: finite itself, or with an auxiliary."""
    return verb.tag_ in FINITE_TAGS or any(c.dep_ in {"aux", "auxpass"} for c in verb.children)


def add_noun_phrase(head: Token, kept: set[int], excluded: set[int]) -> None:
    """The noun's core: compounds, numbers, possessor, negation, "of" phrases."""
    if head.i in excluded:
        return
    kept.add(head.i)
    for clause in verb_held_infinitives(head):
        # "the third search firm this week [to thank a revival in advertising]": what it
        # is the third to do, hung on the verb.
        add_verb_group(clause, kept, excluded)
        for phrase in clause.subtree:
            if bounding(phrase):
                add_prep(phrase, kept, excluded)
    descriptor = descriptor_of(head)
    for child in head.children:
        dep = child.dep_
        if child.i in excluded or child.i in descriptor:
            continue
        if name_particle(child):
            kept.update(t.i for t in child.subtree)  # "David [dal] Maso", one name
        elif dep in {"compound", "nummod", "quantmod", "nmod", "case", "neg", "hyph"}:
            add_noun_phrase(child, kept, excluded)
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
            add_prep(child, kept, excluded)
        elif dep == "prep" and after_of_object(head, child):
            # "the number of people [out of work] has risen": hung on "number", the
            # phrase right after "people" says which people are counted.
            add_prep(child, kept, excluded)
        elif dep == "npadvmod" and head.like_num and short(child, 4):
            kept.update(t.i for t in child.subtree)  # "$2,000 a year": the rate as said
        elif dep == "mark" and child.lower_ == "as" and child.i < head.i:
            kept.add(child.i)  # "quit as Scotland coach", "as" hung on the noun
        elif dep == "advmod" and child.lower_ in {"most", "least"} and child.i < head.i:
            kept.add(child.i)  # "the most powerful people", not "powerful people"
        elif dep == "advmod" and child.tag_ in {"JJS", "RBS"} and child.i < head.i:
            # "the third fastest indoor 400m", "fastest" read as the adjective's adverb:
            # without its rank the feat is anyone's.
            kept.update(t.i for t in child.subtree if t.i not in excluded)
        elif dep == "advmod" and head.like_num:
            kept.add(child.i)  # "around 12,800", "more than 2,000": the number as said
        elif dep == "advmod" and child.lower_ == "too" and child.i < head.i:
            add_too_phrase(head, child, kept, excluded)  # "proved [too] strong [for X]"
        elif dep == "advmod" and child.lower_ in _FOCUS_ADVERBS:
            kept.add(child.i)  # "hardware alone is not going to help", not "hardware is not"
        elif dep == "acl" and gerund_with_subject(child):
            # "prevent rapper Nelly performing": the object is the gerund's clause.
            add_verb_group(child, kept, excluded)
            for subject in (g for g in child.lefts if g.dep_ == "nsubj"):
                add_noun_phrase(subject, kept, excluded)
        elif dep == "advmod" and capitalized_in_name(child):
            kept.add(child.i)  # "Norton's [Strictly] Dance Fever": a word of the name
        elif dep == "advmod" and inside_noun_chain(child):
            kept.add(child.i)  # "England forward Michael Owen", never "England Michael Owen"
        elif dep == "prep" and measured_change(head, child):
            add_prep(child, kept, excluded)  # "an 18% jump [in profits]": a jump in what
        elif dep == "prep" and child.i == head.i + 1 and _activity(head):
            add_prep(child, kept, excluded)  # "hunting [with dogs] is illegal": which hunting
        elif dep == "advmod" and name_ends_as_adverb(child):
            kept.add(child.i)  # "The Sea Inside", never "The Sea"
        elif dep == "prep" and child.lower_ == "than" and head.tag_ in {"JJR", "RBR"}:
            add_prep(child, kept, excluded)  # "earned more [than any other star]"
        elif dep == "poss" and child.lower_ not in _POSSESSIVE_PRONOUNS:
            add_noun_phrase(child, kept, excluded)
        elif dep == "prep" and bounds_ranked_complement(child):
            add_prep(child, kept, excluded)  # "named the most powerful people [in TV comedy]"
        elif dep == "prep" and restricts_universal(child):
            add_prep(child, kept, excluded)  # "all transactions in US dollars": not all
        elif dep == "det" and (article_in_name(child) or title_article(child)):
            kept.add(child.i)  # "Top of the Pops", "Pirates of the Caribbean"
        elif dep == "amod" and adjective_phrase_after(child):
            kept.update(range(head.i + 1, child.i + 1))  # "people [vulnerable to debts]"
            add_prep(
                next(g for g in child.rights if g.dep_ == "prep" and noun_object(g)),
                kept,
                excluded,
            )
        elif dep == "det" and title_joined_by_and(child):
            kept.add(child.i)  # "Harry Potter and the Half-Blood Prince has topped"
        elif dep == "det" and singular_plural_name(child):
            kept.add(child.i)  # "The Producers has beaten": "Producers beats" reads wrong
        elif dep in {"poss", "det"} and partitive(head):
            kept.add(child.i)  # "14,000 of its voters": "14,000 of voters" is no English
        elif dep == "det" and demonstrative_of_possessor(child):
            kept.add(child.i)  # "this year's festival", never "year's festival"
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
        elif dep == "appos" and (not comma_before(child) or noun_after_brackets(child)):
            # "US media giant TimeWarner": a name the parser hangs as an appositive. A
            # number hung so past a phrase ("three singles in the US top five") is the
            # phrase's end: it comes with the phrase, or "singles five" is left.
            add_noun_phrase(child, kept, excluded)
            if not named(child):
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
            add_prep(child, kept, excluded)
        elif dep == "prep" and child.i == head.i + 1 and indefinite_subject(head):
            add_prep(child, kept, excluded)  # "a place [in the last 16] could help": what place
        elif dep == "prep" and child.i == head.i + 1 and name_closed_by_possessive(child):
            # "The Commission for Africa's report": the "'s" closes the whole name, whose
            # report it is; "Commission" alone would name the wrong thing.
            add_prep(child, kept, excluded)
        elif (
            dep == "conj"
            and head.dep_ != "conj"
            and short(child, 3)
            and not subject_of_next_clause(child)
        ):
            add_conjunct(head, child, kept, excluded)  # "Argentina and Venezuela"
        elif (
            dep == "acl"
            and child.tag_ == "VBN"
            and right_after_of_object(head, child)
            and all(c.dep_ in {"prep", "agent", "advmod", "punct"} for c in child.children)
        ):
            # "the number of mortgages approved": the participle says which are counted.
            kept.add(child.i)
            phrases = [g for g in child.rights if g.dep_ == "prep" and g.i == child.i + 1]
            if phrases and noun_object(phrases[0]):
                # "billions of pounds spent [on the war] should have gone": spent alone
                # says it of all spending
                add_prep(phrases[0], kept, excluded)
        elif (
            dep == "acl"
            and child.tag_ == "VBG"
            and right_after_of_object(head, child)
            and head.tag_ in {"NN", "NNS"}
        ):
            # "no chance of history repeating itself": the gerund is what there is no
            # chance of, its noun only its subject.
            add_verb_group(child, kept, excluded)
        elif (
            dep == "acl"
            and child.tag_ == "VBN"
            and child.i == head.i + 1
            and head.tag_ == "NNP"
            and any(c.dep_ == "det" and c.lower_ in {"a", "an"} for c in head.children)
        ):
            kept.add(child.i)  # "an FA Cup upset": a noun the tagger read as a participle
        elif content_clause(child):
            # "rubbished suggestions [that they are a team in decline]": whole, or it goes
            kept.update(
                t.i for t in child.subtree if t.i not in excluded and t.lower_ not in _ARTICLES
            )
        elif restricting_participle(child):
            # "for people [celebrating their 18th birthday]", "questionnaires [completed by
            # potential jurors]": the participle with its phrases
            add_verb_group(child, kept, excluded)
            for phrase in child.children:
                if phrase.dep_ in {"agent", "dative"} and phrase.i not in excluded:
                    add_prep(phrase, kept, excluded)
        elif negated_restriction(child):
            # "any players [not involved in the Six Nations]": cut, the "not" goes with it
            add_verb_group(child, kept, excluded)
            kept.update(t.i for t in limiting_words(child) if t.head.i in kept)
            kept.update(c.i for c in child.lefts if c.tag_ in {"WDT", "WP"})  # "that exists"
        elif restricting_relative(child):
            # "sue people [who share films]": the clause with its "who"
            add_verb_group(child, kept, excluded)
            kept.add(child.left_edge.i)
        elif infinitive(child) and (
            dep in {"acl", "xcomp"} or (dep == "relcl" and picked_out(head))
        ):
            # "plans to sell its film unit", "is the reason to buy", "the first big name
            # to fall": without its infinitive the noun says nothing, or not what the
            # sentence says ("the last film [to be made by ...] premiered"). A noun's
            # "xcomp" is the parser's name for the same clause ("Plans [to abolish 162
            # quangos] have been unveiled").
            add_verb_group(child, kept, excluded)
            agents = [g for g in child.children if g.dep_ == "agent" and g.i not in excluded]
            if agents:
                add_prep(agents[0], kept, excluded)  # "to be made [by Theo van Gogh]"
            if ranked(head):
                # "the first artist to have three singles [in the top five] [in a week]":
                # the whole clause bounds the claim.
                for phrase in child.subtree:
                    if bounding(phrase):
                        add_prep(phrase, kept, excluded)
        elif dep == "prep" and child.i == head.i + 1 and bounds_superlative(head, child):
            add_prep(child, kept, excluded)  # "the highest income [in Europe]": not the world's
        elif dep == "amod" and child.i < head.i:
            # "Irish shares", "European Union": a proper adjective names what it modifies.
            add_noun_phrase(child, kept, excluded)
        elif dep == "amod" and child.i == head.i + 1 and not child.n_rights:
            # "a charity single" read as "charity" described by "single": the noun it is.
            kept.add(child.i)


def content_clause(clause: Token) -> bool:
    """A clause right after a common noun that spells it out: "suggestions [that the
    champions are in decline]", "claims [that the advice was drawn up at No 10]",
    "suggestions [there will be a giveaway]". Opened by a conjunction "that" (a relative
    "that" is the clause's subject or object) or finite with a subject of its own (a
    relative clause is ``relcl``); cut, "rubbishes suggestions" says nothing of what was
    suggested. Only of a verb's object (after a preposition the phrase is often an aside
    the headline can lose whole: "soared 12% [on news that ...]"), and not with a
    possessor: "the Law Lords' ruling [that ...]" says which ruling."""
    noun = clause.head
    if not (
        clause.dep_ in {"acl", "ccomp"}
        and noun.dep_ == "dobj"
        and noun.tag_ in {"NN", "NNS"}
        and not any(c.dep_ == "poss" for c in noun.children)
    ):
        return False
    opened_by_that = clause.tag_.startswith(("VB", "MD")) and any(
        c.dep_ == "mark" and c.lower_ == "that" and c.i == noun.i + 1 for c in clause.children
    )
    with_own_subject = (
        clause.dep_ == "acl"
        and finite(clause)
        and any(
            c.dep_ in {"nsubj", "nsubjpass", "expl"} and c.i < clause.i for c in clause.children
        )
    )
    return opened_by_that or with_own_subject


def add_too_phrase(adjective: Token, too: Token, kept: set[int], excluded: set[int]) -> None:
    """ "proved too strong for the Barbarians (to ...)": the "too" with its adjective, and
    whom it is too much for, the subject the parser gives a "for ... to" clause hung on the
    adjective. Without "too", "proved strong" says nothing of beating anyone."""
    kept.add(too.i)
    for clause in adjective.rights:
        marks = [m for m in clause.children if m.dep_ == "mark" and m.lower_ == "for"]
        subjects = [s for s in clause.children if s.dep_ == "nsubj" and s.i not in excluded]
        if clause.dep_ == "advcl" and marks and subjects and marks[0].i not in excluded:
            kept.add(marks[0].i)
            add_noun_phrase(subjects[0], kept, excluded)
    for prep in adjective.rights:
        if prep.dep_ == "prep" and prep.lower_ == "for" and prep.i not in excluded:
            add_prep(prep, kept, excluded)  # "too big for the stadium"


def joining_words(doc: Doc, kept: set[int]) -> set[int]:
    """An "and" the parser left with no conjunct ("model [and] actress Negar Khan", its
    second noun read as a clause of its own), both words beside it kept: it joins them
    as written, or "model actress" is left, no English."""
    return {
        t.i
        for t in doc
        if t.dep_ == "cc"
        and t.i - 1 in kept
        and t.i + 1 in kept
        and not any(c.dep_ == "conj" for c in t.head.children)
    }


def add_conjunct(head: Token, conj: Token, kept: set[int], excluded: set[int]) -> None:
    """A second noun joined to ``head`` with the word that joins them: "and", or "as well
    as" (the parser hangs "as well" on the last "as"). A verb the parser joined to a noun
    ("encourage debate and build trust") comes with what it needs."""
    if conj.tag_.startswith("VB"):
        add_verb_group(conj, kept, excluded)
    else:
        add_noun_phrase(conj, kept, excluded)
    for cc in (c for c in head.children if c.dep_ == "cc" and c.i < conj.i):
        kept.add(cc.i)
        kept.update(a.i for a in cc.children if a.dep_ == "advmod")


def _activity(noun: Token) -> bool:
    """A gerund read as a noun ("fox hunting", "smoking"): the phrase right after it
    says which activity is meant, and cut, the claim is about every kind."""
    return (
        noun.tag_ in {"NN", "VBG"}
        and noun.is_lower
        and noun.lower_.endswith("ing")
        and not noun.lower_.endswith("thing")  # "everything", "nothing": pronouns
    )


def verb_held_infinitives(noun: Token) -> list[Token]:
    """An infinitive after a ranked noun after "be" or "become" that the parser hangs on
    the verb: "has become the third search firm this week [to thank a revival]". It says
    at what the noun ranks, as its own clause would ("the first [to fall]")."""
    if noun.dep_ not in {"attr", "oprd"} or not ranked(noun):
        return []
    return [c for c in noun.head.children if c.dep_ == "advcl" and c.i > noun.i and infinitive(c)]


def infinitive(verb: Token) -> bool:
    """ "to sell", or a passive "to be made" (a participle after its "to be")."""
    return verb.tag_ in {"VB", "VBN"} and any(
        c.dep_ == "aux" and c.lower_ == "to" for c in verb.children
    )


def add_prep(prep: Token, kept: set[int], excluded: set[int]) -> None:
    if _object_excluded(prep, excluded):
        return  # "of [- codenamed Xenon -]": a preposition without its object dangles
    kept.add(prep.i)
    for child in prep.children:
        if child.i in excluded:
            continue
        if child.dep_ == "pobj":
            add_noun_phrase(child, kept, excluded)
        elif (
            child.dep_ == "prep"
            and child.i == prep.i + 1
            and not any(c.dep_ in {"pobj", "pcomp"} for c in prep.children)
        ):
            add_prep(child, kept, excluded)  # "out [of work]": a preposition's own phrase
            if prep.lower_ == "between":
                for conj in (c for c in child.children if c.dep_ == "conj"):
                    add_conjunct(child, conj, kept, excluded)  # "between fear and hope"
        elif child.dep_ == "pcomp" and child.tag_ in {"IN", "TO"} and not child.n_rights:
            kept.add(child.i)  # "due to", "because of": the second word is the first's
        elif (
            child.dep_ == "pcomp"
            and (plain_gerund(child) or (child.tag_ == "VBG" and prep.lower_ == "of"))
            # A preposition takes one object: a second after it is a participle clause
            # the parser hung there ("a change to how people lived, [giving them] ...").
            and not any(c.dep_ in {"pobj", "pcomp"} and c.i < child.i for c in prep.children)
        ):
            add_verb_group(child, kept, excluded)  # "no thoughts of quitting"
            for subject in (g for g in child.lefts if g.dep_ == "nsubj"):
                add_noun_phrase(subject, kept, excluded)  # "chance of prices rising"
        elif child.dep_ == "amod" and prep.lower_ == "as":
            kept.add(child.i)  # "branded the appeal as absurd"


def _object_excluded(prep: Token, excluded: set[int]) -> bool:
    objects = [c.i for c in prep.children if c.dep_ in {"pobj", "pcomp"}]
    return bool(objects) and all(i in excluded for i in objects)


def add_verb_group(verb: Token, kept: set[int], excluded: set[int]) -> list[Token]:
    """The verb with its auxiliaries, negation, particle and required complements."""
    kept.add(verb.i)
    group = [verb]
    for child in verb.children:
        if child.i in excluded:
            continue
        dep = child.dep_
        if dep in {"aux", "auxpass", "neg", "prt"} and not _particle_with_object(child):
            kept.add(child.i)
            group.append(child)
        elif dep == "dative" and child.tag_ in {"IN", "TO"}:
            add_prep(child, kept, excluded)  # "sold it to a US entrepreneur": "to" and whom
        elif dep in {"dobj", "dative", "attr", "oprd"} and not _second_object(child):
            add_noun_phrase(child, kept, excluded)
        elif dep in {"ccomp", "advcl"} and embedded_question(child):
            _add_clause(child, kept, excluded)  # "find out [if they will be banned]"
        elif dep == "acomp":
            kept.add(child.i)
            for grand in child.children:
                if grand.dep_ == "xcomp":
                    add_verb_group(grand, kept, excluded)
                elif grand.dep_ == "ccomp" and grand.i not in excluded:
                    _add_clause(grand, kept, excluded)  # "confident [she will not be punished]"
                elif grand.dep_ == "advmod" and grand.lower_ == "too" and grand.i < child.i:
                    add_too_phrase(child, grand, kept, excluded)  # "is [too] weak [for X]"
                elif grand.dep_ == "advmod" and grand.i < child.i:
                    kept.update(t.i for t in grand.subtree)  # "more environmentally aware"
            phrases = [g for g in child.rights if g.dep_ == "prep" and g.i not in excluded]
            if phrases and prep_allowed(phrases[0]):
                add_prep(phrases[0], kept, excluded)  # "close to a deal", "unsure of"
        elif dep == "xcomp":
            # "pledged to never attack": a verb with its "to", whatever the tagger says.
            if child.tag_.startswith("VB") or any(m.dep_ == "aux" for m in child.children):
                # "decide whether to block": without "whether" it says the decision is made.
                kept.update(
                    m.i
                    for m in child.children
                    if m.i not in excluded and (m.dep_ == "mark" or m.lower_ in {"whether", "if"})
                )
                add_verb_group(child, kept, excluded)
            else:
                add_noun_phrase(child, kept, excluded)
        elif dep == "prep" and child.lower_ == "by" and _modal_perfect(verb):
            add_prep(child, kept, excluded)  # "must have registered [by 1700 GMT]"
        elif dep == "advmod" and child.lower_ == "ahead" and not any(child.children):
            kept.add(child.i)  # "is to go ahead"; not "named in squad ahead [of ...]"
        elif dep == "advmod" and child.lower_ in _KEEP_ADVERBS and not _before_clause(child):
            kept.add(child.i)
            for measure in (
                g
                for g in child.children
                if g.dep_ == "npadvmod" and g.i not in excluded and (g.i < child.i or _numeric(g))
            ):
                # "faces [three weeks] out": the measure says how far; "faces out" is no
                # English (however the parse reads it, the whole phrase goes or stays).
                # "closed up [$2.80] to $51.15": without it, "up to" reads as "as much as".
                add_noun_phrase(measure, kept, excluded)
            phrases = [g for g in child.rights if g.dep_ == "prep" and g.i not in excluded]
            if (
                (lemma(verb) == "be" or _without_object(verb))
                and phrases
                and prep_allowed(phrases[0])
            ):
                # "is up [for six awards]", "arrived back [from his mission]": the
                # adverb's phrase is where the verb goes from or to
                add_prep(phrases[0], kept, excluded)
        elif dep == "advmod" and any(t.dep_ == "neg" or t.lower_ == "no" for t in child.subtree):
            kept.update(t.i for t in child.subtree)  # "is no longer": without "no", the opposite
        elif dep == "npadvmod" and _numeric(child):
            add_noun_phrase(child, kept, excluded)
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
            add_verb_group(child, kept, excluded)
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
        elif dep == "prep" and child.lower_ == "as" and _before_object(child):
            # "will have [as its endgame] the development of": moved before the object,
            # the "as" phrase says what the object is to the verb; without it, nothing.
            add_prep(child, kept, excluded)
        elif dep == "prep" and child.i == verb.i + 1 and child.lower_ in _PARTICLE_PREPS:
            # "ruled out of the Six Nations": a particle the parser took for a preposition.
            kept.add(child.i)
            for grand in child.children:
                if grand.dep_ in {"prep", "pobj"}:
                    add_prep(grand, kept, excluded) if grand.dep_ == "prep" else (
                        add_noun_phrase(grand, kept, excluded)
                    )
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    for child in (*verb.children, *(c for o in objects for c in o.children)):
        if completes_object(child) and child.i not in excluded:
            add_prep(child, kept, excluded)
    first = required_phrase(verb, excluded)
    if first is not None:
        add_prep(first, kept, excluded)
    return sorted(group, key=lambda t: t.i)


def _particle_with_object(particle: Token) -> bool:
    """A "particle" with an object of its own is a preposition the parser misread
    ("performing U-turns [over rules]"): kept as a particle it dangles, "U-turns over"."""
    return particle.dep_ == "prt" and any(c.dep_ == "pobj" for c in particle.children)


def embedded_question(clause: Token) -> bool:
    """ "find out [if they will be banned]", "decide [whether to stay]": a clause opened by
    "whether", or by "if" after a verb with no object, is what the verb finds out or
    decides; cut, "expected to find out" leaves the verb without its object."""
    verb = clause.head
    marks = {c.lower_ for c in clause.children if c.dep_ == "mark" and c.i < clause.i}
    return "whether" in marks or (
        "if" in marks
        and any(c.dep_ == "prt" for c in verb.children)
        and not any(c.dep_ in {"dobj", "attr", "acomp", "oprd"} for c in verb.children)
    )


def _without_object(verb: Token) -> bool:
    """A verb with no object or complement, whose direction adverb's phrase ("arrived back
    [from the Middle East]") is the one phrase it has; "arrives back" says nothing."""
    return not any(
        c.dep_ in {"dobj", "attr", "acomp", "xcomp", "oprd", "ccomp"} for c in verb.children
    )


def _modal_perfect(verb: Token) -> bool:
    """ "must have registered": a modal's perfect, which without its deadline ("by 1700
    GMT") reads as a guess about the past ("they must have registered")."""
    auxiliaries = [c.lower_ for c in verb.children if c.dep_ == "aux" and c.i < verb.i]
    return (
        verb.tag_ == "VBN"
        and "have" in auxiliaries
        and any(c.tag_ == "MD" for c in verb.children if c.dep_ == "aux")
    )


def required_phrase(verb: Token, excluded: set[int]) -> Token | None:
    """The phrase an intransitive verb keeps: "rose to a record", "lent to Russia", the
    first phrase after a verb with no object or complement is usually what the news is."""
    if any(c.dep_ in {"dobj", "attr", "acomp", "xcomp", "oprd", "ccomp"} for c in verb.children):
        return None
    return _first_phrase(verb, excluded)


def _before_clause(adverb: Token) -> bool:
    """An adverb right before a clause its verb heads, which the parser hung on that verb
    instead: "taking place [with the stars once] again [holding their breath]" says
    nothing of taking place again. An adverb says how of the verb it stands before."""
    doc = adverb.doc
    if adverb.i + 1 >= len(doc):
        return False
    following = doc[adverb.i + 1]
    return (
        following.head == adverb.head
        and following.dep_ in {"advcl", "conj"}
        and following.tag_.startswith("VB")
    )


def _before_object(prep: Token) -> bool:
    """A phrase between its verb and the verb's object: "have [as its endgame] the
    development", the object moved after it."""
    return any(c.dep_ == "dobj" and c.i > prep.right_edge.i for c in prep.head.children)


def _second_object(token: Token) -> bool:
    """An object after a comma where the verb has one before it: an appositive the
    parser hung on the verb ("blasted away the competition at a ceremony, the Golden
    Joystick awards")."""
    return (
        token.dep_ == "dobj"
        and comma_before(token)
        and any(c.dep_ == "dobj" and c.i < token.i for c in token.head.children)
    )


def completes_object(prep: Token) -> bool:
    """Whether ``prep`` is the phrase right after a placing verb's object (see
    :data:`PLACING_VERBS`), which the verb needs as much as its object."""
    if prep.dep_ != "prep":
        return False
    head = prep.head
    complement = _as_complement(prep)
    goal = prep.lower_ in _GOAL_PREPS  # "inducted U2 [into the Hall of Fame]"
    if head.dep_ == "dobj":
        # "compared the plan [with a tax]", hung on the object
        placed = prep.i == head.i + 1 and (complement or goal or lemma(head.head) in PLACING_VERBS)
    else:
        objects = [c for c in head.children if c.dep_ == "dobj"]
        placed = (
            bool(objects)
            and objects[0].right_edge.i + 1 == prep.i
            and (
                complement
                or goal
                or lemma(head) in PLACING_VERBS
                or _aimed_object(objects[0], prep)
                or _led_to(objects[0], prep)
                or prep.lower_ == "of"  # "accused Blair [of U-turns]": accused of what
            )
        )
    # "send proposals [to date]", "leave [in May]": a time, not a place
    return placed and (not any(c.dep_ == "pobj" for c in prep.children) or prep_allowed(prep))


def _aimed_object(obj: Token, prep: Token) -> bool:
    """A bare common noun object that is aimed "on" something: "turned the spotlight [on
    the economy]", "have one eye [on a trip]"; cut, it is aimed at nothing."""
    return (
        prep.lower_ == "on"
        and obj.tag_ == "NN"
        and obj.right_edge.i == obj.i
        and all(c.dep_ in {"det", "nummod"} for c in obj.children)
    )


def _led_to(obj: Token, prep: Token) -> bool:
    """A named object taken "to" a state, a common noun: "guided Ireland [to victory]",
    "led Chelsea [to the title]"; cut, the verb says nothing of where it took them."""
    return (
        prep.lower_ == "to"
        and obj.tag_ in {"NNP", "NNPS"}
        and any(c.dep_ == "pobj" and c.tag_ in {"NN", "NNS"} for c in prep.children)
    )


def goal_phrase(prep: Token) -> bool:
    """A phrase that says where a verb takes its object ("inducts U2 [into the Hall of
    Fame]", "turned the spotlight [on the economy]"): kept whole where the headline is
    too long, as the object is."""
    return prep.lower_ in {*_GOAL_PREPS, "on"} and completes_object(prep)


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
            add_noun_phrase(child, kept, excluded)
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
    add_verb_group(verb, kept, excluded)


def _first_phrase(verb: Token, excluded: set[int]) -> Token | None:
    for child in verb.rights:
        if child.dep_ == "prep" and child.i not in excluded and not _particle_before(child):
            return child if prep_allowed(child) else None
    return None


def _particle_before(prep: Token) -> bool:
    """ "held [on] to the top spot": a preposition with nothing of its own right before
    the phrase it goes with (kept with the verb above); the phrase is the first one."""
    doc = prep.doc
    return not any(prep.children) and prep.i + 1 < len(doc) and doc[prep.i + 1].dep_ == "prep"


def cut_before_verb(clause: Token) -> bool:
    """A "that" clause with no verb: the sentence was cut short of it ("demonstrated the
    view that the two most powerful", parsed from a sentence's first 200 characters)."""
    return not clause.tag_.startswith(("VB", "MD")) and any(
        c.dep_ == "mark" for c in clause.children
    )


def short(token: Token, words: int) -> bool:
    return token.right_edge.i - token.left_edge.i < words


def _numeric(token: Token) -> bool:
    return any(t.like_num or t.text == "%" for t in token.subtree)
