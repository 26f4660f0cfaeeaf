"""Words that belong to a name, read off a parse that may misread them.

A name's words keep together in a headline however the tagger reads them: a capital
word taken for an adverb ("Norton's [Strictly] Dance Fever"), a "The" that is part of a
title ("The Producers", "Exorcist: The Beginning"), a particle such as "dal" taken for
a verb. :func:`descriptor_of` is the words before a name that only describe it ("Leisure
group [Rank]").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Token


def name_closed_by_possessive(prep: Token) -> bool:
    """A name's prepositional phrase whose object carries a name's possessive: "The
    Commission for Africa's report", where the parser reads "Commission" as the head."""
    return prep.head.tag_ in {"NNP", "NNPS"} and any(
        g.dep_ == "pobj" and any(p.dep_ == "poss" and p.tag_ in {"NNP", "NNPS"} for p in g.children)
        for g in prep.children
    )


def inside_noun_chain(adverb: Token) -> bool:
    """A noun the tagger read as an adverb, hung on the compound before it and standing
    before that compound's noun: "England [forward] Michael Owen". Cut, the words left
    around it join into no phrase ("England Michael Owen")."""
    head = adverb.head
    return (
        head.dep_ == "compound"
        and head.tag_.startswith("NN")
        and head.i < adverb.i < head.head.i
        and not any(adverb.children)
    )


def capitalized_in_name(adverb: Token) -> bool:
    """A capitalized word inside a sentence, read as an adverb and hung on the name it
    opens: "Graham Norton's [Strictly] Dance Fever". Cut, the name is another one."""
    doc, i = adverb.doc, adverb.i
    head = adverb.head
    return (
        i > 0
        and adverb.text[:1].isupper()
        and head.tag_ in {"NNP", "NNPS"}
        and i < head.i
        and all(
            doc[j].tag_ in {"NNP", "NNPS"} and doc[j].head == head for j in range(i + 1, head.i)
        )
        and not any(adverb.children)
    )


def name_ends_as_adverb(adverb: Token) -> bool:
    """A name's last word the parser hung on the noun as an adverb, right after the
    name's other words: "movie The Sea [Inside]". Cut, the name is another one."""
    before = adverb.doc[adverb.i - 1] if adverb.i else None
    return (
        adverb.tag_ in {"NNP", "NNPS"}
        and before is not None
        and before.tag_ in {"NNP", "NNPS"}
        and before.head == adverb.head
        and before.dep_ in {"appos", "compound"}
        and not any(adverb.children)
    )


def article_in_name(article: Token) -> bool:
    """An article inside a name: after "of" and a capitalized word, before a capitalized
    one ("Top of the Pops"). Not after "and": "Labour and the Tories" are two."""
    doc, i = article.doc, article.i
    return (
        i >= 3  # a capital at the sentence's start names nothing ("Stars of the show")
        and article.head.text[:1].isupper()
        and doc[i - 1].lower_ == "of"
        and doc[i - 2].text[:1].isupper()
    )


def noun_after_brackets(appos: Token) -> bool:
    """The parser hangs the noun after a bracketed abbreviation ("mobile (3G) networks")
    as an appositive of the word before it. The brackets close before that noun, so it
    is the phrase's own noun, not an aside to drop with them."""
    doc, start = appos.doc, appos.left_edge.i
    return (
        start > 0
        and doc[start - 1].text == "("
        and any(t.text == ")" for t in doc[start : appos.i])
    )


def title_article(article: Token) -> bool:
    """A capital "The" inside a sentence, between a capitalized word and its capitalized
    noun: part of a title ("comedy Meet The Fockers"), not an article to drop."""
    doc, i = article.doc, article.i
    return (
        i >= 2  # after a capital at the sentence's start, which names nothing by itself
        and article.text == "The"
        and article.head.i == i + 1
        and article.head.text[:1].isupper()
        and (
            (doc[i - 1].is_alpha and (doc[i - 1].text[:1].isupper() or _one_word_name(article)))
            or _after_title_colon(article)
        )
    )


