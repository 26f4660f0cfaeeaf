"""Whether a headline cut from a sentence reads as one, judged on the sentence's parse.

Every headline the extractive engine writes is the source sentence's own words, some
left out, the main verb perhaps in headline tense. Aligned with the parsed source, the
words kept say what a sub-editor would check: the main verb is there, with its subject
and what it needs ("decide" needs what is decided, "told" what was told); no word is
kept whose head was cut (a preposition without its object, "the BBC's Sound" without
"of 2005 poll", an auxiliary without its verb); no negation is lost; every number is
whole. :func:`flaws` names what is wrong; an empty list is a headline that reads whole.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise
from typing import TYPE_CHECKING

from workers.engines.checks import unsourced_numbers
from workers.engines.clause_parts import (
    FINITE_TAGS,
    cut_before_verb,
    finite,
    infinitive,
    required_phrase,
)
from workers.engines.cleaning import DANGLING_ENDS
from workers.engines.misparses import (
    SAY_VERBS,
    be_with_clause_only,
    broken_clause,
    clause_object_cut,
    content_clause_cut,
    counted_set_cut,
    ends_on_object_pronoun,
    framing_progressive,
    joined_verb_cut,
    name_cut_before_for,
    negated_restriction_cut,
    one_of_cut,
    participle_read_as_verb,
    partner_cut,
    rank_cut,
    ranked_clause_cut,
    restricting_participle_cut,
    restricting_relative_cut,
    so_without_result,
    superlative_cut,
    than_cut,
    unnamed_person,
)
from workers.engines.noun_restrictions import picked_out
from workers.engines.parsing import lemma
from workers.engines.subjects import points_back
from workers.engines.word_layout import layout_of, spaced_dashes, strip

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_NEEDED = frozenset(["dobj", "attr", "acomp", "oprd", "xcomp", "ccomp"])
"""What follows a verb and completes it: without it the verb asks "what?"."""
_NEEDS_HEAD = frozenset(
    [
        "det", "predet", "amod", "compound", "nmod", "poss", "nummod", "quantmod", "case",
        "aux", "auxpass", "neg", "prt",
    ]
)  # fmt: skip
"""Words that lean on their head: kept without it, they dangle ("Guardian First Book")."""
_PRONOUNS = frozenset(["PRP", "WP", "WDT"])


def _so_result_cut(doc: Doc, kept: set[int]) -> bool:
    """ "People becoming so dependent on mobile phones [that one in three ...]": a kept
    "so" whose result clause is cut points at nothing (see :func:`so_without_result`)."""
    return bool(so_without_result(doc, kept))


_CUTS: tuple[tuple[Callable[[Doc, set[int]], bool], str], ...] = (
    (broken_clause, "a clause without its verb or subject"),  # "view that powerful"
    (counted_set_cut, "a set counted from without what says which"),  # "two of the men"
    (joined_verb_cut, "a joined verb without what it needs"),  # "and should focus"
    (name_cut_before_for, "a name cut before its 'for'"),  # "New Media [for a New Millennium]"
    (ranked_clause_cut, "a first or best without what bounds it"),  # "first to have 3 singles"
    (clause_object_cut, "a noun or verb without the clause that says what"),  # "find out"
    (ends_on_object_pronoun, "ends on a pronoun that names nothing"),  # "may elude him"
    (restricting_participle_cut, "a participle without what it needs"),  # "steroids given"
    (restricting_relative_cut, "a bare plural without the clause saying which"),  # "sue people"
    (unnamed_person, "a 'him' or 'her' with no name before it"),  # "may elude him"
    (content_clause_cut, "a noun without the clause that spells it out"),  # "rubbishes claims"
    (negated_restriction_cut, "a negated clause saying which is cut"),  # "any players [not in]"
    (_so_result_cut, "a 'so' without its result clause"),  # "so dependent on phones"
    (rank_cut, "a noun without the rank said of it"),  # "make it [fourth biggest] nation"
)
"""Cuts of the source the headline must not make, each with what it says of one."""


def flaws(headline: str, doc: Doc) -> list[str]:
    """What keeps ``headline`` from reading whole, judged on ``doc``, its source's parse."""
    if not headline.strip() or not len(doc):
        return ["empty"]
    kept, unsourced = _aligned(headline, doc)
    found = [f"'{word}' is not in the source" for word in unsourced]
    if unsourced_numbers(headline, doc.text):
        found.append("a number is cut")
    if headline.split()[-1].strip(",;:").lower() in DANGLING_ENDS:
        found.append("ends on a function word")
    root = next(doc.sents).root
    verb = _main_verb(root, kept)
    if verb is None:
        return [*found, "no main verb"]
    found.extend(_verb_flaws(verb, root, kept))
    found.extend(_dangling(doc, kept))
    found.extend(message for cut, message in _CUTS if cut(doc, kept))
    if be_with_clause_only(verb, kept):
        found.append(f"'{verb.text}' without what its complement needs")  # "to be year"
    if verb.i != root.i and partner_cut(verb, kept):
        found.append("a reported verb without its phrase on the speaker")  # "swap places"
    if superlative_cut(doc, kept, frozenset(range(len(doc))) - kept):
        found.append("a superlative without what bounds it")  # "most expensive year [on record]"
    if _subjects_side_by_side(verb, kept):
        found.append("two subjects side by side")  # "Zambia's director, Bwalya confident"
    if _aside_run_on(doc, kept):
        found.append("an aside between dashes runs on")  # "Jugnot [-] star of film [-] beats"
    last = doc[max(kept)]
    if last.head.dep_ == "acl" and _adjective_cut(last, kept):
        found.append(f"'{last.text}' without its phrase")  # "reports it may be subject"
    if _of_phrase_cut(last, kept):
        found.append(f"'{last.text}' without its 'of' phrase")  # "there is hive [of scandal]"
    if last.i != verb.i and last.tag_.startswith("VB"):
        # "British troops on standby in case they need": whatever verb the headline
        # ends on needs what it needs, not the main verb only.
        found.extend(_complement_flaws(last, kept))
        phrase = required_phrase(last, set()) if _that_clause(last) else None
        if phrase is not None and phrase.i not in kept:
            # "reassure backbenchers that nothing will stand [in the way]"
            found.append(f"'{last.text}' lost its phrase '{phrase.text} ...'")
    return found


