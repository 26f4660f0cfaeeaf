"""Checks that catch the parser's mistakes and broken cuts, which a headline must not repeat.

Each reads the parse (and the token indices a headline keeps) and says whether the
headline would misread the source: a participle the parser took for the main verb, a
noun read as a verb, a "be" left without its complement, a clause kept without its
subject, a verb whose complement was cut ("Watchdog says"). One is enough to leave the
headline out; :mod:`workers.engines.wellformed` runs some of them on finished headlines.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from workers.engines.clause_parts import (
    FINITE_TAGS,
    content_clause,
    cut_before_verb,
    embedded_question,
    infinitive,
    verb_held_infinitives,
)
from workers.engines.headline_tense import PLACE_ADVERBS
from workers.engines.noun_restrictions import (
    UNIVERSAL,
    bounding,
    negated_restriction,
    participle_cut_short,
    partitive,
    ranked,
    restricting_participle,
    restricting_relative,
)
from workers.engines.parsing import lemma
from workers.engines.phrase_choice import prep_allowed, temporal

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


SAY_VERBS = frozenset(
    [
        "say", "tell", "add", "announce", "warn", "claim", "believe", "argue", "insist",
        "report", "reveal", "confirm", "state", "suggest", "think", "admit", "predict",
        "estimate", "indicate", "show", "explain", "note", "acknowledge", "stress", "fear",
        "hope", "expect", "feel", "know", "accept", "agree", "conclude", "deny", "find",
        "forecast", "point", "urge"
    ]
)  # fmt: skip
_LINKING = frozenset(["get", "become", "look", "seem", "feel", "remain", "stay", "prove", "appear"])
_CLAUSE_SUBJECTS = frozenset(["nsubj", "nsubjpass", "expl", "csubj"])
_CLAUSE_NEEDS = frozenset(["prt", "dobj", "attr", "acomp", "oprd", "xcomp", "ccomp", "dative"])


def joined_verb_cut(doc: Doc, kept: set[int]) -> bool:
    """A second verb kept without what it needs: "could encourage debate and build
    [trust]" (its object), "cannot prevent attacks and should focus [on ...]" (the
    phrase an intransitive verb is about). Kept through a conjunction, such a verb was
    never given its complements."""
    for index in kept:
        verb = doc[index]
        if verb.dep_ != "conj" or not verb.tag_.startswith("VB"):
            continue
        rights = [c for c in verb.rights if c.dep_ != "punct"]
        if any(c.dep_ in {"dobj", "attr", "acomp", "xcomp"} and c.i not in kept for c in rights):
            return True
        auxiliary = any(c.dep_ == "aux" for c in verb.children)
        # "should focus": a verb group, not a noun read as a verb ("clash"), and a phrase
        # it is about, not "after a year"
        first = rights[0] if rights else None
        if (
            index == max(kept)
            and auxiliary
            and first is not None
            and first.dep_ == "prep"
            and prep_allowed(first)
        ):
            return True
    return False


def comparison_cut(doc: Doc, kept: set[int]) -> bool:
    """A comparative kept without what it compares with: "life expectancy much higher
    [than originally estimated]" says it is high, not that estimates were low."""
    return any(than_cut(doc[i], kept) for i in kept)


def than_cut(token: Token, kept: set[int]) -> bool:
    """``token`` is a comparative whose "than" phrase or clause was cut ("Prince earns
    more [than ...]")."""
    # "can be cheaper [and higher] quality [than those from ...]": the parser hangs the
    # "than" on the predicate noun the comparative describes.
    on_noun = token.dep_ == "amod" and token.head.dep_ == "attr"
    rights = [*token.rights, *(token.head.rights if on_noun else [])]
    return token.tag_ in {"JJR", "RBR"} and any(
        c.i not in kept and (c.lower_ == "than" or any(m.lower_ == "than" for m in c.children))
        for c in rights
    )


def stranded_appositive(doc: Doc, kept: set[int]) -> bool:
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


