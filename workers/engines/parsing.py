"""The spaCy pipeline that parses headline sentences, loaded once, and verb lemmas.

The pipeline is a setting (``BRIEFING_HEADLINE_PARSER``, an installed spaCy package);
a missing one is a ``ModelLoadError`` that says what to install.
"""

from __future__ import annotations

import sys
from functools import lru_cache


def _import_spacy_without_torch() -> None:
    """Load spaCy's modules without torch unless torch is already loaded.

    thinc imports torch whenever it is installed (here it always is, for seq2seq), which
    costs an extractive worker ~180 MB and ~1 s per process; the CPU pipeline never uses
    it. A ``None`` in ``sys.modules`` makes that import fail, which thinc handles.
    """
    if "torch" in sys.modules or "thinc" in sys.modules:
        return
    sys.modules["torch"] = None  # type: ignore[assignment]
    try:
        import spacy  # noqa: F401
    finally:
        del sys.modules["torch"]


_import_spacy_without_torch()

from spacy.language import Language  # noqa: E402
from spacy.pipeline import Lemmatizer  # noqa: E402
from spacy.tokens import Token  # noqa: E402

from workers.engines.availability import check_parser_available  # noqa: E402

_LEMMATIZERS: dict[int, Lemmatizer] = {}
_BE_FORMS = frozenset(["is", "are", "was", "were", "be", "been", "being", "am", "'s", "'re"])


@lru_cache(maxsize=2)
def load_parser(name: str) -> Language:
    """The spaCy pipeline ``name`` with only what compression reads: tags, parse, lemmas.

    Raises ``ModelLoadError`` saying what to install when the package is missing.
    """
    check_parser_available(name)
    import spacy

    # The lemmatizer (and the attribute ruler it reads) costs as much as the parser over
    # a whole sentence; only the main verb needs a lemma, so it runs on that one token.
    nlp = spacy.load(name, exclude=["ner", "senter"], disable=["attribute_ruler", "lemmatizer"])
    lemmatizer = nlp.get_pipe("lemmatizer")
    if isinstance(lemmatizer, Lemmatizer):
        _LEMMATIZERS[id(nlp.vocab)] = lemmatizer
    return nlp


def lemma(token: Token) -> str:
    """The verb's lemma: the pipeline's when it ran, else its rule lemmatizer on this token."""
    if token.lemma_:
        return token.lemma_.lower()
    if token.lower_ in _BE_FORMS:
        return "be"
    if token.tag_ in {"VB", "VBP"}:
        return token.lower_  # already the base form ("discuss", not "discus")
    key = (id(token.vocab), token.text, token.tag_)
    known = _VERB_LEMMAS.get(key)
    if known is None:
        if len(_VERB_LEMMAS) >= _MAX_CACHED_LEMMAS:
            _VERB_LEMMAS.clear()  # a worker's lifetime of names and typos stays bounded
        known = _VERB_LEMMAS[key] = _rule_lemma(token)
    return known


_MAX_CACHED_LEMMAS = 50_000
_VERB_LEMMAS: dict[tuple[int, str, str], str] = {}
"""Lemmas found by the rule lemmatizer, by vocabulary, word and tag: a headline's checks
ask for the same few verbs' lemmas many times, at ~20 µs each."""


def _rule_lemma(token: Token) -> str:
    lemmatizer = _LEMMATIZERS.get(id(token.vocab))
    if lemmatizer is None:
        return token.lower_
    token.pos_ = "VERB"
    lemmas = lemmatizer.rule_lemmatize(token)
    for short in lemmas:
        # "staged": "stag" or "stage"? A short vowel and one consonant doubles before
        # "-ed" ("stagged", "hopped"), so undoubled, the "e" form is meant.
        if (
            short + "e" in lemmas
            and token.lower_.endswith("ed")
            and len(short) >= 3
            and short[-1] not in "aeiouwxy"
            and short[-2] in "aeiou"
            and short[-3] not in "aeiou"
        ):
            return (short + "e").lower()
    return (lemmas[0] if lemmas else token.text).lower()


def adjectives(nlp: Language) -> frozenset[str]:
    """The English adjectives the pipeline's rule lemmatizer knows (WordNet's index), in
    lower case; empty for a pipeline without one."""
    return _lemma_index(id(nlp.vocab), "adj") or frozenset()


def known_verb(token: Token) -> bool:
    """Whether the token's lemma is an English verb the rule lemmatizer knows (WordNet's
    index); ``True`` where the pipeline has no such index. A tagger's "verb" outside it
    is a noun misread ("England rugby union captain", "rugby" tagged VBP)."""
    index = _lemma_index(id(token.vocab), "verb")
    if index is None or token.lower_ in _BE_FORMS:
        return True
    base = lemma(token)
    return base in index or base in _AUXILIARY_LEMMAS


_AUXILIARY_LEMMAS = frozenset(["be", "have", "do"])


def only_a_verb(token: Token) -> bool:
    """Whether the lexicon (WordNet's index) knows the word as written as a verb and
    never as a noun ("respond"): a name spelt so reads as a command at a headline's
    start. ``False`` where the pipeline has no such index."""
    verbs = _lemma_index(id(token.vocab), "verb")
    nouns = _lemma_index(id(token.vocab), "noun")
    if verbs is None or nouns is None:
        return False
    return token.lower_ in verbs and token.lower_ not in nouns


@lru_cache(maxsize=8)
def _lemma_index(vocab_id: int, part_of_speech: str) -> frozenset[str] | None:
    """The words of one part of speech in the rule lemmatizer's ``lemma_index`` table."""
    lemmatizer = _LEMMATIZERS.get(vocab_id)
    if lemmatizer is None or not lemmatizer.lookups.has_table("lemma_index"):
        return None
    return frozenset(lemmatizer.lookups.get_table("lemma_index").get(part_of_speech, ()))