def _subjects_side_by_side(verb: Token, kept: set[int]) -> bool:
    """ "Zambia's technical director, Kalusha Bwalya is": an appositive the parser made a
    second subject of the verb (the source has no comma to close it); kept, "Zambia's
    director, Bwalya confident" reads as a list."""
    subjects = [c for c in verb.lefts if c.dep_ in {"nsubj", "nsubjpass"} and c.i in kept]
    return any(
        first.right_edge.i + 1 == second.left_edge.i - 1
        and verb.doc[first.right_edge.i + 1].text == ","
        for first, second in pairwise(subjects)
    )


def _of_phrase_cut(noun: Token, kept: set[int]) -> bool:
    """A headline ending on what a "there is" says exists, its "of" phrase cut ("there is
    a hive [of scandal]"): all that the clause says is which thing exists."""
    after = noun.doc[noun.i + 1] if noun.i + 1 < len(noun.doc) else None
    return (
        noun.tag_ in {"NN", "NNS"}
        and noun.dep_ == "attr"
        and any(c.dep_ == "expl" for c in noun.head.children)
        and after is not None
        and after.lower_ == "of"
        and after.head == noun
        and after.i not in kept
        and any(c.dep_ == "pobj" for c in after.children)
    )


def _adjective_cut(adjective: Token, kept: set[int]) -> bool:
    """ "reports it may be subject [to a takeover]": a noun's clause ending on its
    adjective with the phrase after it cut."""
    return adjective.dep_ == "acomp" and any(
        c.dep_ == "prep" and c.i not in kept for c in adjective.rights
    )


def _that_clause(verb: Token) -> bool:
    """The active verb of a "that" clause with a subject of its own ("that nothing will
    stand"), whose phrase, as a main verb's, is what it says."""
    return (
        verb.dep_ == "ccomp"
        and verb.tag_ != "VBN"
        and any(c.dep_ == "mark" and c.lower_ == "that" for c in verb.children)
        and any(c.dep_ == "nsubj" for c in verb.children)
    )


def _aside_run_on(doc: Doc, kept: set[int]) -> bool:
    """Words kept before, inside and after an aside set off by two spaced dashes, the
    dashes gone: "Actor Jo Bloggs - star of the film - has won" read as "Actor Jo Bloggs
    star of film wins", one run-on name."""
    return any(
        any(i < first for i in kept)
        and any(first < i < second for i in kept)
        and any(i > second for i in kept)
        for first, second in pairwise(spaced_dashes(doc))
    )