def defining_clause_cut(doc: Doc, kept: set[int]) -> bool:
    """ "damaging the way [the UK is governed]": a relative clause with no relative word,
    right after "the" and its object, says which one is meant; cut, "damaging way"
    points at nothing. So does one with a relative word after "the" and the noun alone:
    "looked back on as the performance [that kicked off the campaign]" is no "as
    performance"."""
    return any(
        clause.dep_ == "relcl"
        and clause.i not in kept
        and clause.left_edge.i == noun.i + 1
        and (
            clause.left_edge.tag_ not in {"WDT", "WP", "WP$", "WRB", "IN"}
            or all(c.dep_ == "det" and c.lower_ == "the" for c in noun.lefts)
        )
        and noun.dep_ in {"dobj", "pobj", "attr"}
        and any(c.dep_ == "det" and c.lower_ == "the" for c in noun.lefts)
        for noun in (doc[i] for i in kept if doc[i].tag_ in {"NN", "NNS"})
        for clause in noun.rights
    )


def counted_set_cut(doc: Doc, kept: set[int]) -> bool:
    """ "writes to two of the British men [freed from Guantanamo Bay]": a number or
    quantifier counted out of "the" noun, the clause right after the noun that says which
    set cut (whole or in part): "the British men" then points at nothing."""
    for index in kept:
        noun = doc[index]
        if not (partitive(noun) and any(c.dep_ == "det" and c.lower_ == "the" for c in noun.lefts)):
            continue
        if any(
            c.dep_ in {"acl", "relcl"} and c.i == noun.i + 1 and not _subtree(c) <= kept
            for c in noun.rights
        ):
            return True
    return False


def _subtree(token: Token) -> set[int]:
    return {t.i for t in token.subtree}


def bare_subject_cut(doc: Doc, kept: set[int]) -> bool:
    """ "The body [that represents the US movie industry] has released": a subject of
    one common noun, "the" and a relative clause right after it that says which; cut,
    "Body releases" names no one."""
    return any(
        noun.dep_ in {"nsubj", "nsubjpass"}
        and noun.tag_ == "NN"
        and all(c.dep_ == "det" and c.lower_ == "the" for c in noun.lefts)
        and any(c.dep_ == "det" for c in noun.lefts)
        and any(
            c.dep_ == "relcl" and c.i not in kept and c.left_edge.i == noun.i + 1
            for c in noun.rights
        )
        for noun in (doc[i] for i in kept)
    )


def unrestricted_quantifier(doc: Doc, kept: set[int]) -> bool:
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
                c.dep_ in {"det", "predet"} and c.lower_ in UNIVERSAL and c.i in kept
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


def negated_restriction_cut(doc: Doc, kept: set[int]) -> bool:
    """A noun kept while the negated clause right after it that says which is cut:
    "unlikely to select any players [not involved in the Six Nations]" says he will
    select none; the "not" went with the clause."""
    return any(
        clause.i not in kept and negated_restriction(clause)
        for noun in (doc[i] for i in kept)
        for clause in noun.rights
    )


def restricting_relative_cut(doc: Doc, kept: set[int]) -> bool:
    """A bare plural kept while the relative clause right after it that says which is cut:
    "sue people [who facilitate illegal downloading]" says it will sue everyone."""
    return any(
        clause.i not in kept and restricting_relative(clause)
        for noun in (doc[i] for i in kept)
        for clause in noun.rights
    )


def restricting_participle_cut(doc: Doc, kept: set[int]) -> bool:
    """A participle that says which of a bare plural is meant kept without what it needs:
    "steroids given [to her by Victor Conte]", "offences missed [by the referee]". (Cut
    whole where the headline is too long, the plural still reads true: "ask to see
    questionnaires [completed by potential jurors]".)"""
    return any(
        clause.i in kept and restricting_participle(clause) and participle_cut_short(clause, kept)
        for noun in (doc[i] for i in kept)
        for clause in noun.rights
    )


def content_clause_cut(doc: Doc, kept: set[int]) -> bool:
    """A noun kept while the "that" clause which spells it out is cut: "Robinson rubbishes
    suggestions [that the champions are in decline]", "respond to claims [that ...]":
    suggestions of what? The noun is there for its clause, which keeps what its verb
    needs: "claims that it could step [in to save]" is cut short."""
    return any(
        content_clause(clause)
        and (
            clause.i not in kept
            or any(c.dep_ in _CLAUSE_NEEDS and c.i not in kept for c in clause.children)
        )
        for noun in (doc[i] for i in kept)
        for clause in noun.rights
    )