def _after_title_colon(article: Token) -> bool:
    """A capital "The" after a colon that follows a capitalized word: a title's second
    part ("Exorcist: The Beginning"), whose article is part of the name."""
    doc, i = article.doc, article.i
    return doc[i - 1].text == ":" and doc[i - 2].text[:1].isupper()


def singular_plural_name(article: Token) -> bool:
    """A "The" opening a plural-looking name that is the subject of a singular verb: a
    title ("The Producers has beaten"), whose article is part of the name. Without it,
    "Producers beats" reads as a verb that disagrees with its subject."""
    noun, verb = article.head, article.head.head
    group = [verb, *(c for c in verb.children if c.dep_ in {"aux", "auxpass"})]
    return (
        article.text == "The"
        and article.i == noun.i - 1
        and noun.tag_ in {"NNPS", "NNS"}
        and noun.text[:1].isupper()
        and noun.dep_ in {"nsubj", "nsubjpass"}
        and min(group, key=lambda t: t.i).tag_ == "VBZ"
    )


def title_joined_by_and(article: Token) -> bool:
    """The "the" of a second name joined by "and" to a first, the two the subject of a
    singular verb: one title ("Harry Potter and the Half-Blood Prince has topped"), its
    "the" part of it. With a plural verb they are two ("Labour and the Tories have")."""
    second = article.head
    first = second.head
    if not (
        article.lower_ == "the"
        and second.dep_ == "conj"
        and second.tag_ in {"NNP", "NNPS"}
        and first.tag_ in {"NNP", "NNPS"}
        and first.dep_ in {"nsubj", "nsubjpass"}
        and any(c.dep_ == "cc" and c.i == article.i - 1 for c in first.children)
    ):
        return False
    verb = first.head
    group = [verb, *(c for c in verb.children if c.dep_ in {"aux", "auxpass"})]
    return min(group, key=lambda t: t.i).tag_ == "VBZ"


def _one_word_name(article: Token) -> bool:
    """ "premiered in The Hague", "group The Bravery": a capital "The" after a small word,
    on a name of one word that has nothing else, is part of the name ("in Hague" is
    no place). A longer title ("The Hitchhiker's Guide") is cut to its known short form."""
    doc, head = article.doc, article.head
    return doc[article.i - 1].is_lower and all(c.i == article.i for c in head.children)


def named(token: Token) -> bool:
    """A name, not a number: "TV channel Five" is one, "five" is not."""
    return token.tag_ in {"NNP", "NNPS"} or not token.like_num or token.text[:1].isupper()


def name_particle(word: Token) -> bool:
    """A name's lower-case particle the tagger read as a verb, the first name hung on it:
    "David [dal] Maso", "dal" a past tense with "David" its subject. No descriptor: cut,
    the name is another one."""
    before = word.doc[word.i - 1] if word.i else None
    return (
        word.dep_ == "compound"
        and word.is_lower
        and word.tag_ in {"VB", "VBD", "VBP", "VBZ"}
        and word.head.i == word.i + 1
        and word.head.tag_ in {"NNP", "NNPS"}
        and before is not None
        and before.tag_ in {"NNP", "NNPS"}
        and before.head == word
    )


def descriptor_of(head: Token) -> set[int]:
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
    before = [
        c
        for c in head.children
        # "5.45m Euros": an amount ("m" a compound number) counts the name, no descriptor
        if c.i < start
        and c.dep_ in {"compound", "amod", "nmod"}
        and c.tag_ != "CD"
        and not name_particle(c)
    ]
    if not any(not c.text[:1].isupper() for c in before) or any(
        t.dep_ == "compound" and t.tag_ == "VBG" for c in before for t in c.subtree
    ):
        return set()  # "on [signing] defender Babayaro": a gerund is the news, no descriptor
    words = [t for c in before for t in c.subtree]
    if any(t.dep_ == "cc" for t in words) and any(
        t.dep_ == "appos" and t.tag_ in {"NNP", "NNPS"} for t in words
    ):
        # "merger of [gas giant Gazprom and] oil firm Rosneft": an "and" joins a second
        # party the parser hung on the name; cut, the merger is of one.
        return set()
    return {t.i for c in before for t in c.subtree}