def well_formed(headline: str, doc: Doc) -> bool:
    """Whether :func:`flaws` finds nothing wrong with ``headline``."""
    return not flaws(headline, doc)


def _aligned(headline: str, doc: Doc) -> tuple[set[int], list[str]]:
    """The source tokens the headline keeps, and its words the source does not hold.

    Of the alignments that match the most words, the one that keeps the most neighbours
    together wins, so "writes to offer" takes the "to" before "offer", and a "to" written
    for "will" is not taken from a later clause. A word left over stands for a verb form
    in the gap it sits in ("rises" for "has risen", "to" for "will") when one is there.
    """
    layout = layout_of(doc)
    source = [word.lower() for _, _, word in layout]
    words = [w for w in (strip(w).lower() for w in headline.split()) if w]
    matched = _alignment(words, source)
    kept: set[int] = set()
    for j in matched.values():
        kept.update(layout[j][0])
    unsourced: list[str] = []
    for index, word in enumerate(words):
        if index in matched:
            continue
        start = max((matched[i] for i in matched if i < index), default=-1) + 1
        end = min((matched[i] for i in matched if i > index), default=len(layout))
        gap = [doc[t] for j in range(start, end) for t in layout[j][1]]
        stand_in = _verb_for(word, gap)
        if stand_in is None:
            unsourced.append(word)
        else:
            kept.add(stand_in.i)
    return kept, unsourced


_UNMATCHED_COST = 100


def _alignment(words: list[str], source: list[str]) -> dict[int, int]:
    """Headline word index -> source word index: most matches, then most adjacent pairs,
    then the later source word ("letter to set out" takes the "to" of "to set", not the
    cut "[to a small panel]")."""
    positions: dict[str, list[int]] = {}
    for j, word in enumerate(source):
        positions.setdefault(word, []).append(j)
    # state: the last matched source index -> (score, matches so far)
    states: dict[int, tuple[int, dict[int, int]]] = {-1: (0, {})}
    for i, word in enumerate(words):
        following: dict[int, tuple[int, dict[int, int]]] = {}
        for last, (score, pairs) in states.items():
            options = [(last, score - _UNMATCHED_COST, pairs)]
            options += [
                (j, score + (2 if j == last + 1 else 1), {**pairs, i: j})
                for j in positions.get(word, ())
                if j > last
            ]
            for state, new_score, new_pairs in options:
                if state not in following or new_score >= following[state][0]:
                    following[state] = (new_score, new_pairs)
        states = following
    return max(states.values(), key=lambda state: state[0])[1]


def _verb_for(word: str, gap: list[Token]) -> Token | None:
    """The source verb a rewritten headline word stands for, if the gap holds one."""
    if word == "to":
        modals = [t for t in gap if t.tag_ == "MD"] or [t for t in gap if t.dep_ == "aux"]
        return modals[0] if modals else None
    verbs = [(_shared_prefix(word, t.lower_), t) for t in gap if t.tag_.startswith("VB")]
    best = max(verbs, key=lambda pair: pair[0], default=(0, None))
    return best[1] if best[0] else None


def _shared_prefix(first: str, second: str) -> int:
    count = 0
    for a, b in zip(first, second, strict=False):
        if a != b:
            break
        count += 1
    return count


def _main_verb(root: Token, kept: set[int]) -> Token | None:
    """The kept verb the headline is built on: the root, or a clause it reports."""
    for verb in (root, *(c for c in root.children if c.dep_ == "ccomp")):
        if verb.i in kept and verb.tag_.startswith(("VB", "MD")):
            return verb
        # Headline tense drops a copula ("Fiat is to stop" -> "Fiat to stop", "Consumers
        # are concerned" -> "Consumers concerned", "Holmes is back to best" -> "Holmes
        # back to best"): it counts as kept with its complement.
        if lemma(verb) == "be" and any(c.i in kept for c in _be_complements(verb)):
            kept.add(verb.i)
            return verb
    return None


def _be_complements(verb: Token) -> list[Token]:
    return [c for c in verb.rights if c.dep_ in {"xcomp", "acomp", "attr", "prep", "advmod"}]