_PERSONAL_OBJECTS = frozenset(["him", "her", "himself", "herself"])


def unnamed_person(doc: Doc, kept: set[int]) -> bool:
    """A "him" or "her" kept with no name before it to say who: "The prize of 10 Downing
    Street may continue to elude him [but ... Gordon Brown can]", the name coming later in
    the sentence. A name inside a prepositional phrase ("of 10 Downing Street") is no
    one the clause speaks of."""
    return any(
        doc[i].tag_ == "PRP"
        and doc[i].lower_ in _PERSONAL_OBJECTS
        and not _possessive_her(doc, i, kept)
        and not any(
            j < i
            and doc[j].tag_ in {"NNP", "NNPS"}
            and not any(a.dep_ in {"prep", "agent"} for a in doc[j].ancestors)
            for j in kept
        )
        for i in kept
    )


def _possessive_her(doc: Doc, index: int, kept: set[int]) -> bool:
    """ "has lost her £7.5m case": a "her" the parser made the object, its noun after it."""
    following = doc[index + 1] if index + 1 < len(doc) else None
    return (
        doc[index].lower_ == "her"
        and following is not None
        and following.i in kept
        and following.tag_ not in {"IN", "TO", "CC", "RB"}
        and not following.tag_.startswith(("VB", "MD"))
    )


def subject_participle_cut(doc: Doc, kept: set[int]) -> bool:
    """ "fans [wearing masks] will not be allowed in": a participle with its object right
    after a common-noun subject, no comma between, says which ones are meant; cut under
    a negation, the headline says it of them all."""
    return any(
        noun.dep_ in {"nsubj", "nsubjpass"}
        and any(c.dep_ == "neg" and c.i in kept for c in noun.head.children)
        and noun.tag_ in {"NN", "NNS"}
        and noun.i + 1 < len(doc)
        and doc[noun.i + 1].head.i == noun.i
        and doc[noun.i + 1].dep_ == "acl"
        and doc[noun.i + 1].tag_ in {"VBG", "VBN"}
        and noun.i + 1 not in kept
        and any(c.dep_ in {"dobj", "prep", "agent"} for c in doc[noun.i + 1].children)
        for noun in (doc[i] for i in kept)
    )


def verb_joined_to_noun(doc: Doc, kept: set[int]) -> bool:
    """ "cruising in a device or strolling along": a gerund the parser joined to the
    noun before it, where it is a second verb; kept, "device or strolling" reads broken."""
    return any(
        doc[i].dep_ == "conj"
        and doc[i].tag_ == "VBG"
        and doc[i].head.tag_ in {"NN", "NNS"}
        and not any(c.dep_ in {"det", "poss", "amod", "compound"} for c in doc[i].children)
        for i in kept
    )


def noun_read_as_verb_cut(doc: Doc, kept: set[int]) -> bool:
    """ "to their third straight Six Nations [defeat with ...]": a present-tense verb with
    no subject and no marker right after a kept noun is the parser's reading of that
    phrase's own head noun as a clause; cut, the modifiers before it dangle ("consigns
    England to third Six Nations")."""
    return any(
        verb.dep_ == "advcl"
        and verb.tag_ in {"VBP", "VBZ"}
        and verb.i - 1 in kept
        and doc[verb.i - 1].tag_ in {"NN", "NNS", "NNP", "NNPS"}
        and not any(c.dep_ in {"nsubj", "nsubjpass", "mark", "aux"} for c in verb.children)
        for verb in doc
        if verb.i not in kept and verb.i > 0
    )


def between_one(doc: Doc, kept: set[int]) -> bool:
    """A "between" kept without an "and" after it to give it its second side (the parser
    may hang that "and" anywhere)."""
    return any(
        doc[i].lower_ == "between" and not any(j > i and doc[j].dep_ == "cc" for j in kept)
        for i in kept
    )


def range_cut(doc: Doc, kept: set[int]) -> bool:
    """One end of a noun's range kept without the other, "from" and "to" hung on the noun:
    "technologies [from e-mail] [to net chatrooms]" cut to "technologies from e-mail" says
    they come from e-mail. A verb's "move from BBC One" is true without its "to"."""
    for noun in doc:
        if not noun.tag_.startswith("NN"):
            continue
        ends = {c.lower_: c.i for c in noun.children if c.dep_ == "prep"}
        if "from" in ends and "to" in ends and ((ends["from"] in kept) != (ends["to"] in kept)):
            return True
    return False


def be_with_clause_only(verb: Token, kept: set[int]) -> bool:
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


def conjunct_disagrees(verb: Token) -> bool:
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
                g.dep_ in {"aux", "auxpass"} and g.tag_ in FINITE_TAGS and g.i < c.i
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


def noun_joined_to_verb(verb: Token) -> bool:
    """A noun right after the object that the parser coordinated with the verb: "reduced
    Chelsea's Premiership lead", "lead" taken for a second verb, the object cut short."""
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    return bool(objects) and any(
        c.dep_ == "conj" and c.tag_.startswith("NN") and c.i == objects[0].right_edge.i + 1
        for c in verb.children
    )


def that_clause_read_as_object(verb: Token) -> bool:
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


def verb_for_adjective(token: Token) -> bool:
    """A finite verb where the parse wants an adjective ("were the big winners in music
    honours", "honours" an acomp): a misparse the headline would repeat."""
    return token.dep_ == "acomp" and token.tag_ in {"VB", "VBZ", "VBP", "VBD"}


def cut_short(doc: Doc, verb: Token, kept: set[int]) -> bool:
    """Whether the headline ends on its verb while the verb's complement was cut."""
    last = doc[max(kept)]
    if last.dep_ == "acomp" and any(c.dep_ in {"prep", "npadvmod", "dobj"} for c in last.rights):
        return True  # "Ronaldo close" (to agreeing a new contract), "drive worth" ($3.5bn)
    if lemma(verb) in SAY_VERBS and any(
        c.dep_ == "ccomp" and c.i not in kept and not cut_before_verb(c) for c in verb.children
    ):
        return True  # "Howard claims [Blair's feud ...] in heated questions": claims what?
    if max(kept) != verb.i:
        return False
    if lemma(verb) in SAY_VERBS or framing_progressive(verb, kept):
        return True  # "Watchdog says": says what?; "Fox speaking" (after Blair told ...)
    if any(c.i == verb.i + 1 and c.dep_ == "prt" and c.i not in kept for c in verb.rights):
        return True  # "Souness closing" (in on signing Babayaro)
    if particle_read_as_preposition(verb, kept):
        return True  # "Fockers holds" (on to the number one spot)
    return any(
        c.dep_ in {"acomp", "dobj", "xcomp", "ccomp", "attr", "oprd", "dative"}
        # "got faster": a linking verb needs what it links to.
        or (c.dep_ == "advmod" and c.tag_ in {"RBR", "JJR", "JJ"} and lemma(verb) in _LINKING)
        # "consortium is working [to provide maps]": working at what?
        or (c.dep_ == "advcl" and infinitive(c))
        for c in verb.rights
    )


def particle_read_as_preposition(verb: Token, kept: set[int]) -> bool:
    """ "held on to the top spot": the parser made "on" a preposition of the verb with
    no object, right before the one that has it; a particle, cut, leaves the verb
    saying something else ("holds")."""
    return any(
        c.i == verb.i + 1
        and c.dep_ == "prep"
        and c.i not in kept
        and not any(g.dep_ in {"pobj", "pcomp"} for g in c.children)
        and c.i + 1 < len(verb.doc)
        and verb.doc[c.i + 1].dep_ == "prep"
        for c in verb.rights
    )


def has_complement(verb: Token, kept: set[int]) -> bool:
    """A verb kept with what it needs: "be" without its complement reads broken."""
    if verb.i not in kept:
        return False
    if lemma(verb) != "be":
        return True
    if any(one_of_cut(c, kept) for c in verb.children if c.dep_ == "attr"):
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