def _verb_flaws(verb: Token, root: Token, kept: set[int]) -> list[str]:
    found: list[str] = []
    subjects = [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass", "expl", "csubj"}]
    # "Rinus Michels, the man credited with ..., has died": the parser may hang the name
    # as "dep" and the appositive as the subject; the name is a subject too.
    subjects += [
        c for c in verb.lefts if c.dep_ == "dep" and c.tag_ in {"NNP", "NNPS"} and c.i in kept
    ]
    # "[Fifth seed] Carlos Moya was": a name in apposition to the subject is the subject.
    subjects += [a for c in list(subjects) for a in c.children if a.dep_ == "appos" and a.i in kept]
    subjects.sort(key=lambda c: c.i not in kept)
    if not subjects:
        found.append(f"'{verb.text}' has no subject")
    elif subjects[0].i not in kept:
        speaker = [c for c in root.children if c.dep_ in {"nsubj", "nsubjpass"}]
        # "Maersk said it will cut" may be written "Maersk to cut": the speaker stands in.
        stands_in = verb is not root and subjects[0].tag_ in _PRONOUNS and speaker
        if not (stands_in and speaker[0].i in kept):
            found.append(f"the subject of '{verb.text}' is cut")
    elif subjects[0].tag_ in _PRONOUNS:
        found.append("the subject is a pronoun")
    elif points_back(subjects[0]):
        found.append("the subject points back to names cut")  # "the two countries"
    if (
        verb.tag_ == "VB"
        and not any(c.i in kept for c in verb.children if c.dep_ in {"aux", "auxpass"})
    ) or not finite(verb):
        # "to" stands for "will", and headline tense drops "is" from "is cutting"; a
        # participle with no auxiliary in the source heads no sentence ("Imagine
        # editing Titanic", "Imagine" read as its subject).
        found.append(f"'{verb.text}' is not finite")
    found.extend(_complement_flaws(verb, kept))
    perfect = [
        t for t in verb.subtree if t.i in kept and _perfect(t, kept) and not _reported(t, verb)
    ]
    if perfect:
        found.append(f"'{perfect[0].text}' in the perfect, not headline tense")
    if max(kept) == verb.i and lemma(verb) in SAY_VERBS:
        found.append(f"'{verb.text}' says what?")  # "WorldCom officer admits"
    if max(kept) == verb.i and framing_progressive(verb, kept):
        found.append(f"'{verb.text}' lost the event it frames")  # "Fox speaking" [after ...]
    if participle_read_as_verb(verb):
        found.append(f"'{verb.text}' is a participle, not the main verb")
    return found


def _complement_flaws(verb: Token, kept: set[int]) -> list[str]:
    """What ``verb`` needs and lost, and the same for the verbs it keeps in turn."""
    found: list[str] = []
    rights = [c for c in verb.rights if c.dep_ != "punct"]
    objects = [c.i for c in rights if c.dep_ in {"dobj", "dative"}]
    for child in rights:
        needed = (
            (child.dep_ in _NEEDED and not cut_before_verb(child))
            or (child.dep_ == "advcl" and any(m.lower_ == "whether" for m in child.children))
            or (child.dep_ == "prep" and not any(child.children))  # "to be looked back [on]"
        )
        if (
            lemma(verb) == "be"
            and child.dep_ != "xcomp"
            and any(c.i in kept for c in _be_complements(verb))
        ):
            # "be" needs one complement ("are to work [in deals], part of a pact"), but
            # "it is fine" needs its "to open late".
            needed = False
        elif child.dep_ == "xcomp" and objects and objects[0] < child.i:
            # "agreed a deal (to supply squads)": after an object, an infinitive says
            # what for; the verb is whole without it ("wants (to go)" is not).
            needed = False
        if needed and child.i not in kept:
            found.append(f"'{verb.text}' lost its {child.dep_} '{child.text}'")
        elif child.i in kept and child.dep_ in {"xcomp", "ccomp", "advcl"}:
            if child.tag_ == "VBG" and child.dep_ == "ccomp" and _lost_auxiliary(child, kept):
                found.append(f"'{child.text}' lost its auxiliary")  # "he thought he suffering"
            found.extend(
                f"'{child.text}' lost its '{w.text}'"  # "explain [how] details were printed"
                for w in child.children
                if w.tag_ == "WRB" and w.i < child.i and w.i not in kept
            )
            found.extend(_complement_flaws(child, kept))
        elif child.i in kept and child.dep_ in {"acomp", "attr"}:
            # "it is okay [to get drunk]", "close [to agreeing a deal]", "was the first
            # big name [to fall]", "is the reason [to buy]"
            found.extend(
                f"'{child.text}' lost its {g.dep_} '{g.text}'"
                for g in child.rights
                if g.i not in kept and (g.dep_ == "xcomp" or _infinitive_relative(g))
            )
    if lemma(verb) == "be" and not any(c.i in kept for c in _be_complements(verb)):
        found.append(f"'{verb.text}' without its complement")  # "Conti's job is not"
    if any(c.dep_ == "neg" and c.i not in kept for c in verb.children):
        found.append(f"'{verb.text}' lost its negation")
    passive = any(c.dep_ == "auxpass" for c in verb.children)
    # "Tait has been named as a centre": named as what is the news.
    if (
        passive
        and rights
        and rights[0].dep_ == "prep"
        and rights[0].lower_ == "as"
        and rights[0].i not in kept
    ):
        found.append(f"'{verb.text}' lost 'as ...'")
    if any(_from_doing(c) and c.i not in kept for c in rights):
        found.append(f"'{verb.text}' lost 'from ...ing'")  # "banned [from using tricks]"
    return found


def _from_doing(prep: Token) -> bool:
    """A "from" phrase of a verb whose object is a gerund: what is banned, barred or
    stopped ("banned from using tricks"). Cut, the verb says it of the subject itself:
    "casinos to be banned"."""
    return (
        prep.dep_ == "prep"
        and prep.lower_ == "from"
        and any(c.dep_ == "pcomp" and c.tag_ == "VBG" for c in prep.children)
    )


def _infinitive_relative(token: Token) -> bool:
    return token.dep_ in {"relcl", "acl"} and any(
        c.dep_ == "aux" and c.tag_ == "TO" for c in token.children
    )


def _perfect(verb: Token, kept: set[int]) -> bool:
    """A finite "has/have/had" kept before its participle: "Kilroy-Silk has said" is
    not headline tense ("says"); a modal's "must have registered" is."""
    return verb.tag_ == "VBN" and any(
        c.dep_ == "aux" and c.i in kept and c.lower_ in {"has", "have", "had"} and c.tag_ != "VB"
        for c in verb.children
    )


def _reported(verb: Token, main: Token) -> bool:
    """Whether ``verb`` heads a clause reported below the main verb ("says Brown has
    won"), where the perfect is the speaker's. A verb of saying is not: "Kilroy-Silk has
    said" is the news, whatever the parser hung it from ("Ex-BBC chat show", "show" read
    as a verb)."""
    return (
        verb is not main
        and verb.dep_ == "ccomp"
        and lemma(verb.head) in SAY_VERBS
        and lemma(verb) not in SAY_VERBS
    )


def _lost_auxiliary(verb: Token, kept: set[int]) -> bool:
    auxiliaries = [c for c in verb.children if c.dep_ in {"aux", "auxpass"}]
    return bool(auxiliaries) and not any(c.i in kept for c in auxiliaries)


def _dangling(doc: Doc, kept: set[int]) -> list[str]:
    """Kept words whose head or object was cut."""
    found: list[str] = []
    for index in sorted(kept):
        token = doc[index]
        if token.dep_ in _NEEDS_HEAD and token.head.i not in kept:
            found.append(f"'{token.text}' without its head '{token.head.text}'")
        elif token.dep_ in {"prep", "agent"}:
            objects = [c for c in token.children if c.dep_ in {"pobj", "pcomp"}]
            if objects and not any(c.i in kept for c in objects):
                found.append(f"'{token.text}' without its object")
        elif _name_cut(token, kept):
            found.append(f"the name '{token.text} of ...' is cut")
        elif _count_cut(token, kept) or (token.dep_ == "attr" and one_of_cut(token, kept)):
            found.append(f"'{token.text}' of what?")  # "sending hundreds of thousands"
        elif than_cut(token, kept):
            found.append(f"'{token.text}' than what?")  # "Prince earns more", "much higher"
        elif picked_out(token) and any(
            c.dep_ == "relcl" and infinitive(c) and c.i not in kept for c in token.children
        ):
            found.append(f"'{token.text}' lost its infinitive")  # "makes an approach [to buy]"
        if token.dep_ == "pcomp" and token.tag_ == "VBG" and token.head.i in kept:
            found.extend(_complement_flaws(token, kept))  # "convicted of sending [what?]"
        elif token.dep_ == "cc" and not _joins(token, kept):
            found.append(f"'{token.text}' joins nothing")
        elif (
            token.dep_ in {"nsubj", "nsubjpass"}
            and token.head.i not in kept
            and (token.head.dep_ != "ROOT" or lemma(token.head) == "be")
        ):
            # "Thanou confident she [will not be punished]" (the root's subject may stand
            # for a reported clause's: "Maersk [said it will] to cut", not for a clause
            # a cut "is" was taken to take: "Morris [is] that thing Americans love")
            found.append(f"'{token.text}' without its verb '{token.head.text}'")
        elif token.dep_ == "mark" and token.head.i not in kept:
            found.append(f"'{token.text}' without its clause")  # "so dependent that one"
        if _clause_lost_auxiliary(token, kept):
            found.append(f"'{token.text}' lost its auxiliary")  # "that people [are] not getting"
    return found


def _clause_lost_auxiliary(verb: Token, kept: set[int]) -> bool:
    """A gerund below the main clause, kept with its own subject but not its "is" or
    "are": "real concern that people [are] not getting the right information" has no
    verb in its clause (headline tense drops the main verb's auxiliary, no other's). So
    too a passive relative clause: "damaging way UK [is] governed"."""
    return (
        (verb.tag_ == "VBG" or (verb.tag_ == "VBN" and verb.dep_ == "relcl"))
        and verb.dep_ not in {"ROOT", "ccomp"}  # the ccomp case: _complement_flaws
        and any(c.dep_ in {"nsubj", "nsubjpass"} and c.i in kept for c in verb.children)
        and _lost_auxiliary(verb, kept)
    )


def _joins(cc: Token, kept: set[int]) -> bool:
    """Whether a kept "and" joins kept words: its head's conjunct, or a second subject
    the parser hung beside the first ("she and Kostas Kenteris will")."""
    head = cc.head
    return any(c.i in kept for c in head.children if c.dep_ == "conj") or any(
        c.i in kept and c.i > cc.i and c.dep_ == head.dep_ for c in head.head.children
    )


def _count_cut(token: Token, kept: set[int]) -> bool:
    """A number or a number word counting something, kept without what it counts: "cut
    2,000 [of its staff]", "hundreds of thousands [of e-mails]", "one [of the best]"."""
    cut = any(
        c.dep_ == "prep"
        and c.i not in kept
        # "one [in three]": a rate
        and (c.lower_ == "of" or (c.lower_ == "in" and any(g.like_num for g in c.children)))
        for c in token.rights
    )
    return cut and (token.tag_ == "CD" or token.vocab[lemma(token)].like_num)


def _name_cut(token: Token, kept: set[int]) -> bool:
    """A name cut before its "of" ("Sound" of 2005 poll, "Bank" of England): a proper
    noun, or a capitalized word inside the sentence ("the council's Best of 2006 poll")."""
    named = token.tag_ in {"NNP", "NNPS"} or (token.i > 0 and token.text[:1].isupper())
    return named and any(
        c.dep_ == "prep" and c.lower_ == "of" and c.i == token.i + 1 and c.i not in kept
        for c in token.children
    )


def without_stranded_subject(headline: str, doc: Doc) -> str:
    """``headline`` less the subject it ends on whose verb is cut ("... so poorly drafted
    [no-one]"): a clause begun and never finished; the words before it may read whole."""
    words = headline.split()
    kept, _ = _aligned(headline, doc)
    if not kept:
        return headline
    last = doc[max(kept)]
    subject = next((t for t in (last, *last.ancestors) if t.dep_ in {"nsubj", "nsubjpass"}), None)
    if subject is None or subject.head.i in kept or not _finite_clause(subject.head):
        return headline  # "waiting for passengers [to hop on]": no clause of its own
    while len(words) > 3 and (
        max(_aligned(" ".join(words), doc)[0]) >= subject.left_edge.i
        or words[-1].strip(",;:").lower() in DANGLING_ENDS  # "no-one [and] ...": no "and"
    ):
        words.pop()
    return " ".join(words)


def _finite_clause(verb: Token) -> bool:
    """A verb with a tense or a modal ("no-one can define"), not an infinitive's "to"."""
    group = [verb, *(c for c in verb.children if c.dep_ in {"aux", "auxpass"})]
    return any(t.tag_ in FINITE_TAGS or t.tag_ == "MD" for t in group) and not any(
        t.tag_ == "TO" for t in group
    )