def broken_clause(doc: Doc, kept: set[int]) -> bool:
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
        if not subjects and _object_read_as_subject(clause):
            return True  # "Munster lock Paul O'Connell has dismissed": "lock" is no verb
        if clause.tag_.startswith(("VB", "MD")):
            start, end = sorted((clause.head.i, clause.left_edge.i))
            if not subjects and any(
                doc[i].dep_ in _CLAUSE_SUBJECTS and i not in kept for i in range(start + 1, end)
            ):
                return True
        elif cut_before_verb(clause):
            return True
    return False


def _object_read_as_subject(clause: Token) -> bool:
    """A clause with no subject right after its head verb's object, the head no verb of
    saying: "Ireland and Munster lock Paul O'Connell has dismissed reports", the noun
    "lock" read as a verb and the name as its object. After a verb of saying, the object
    is the clause's subject and reads whole ("warned the Lions will be")."""
    head = clause.head
    return (
        clause.tag_.startswith("VB")
        and any(c.dep_ in {"aux", "auxpass"} for c in clause.children)
        and not any(c.dep_ in _CLAUSE_SUBJECTS for c in clause.children)
        and lemma(head) not in SAY_VERBS
        and any(
            c.dep_ == "dobj" and c.right_edge.i + 1 == clause.left_edge.i for c in head.children
        )
    )


def one_of_cut(attr: Token, kept: set[int]) -> bool:
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


_OBJECT_PRONOUNS = frozenset(["it", "him", "her", "them"])


def ends_on_object_pronoun(doc: Doc, kept: set[int]) -> bool:
    """A headline ending on a pronoun as the object: "Couples doing it", "Davies hails
    it". Last, it points back at nothing the headline has named: who or what is done
    is never said."""
    last = doc[max(kept)]
    return (
        last.tag_ == "PRP"
        and last.lower_ in _OBJECT_PRONOUNS
        and last.dep_ in {"dobj", "dative", "pobj"}
    )


def partner_cut(verb: Token, kept: set[int]) -> bool:
    """A reported clause whose verb's phrase on a personal pronoun is cut ("would swap
    places [with him]", him the speaker): the headline then says another thing (swap
    with each other), and kept, the pronoun needs the sentence around it."""
    return any(
        c.dep_ == "prep"
        and c.i not in kept
        and any(g.dep_ == "pobj" and g.tag_ == "PRP" for g in c.children)
        for c in verb.children
    )


def only_cut(doc: Doc, kept: set[int]) -> bool:
    """A kept verb whose "only" is cut, the main verb's or a reported clause's ("insists
    he [only] has a slim chance", "can [only] be restored [if ...]"): without it the
    headline says more than the source, or the opposite."""
    return any(
        c.dep_ == "advmod" and c.lower_ == "only" and c.i not in kept
        for index in kept
        if doc[index].tag_.startswith(("VB", "MD"))
        for c in doc[index].children
    )


_SCOPES = frozenset(["in", "at", "among", "on", "of"])
_SPANS = frozenset(["in", "since", "for"])
_TIME_SUPERLATIVES = frozenset(["latest", "last"])  # "latest tool": the newest, no record


def superlative_cut(doc: Doc, kept: set[int], dropped: frozenset[int]) -> bool:
    """A superlative kept while the phrase that bounds it, grown onto the headline, is
    dropped again: "hits highest level [in three months]", "biggest music buyers [in
    the world]" claim a record of all time, or the world's; the source claims one among
    fewer."""
    for i in kept - dropped:
        # An ordinal bounds as a superlative: "first title [in five years]".
        word = _ranked_word(doc[i])
        if word is None:
            continue
        noun = word.head
        # A possessor bounds the set ("our worst performance"); a subject's own phrase
        # is the subject's, left to the clause. A span of time bounds it all the same.
        bounded = noun.dep_ == "nsubj" or any(c.dep_ == "poss" for c in noun.children)
        scopes = [
            c for c in noun.children if c.dep_ == "prep" and c.lower_ in _SCOPES and not bounded
        ]
        if any(c.i in dropped for c in scopes + _rank_spans(noun)):
            return True
    return False


def rank_cut(doc: Doc, kept: set[int]) -> bool:
    """ "helps make it [the fourth most digitally-savvy] nation": a kept noun whose
    superlative or ordinal adjective is cut; the rank was what the clause said of it,
    and without it the noun says nothing. Only a predicate noun, what the clause says
    its subject is: a subject's or an object's rank may go, the clause says what is new
    of it ("[sixth and final] Star Wars movie may not be suitable", "block [the city's
    biggest] project")."""
    return any(
        mod.dep_ == "amod"
        and doc[i].dep_ in {"attr", "oprd", "ccomp", "xcomp"}
        and mod.i not in kept
        and any(_ranked_word(t) is not None for t in mod.subtree)
        for i in kept
        if doc[i].tag_.startswith("NN")
        for mod in doc[i].children
    )


def _ranked_word(token: Token) -> Token | None:
    """The adjective a superlative or an ordinal ranks by ("biggest", "most [senior]",
    "first"), or ``None`` where ``token`` is none ("latest" only says when)."""
    if token.tag_ == "RBS" and token.head.tag_.startswith("JJ"):
        return token.head  # "most senior"
    if (token.tag_ != "JJS" and not _ordinal(token)) or token.lower_ in _TIME_SUPERLATIVES:
        return None
    return token


def _rank_spans(noun: Token) -> list[Token]:
    """The spans of time that bound a ranked noun's claim: its own ("its biggest slide
    [in a month]"), or its verb's where it is no subject ("going for their first title
    [since 1948]")."""
    governor = noun.head.head if noun.dep_ == "pobj" else noun.head
    phrases = list(noun.children)
    if noun.dep_ != "nsubj":
        phrases += governor.children
    return [
        c
        for c in phrases
        if c.dep_ == "prep" and c.lower_ in _SPANS and (c.lower_ == "since" or _counted_span(c))
    ]


def rank_bounds(doc: Doc, kept: set[int], excluded: set[int]) -> set[int]:
    """The words of the spans of time that bound a kept superlative or ordinal, which no
    phrase of time joins a headline by itself: "first Grand Slam [since 1948]", "biggest
    slide [in a month]"; cut, the record reads as one of all time."""
    found: set[int] = set()
    for i in kept:
        token = _ranked_word(doc[i])
        if token is None or token.dep_ != "amod":
            continue
        for phrase in _rank_spans(token.head):
            words = {t.i for t in phrase.subtree}
            if not words & excluded:
                found |= words
    return found


_ORDINALS = frozenset(
    ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"]
)


def _ordinal(token: Token) -> bool:
    """ "first", "2nd": an adjective that ranks, and claims a record as "best" does."""
    return token.tag_ == "JJ" and (
        token.lower_ in _ORDINALS or re.fullmatch(r"\d+(?:st|nd|rd|th)", token.lower_) is not None
    )


def _counted_span(prep: Token) -> bool:
    """ "in three months", "since 1999", "in a month": a span of time that is counted."""
    return any(
        o.dep_ == "pobj"
        and (
            o.tag_ == "CD"
            or any(n.dep_ == "nummod" for n in o.children)
            or (
                temporal(o) and any(n.dep_ == "det" and n.lower_ in {"a", "an"} for n in o.children)
            )
        )
        for o in prep.children
    )


def ranked_clause_cut(doc: Doc, kept: set[int]) -> bool:
    """A noun singled out by a superlative or an ordinal ("the first solo artist", "the
    youngest player") kept with its infinitive ("to have three singles") but not with a
    phrase of it ("in the US top five", "in the same week"), or without it: the claim is
    made of the whole clause, and cut it says what the source does not."""
    return any(
        infinitive(clause)
        and (clause.i not in kept or any(bounding(t) and t.i not in kept for t in clause.subtree))
        for index in kept
        if ranked(doc[index])
        for clause in _ranked_infinitives(doc[index])
    )


def _ranked_infinitives(noun: Token) -> list[Token]:
    """The clauses that may say at what a ranked noun ranks: its own relative or
    infinitive clause, or, after "be" or "become", an infinitive the parser hangs on
    the verb ("has become the third search firm this week [to thank a revival]")."""
    return [c for c in noun.children if c.dep_ in {"relcl", "acl"}] + verb_held_infinitives(noun)


def name_cut_before_for(doc: Doc, kept: set[int]) -> bool:
    """A name kept without the "for" phrase right after it that names with it: "New Media
    [for a New Millennium] will have", "the Commission [for Africa]"; the first words
    alone name something else."""
    return any(
        doc[i].tag_ in {"NNP", "NNPS"}
        and c.dep_ == "prep"
        and c.lower_ == "for"
        and c.i == i + 1
        and c.i not in kept
        and any(g.dep_ == "pobj" and g.tag_ in {"NNP", "NNPS"} for g in c.children)
        for i in kept
        for c in doc[i].children
    )


def clause_object_cut(doc: Doc, kept: set[int]) -> bool:
    """A verb kept without the question it finds out ("expected to find out [if they will
    be banned]"), or a noun's spelling-out clause without the phrase its bare noun after
    "be" needs (:func:`_complement_cut`): the headline asks "what?". The clause cut whole
    is :func:`content_clause_cut`'s."""
    return any(
        (c.i not in kept and c.dep_ in {"ccomp", "advcl"} and embedded_question(c))
        or (content_clause(c) and _complement_cut(c, kept))
        for i in kept
        for c in doc[i].children
    )


def _complement_cut(clause: Token, kept: set[int]) -> bool:
    """ "suggestions that the champions are a team [in decline]": the clause's bare noun
    after "be" kept without the phrase right after it, which is what the clause claims
    ("are a declining force", "a Budget giveaway" say it before the noun)."""
    return any(
        a.dep_ == "attr"
        and a.i in kept
        and not any(m.dep_ in {"amod", "compound", "nmod", "poss"} for m in a.children)
        and any(p.dep_ == "prep" and p.i == a.i + 1 and p.i not in kept for p in a.children)
        for a in clause.children
    )


def dangling_participle(doc: Doc, kept: set[int]) -> bool:
    """A headline ending on a participle with no auxiliary whose phrases were all cut:
    "reports higher profits boosted [by a buoyant period]", "took steroids given [to her
    by ...]". The participle says it was done, but not by or to whom."""
    last = doc[max(kept)]
    return (
        last.tag_ == "VBN"
        and last.dep_ in {"ccomp", "acl", "advcl", "relcl"}
        and not any(c.dep_ in {"aux", "auxpass"} for c in last.children)
        and any(c.dep_ in {"agent", "prep", "dative"} for c in last.rights)
    )


def noun_object_cut(doc: Doc, kept: set[int]) -> bool:
    """A verb's object noun the parser gives objects of its own is a verb or a small
    clause misread: "make learning [languages much less of a chore]". Cut from them, "help
    to make learning" dangles: the object is the whole clause or nothing."""
    return any(
        doc[i].tag_.startswith("NN")
        and doc[i].dep_ == "dobj"
        and any(c.dep_ == "dobj" and c.i not in kept for c in doc[i].children)
        for i in kept
    )


def so_without_result(doc: Doc, kept: set[int]) -> set[int]:
    """ "so hungry for digital data [(that) many are carrying ...]": a "so" kept on an
    adjective or adverb whose result clause, right after its phrase, is cut (the parser
    may join that clause to the verb as a conjunct, or hang it on the adjective itself:
    "so dependent on their phones [that one in three are concerned ...]"). Without the
    clause "so" points at nothing: it goes, and "hungry for digital data" says what is
    true."""
    return {
        word.i
        for word in (doc[i] for i in kept)
        if word.dep_ == "advmod"
        and word.lower_ == "so"
        and word.head.tag_.startswith(("JJ", "RB"))
        and any(
            clause.tag_.startswith(("VB", "MD"))
            and clause.dep_ in {"ccomp", "advcl", "conj"}
            and clause.i not in kept
            and (
                clause.left_edge.i == word.head.right_edge.i + 1
                or (clause.head == word.head and clause.i > word.head.i)
            )
            for clause in (*word.head.children, *word.head.head.children)
        )
    }
