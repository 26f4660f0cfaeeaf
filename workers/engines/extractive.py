"""An engine that needs no model files: it picks the article's own sentences.

Pipeline per article: keep the body prose (:mod:`workers.engines.boilerplate`), keep
quotations whole (:mod:`workers.engines.quotations`), score sentences by centrality,
position, title overlap, figures and length, order them by MMR against word and fact
repetition (:mod:`workers.engines.extractive_scoring`, :mod:`workers.engines.redundancy`),
take the bullets from the top of that one order and the summary from its best point and
the points the bullets leave out (:func:`summary_order`), and compress the best sentence
into a headline (:mod:`workers.engines.headline`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

import numpy as np
from threadpoolctl import threadpool_limits

from service.errors import EmptyTextError
from service.text.sentences import Sentence
from workers.engines import DEFAULT_HEADLINE_PARSER
from workers.engines.base import ArticleInput, Briefing
from workers.engines.boilerplate import ProseSentence, prose_sentences
from workers.engines.bounds import (
    BULLET_MAX_CHARS,
    SUMMARY_MAX_CHARS,
    bound_bullet,
    bound_summary,
    cut,
)
from workers.engines.checks import open_quotation, quotes_balanced
from workers.engines.extractive_scoring import (
    ScoringWeights,
    content_terms,
    mmr_order,
    score_sentences,
    tfidf_matrix,
)
from workers.engines.headline import (
    MAX_WORDS,
    TARGET_WORDS,
    checked_compression,
    checked_headline,
    clause_after_opening,
    is_headline_material,
    lead_clause,
    make_headline,
    parse_sentence,
    parse_text,
    reads_as_headline,
)
from workers.engines.headline_scorer import ArticleContext, best_headline, candidates
from workers.engines.parsing import adjectives, load_parser
from workers.engines.quotations import Quotations
from workers.engines.redundancy import redundancy
from workers.engines.short_names import short_names
from workers.engines.wellformed import without_stranded_subject

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

MIN_BULLETS = 1
MAX_BULLETS = 10
SUMMARY_MAX_SENTENCES = 3
SUMMARY_MIN_SENTENCES = 2
SUMMARY_MAX_WORDS = 75
"""A third sentence joins the summary only while the summary stays this short."""
SUMMARY_REPEAT_LIMIT = 0.35
"""A sentence repeating a bullet this much (word or fact overlap) is not summary material."""
SUMMARY_FRESH_FLOOR = 0.5
"""A point the bullets do not hold joins the summary only if it scores this share of
the best point's score; else the summary goes on with the bullets' points. Dev, summary
ROUGE-2 / sentences shared with the bullets, floor 0 -> 0.5 -> 0.9: CNN/DM (3 bullets)
9.85 / 1.0 -> 10.50 / 1.33 -> 11.92 / 2.65; BBC (5 bullets) 34.49 / 1.09 -> 41.98 / 2.38
-> 43.15 / 2.94."""
SUMMARY_SENTENCES = {"short": (1, 1, 0), "medium": (2, 3, 75), "long": (3, 5, 170)}
"""summary_length -> (at least, at most sentences, words a further sentence may reach)."""
MAX_HEADLINE_CANDIDATES = 5
_CANDIDATE_SOURCES = 40
_SAYS_AT_END = re.compile(r"\b(?:say|says|said|added|stated|stating)\W*$", re.IGNORECASE)
_WORDLIKE = re.compile(r"[^\W_]")
_FIGURE = re.compile(r"\d")
MAX_CANDIDATES = 200
CANDIDATE_CHARS = 30_000
"""Only sentences that start in the first ``CANDIDATE_CHARS`` characters, at most
``MAX_CANDIDATES`` of them, are scored: LexRank and MMR are quadratic in the sentence
count. News puts its story first, and a 5,000-word feature still fits (nato sample:
31 sentences, 5,000 characters); without the cap ``". " * 99000`` asked for 73 GiB."""
SCORING_CHARS = 1_000
"""Terms are taken from this much of each sentence, which bounds the TF-IDF vocabulary."""


@dataclass(frozen=True)
class Prepared:
    """An article as far as it goes without its headline (see ExtractiveEngine.prepare)."""

    article: ArticleInput
    found_count: int
    sentences: Sequence[ProseSentence]
    ranked: Sequence[int]
    bullets: Sequence[int]
    summary: Sequence[int]
    salience: Counter[str]
    opening: Sequence[str]
    source: int
    """The sentence the headline comes from (:func:`headline_source`)."""


class ExtractiveEngine:
    """Extractive briefings: deterministic, CPU-only, no model files."""

    name = "extractive"
    model_id = "extractive"
    prompt_version = "extractive/1"

    def __init__(
        self,
        weights: ScoringWeights | None = None,
        parser: str | None = DEFAULT_HEADLINE_PARSER,
        *,
        shorten_names: bool = True,
    ) -> None:
        """``parser`` names the spaCy pipeline for headlines (``ModelLoadError`` if it is
        not installed); ``None`` asks for the rule-based headlines alone (benchmarks).
        ``shorten_names``: surnames and initials in headlines where the article uses them
        (:mod:`workers.engines.short_names`); off, the headline keeps the source's words
        as written, which the parse check of ``benchmarks/headline_wellformed.py`` needs."""
        self.weights = weights or ScoringWeights()
        self.parser = load_parser(parser) if parser is not None else None
        self.adjectives = adjectives(self.parser) if self.parser is not None else frozenset()
        self.shorten_names = shorten_names

    def summarize(self, articles: Sequence[ArticleInput]) -> list[Briefing]:
        """Brief each article; the output list lines up with the input."""
        # An article's matrices are tens of sentences wide: BLAS threads only cost
        # here (600-word articles on 2 busy cores: 520/s on one thread, 100/s on two).
        # The libraries are looked up each call (~0.2 ms): one loaded later (a second
        # OpenBLAS) would escape a controller cached at the first.
        with threadpool_limits(limits=1, user_api="blas"):
            prepared = [self.prepare(article) for article in articles]
            parsed = self.parse_sources(prepared)
            return [self.finish(article, parsed) for article in prepared]

    def parse_sources(self, prepared: Sequence[Prepared]) -> dict[str, Doc]:
        """Parses of the sentences the headlines come from, made in one batch: spaCy
        parses a batch in about 60% of the time per sentence that it takes one by one."""
        if self.parser is None or len(prepared) < 2:
            return {}
        sources = {
            parse_text(cut(article.sentences[article.source].sentence.text, BULLET_MAX_CHARS))
            for article in prepared
        }
        return {doc.text: doc for doc in self.parser.pipe(sorted(sources))}

    def brief(self, article: ArticleInput, parsed: Mapping[str, Doc] | None = None) -> Briefing:
        """Brief one article; raises ``EmptyTextError`` when it holds no sentences.

        ``parsed`` holds headline parses made ahead (:meth:`parse_sources`)."""
        return self.finish(self.prepare(article), parsed)

    def prepare(self, article: ArticleInput) -> Prepared:
        """Everything but the headline: the sentences, their ranking, the bullets and the
        summary, and which sentence the headline comes from. Raises ``EmptyTextError``
        when the article holds no sentences."""
        found = prose_sentences(article.text, article.title)
        if not any(_WORDLIKE.search(s.sentence.text) for s in found):
            raise EmptyTextError("the article has no sentences to summarize")
        quotations = Quotations.of(article.text)
        sentences = quotation_units(article.text, _candidates(found), quotations)
        terms = [content_terms(s.sentence.text[:SCORING_CHARS]) for s in sentences]
        bullet_count = min(max(article.bullets, MIN_BULLETS), MAX_BULLETS)
        # MMR picks one at a time: ordering a few more than needed leaves room for the
        # quotations left out below without ordering all 200 candidates.
        at_least, at_most, max_words = SUMMARY_SENTENCES.get(
            article.summary_length, SUMMARY_SENTENCES["medium"]
        )
        wanted = bullet_count + at_most
        ranked, repeats, scores = self.ranking(
            sentences, article.title, terms=terms, limit=2 * wanted + 10
        )
        # A quotation cut in two, or one with no speaker, does not read whole: left out,
        # unless nothing else is left. Only as many as can be used are checked.
        readable = _readable(ranked, sentences, wanted, quotations)
        ranked = readable or ranked
        order = summary_order(ranked, bullet_count, repeats, scores)
        return Prepared(
            article=article,
            found_count=len(found),
            sentences=sentences,
            ranked=ranked,
            bullets=sorted(ranked[:bullet_count]),
            summary=sorted(_summary_picks(order, sentences, at_least, at_most, max_words)),
            salience=Counter(term for sentence_terms in terms for term in sentence_terms),
            opening=terms[0] if terms else (),
            source=headline_source(ranked, sentences),
        )

    def finish(self, prepared: Prepared, parsed: Mapping[str, Doc] | None = None) -> Briefing:
        """The briefing of a prepared article, its headline written now."""
        article, sentences, ranked = prepared.article, prepared.sentences, prepared.ranked
        bullets, summary, salience = prepared.bullets, prepared.summary, prepared.salience
        max_headline_words = article.headline_max_words or MAX_WORDS
        source, headline = _headline(
            ranked,
            sentences,
            salience,
            max_headline_words,
            parser=self.parser,
            parsed=parsed,
            opening=prepared.opening,
        )
        shorten: Callable[[str], str] = str
        if self.shorten_names:
            shorten = partial(short_names, article=article.text, adjectives=self.adjectives)
        headline = shorten(headline)
        candidates = _headline_candidates(
            headline,
            ranked,
            sentences,
            salience,
            max_headline_words,
            min(max(article.headline_candidates, 1), MAX_HEADLINE_CANDIDATES),
            shorten,
        )
        return Briefing(
            headline=headline,
            summary=bound_summary(" ".join(_bounded(sentences[i]) for i in summary)),
            bullets=[_bounded(sentences[i]) for i in bullets],
            chunks_read=1,
            details={
                "sentence_offsets": [_offsets(sentences[i]) for i in bullets],
                "summary_offsets": [_offsets(sentences[i]) for i in summary],
                "headline_source": _offsets(sentences[source]),
                "headline_candidates": candidates,
                "sentences_considered": len(sentences),
                "sentences_found": prepared.found_count,
            },
        )

    def rank(
        self,
        sentences: Sequence[ProseSentence],
        title: str | None,
        *,
        terms: Sequence[Sequence[str]] | None = None,
        limit: int | None = None,
    ) -> list[int]:
        """Indices of ``sentences`` from most to least worth reading, redundancy removed."""
        return self.ranking(sentences, title, terms=terms, limit=limit)[0]

    def ranking(
        self,
        sentences: Sequence[ProseSentence],
        title: str | None,
        *,
        terms: Sequence[Sequence[str]] | None = None,
        limit: int | None = None,
    ) -> tuple[list[int], np.ndarray, np.ndarray]:
        """:meth:`rank`'s order, how much each two sentences repeat each other, and each
        sentence's relevance score."""
        if terms is None:
            terms = [content_terms(s.sentence.text[:SCORING_CHARS]) for s in sentences]
        vectors = tfidf_matrix(terms)
        similarity = vectors @ vectors.T
        scores = score_sentences(
            terms,
            [len(s.sentence.text.split()) for s in sentences],
            [s.paragraph for s in sentences],
            content_terms(title) if title else [],
            similarity,
            self.weights,
            [_FIGURE.search(s.sentence.text) is not None for s in sentences],
        )
        count = len(sentences) if limit is None else min(limit, len(sentences))
        repeats = redundancy(
            similarity, [s.sentence.text[:SCORING_CHARS] for s in sentences], self.weights.facts
        )
        order = mmr_order(
            scores, repeats, count, self.weights.mmr_lambda, self.weights.repeat_limit
        )
        return order, repeats, scores


def _candidates(sentences: Sequence[ProseSentence]) -> list[ProseSentence]:
    """The sentences worth scoring: those of the article's opening, a bounded number."""
    start = sentences[0].sentence.start
    kept = [s for s in sentences[:MAX_CANDIDATES] if s.sentence.start - start < CANDIDATE_CHARS]
    return kept or list(sentences[:1])


_QUOTATION_UNIT_SENTENCES = 4


def quotation_units(
    text: str, sentences: Sequence[ProseSentence], quotations: Quotations | None = None
) -> list[ProseSentence]:
    """Join the sentences of a quotation that spans several into one extract.

    '"We will win. We are strong," he said.' is split in two by the splitter, the first
    half opening a quotation the second closes; joined, it is one whole quotation with
    its speaker. A join stays under the bullet length and four sentences; sentences
    whose quotation no join closes are left as they are (and not chosen as extracts).
    """
    quotations = quotations or Quotations.of(text)
    units: list[ProseSentence] = []
    index = 0
    while index < len(sentences):
        first = sentences[index]
        end = index
        if quotations.inside(first.sentence.end - 1):
            for stop in range(index + 1, min(index + _QUOTATION_UNIT_SENTENCES, len(sentences))):
                last = sentences[stop].sentence
                if last.end - first.sentence.start > BULLET_MAX_CHARS:
                    break
                if not quotations.inside(last.end - 1):
                    end = stop
                    break
        if end == index:
            units.append(first)
        else:
            start, stop_at = first.sentence.start, sentences[end].sentence.end
            joined = Sentence(text[start:stop_at], start, stop_at)
            units.append(ProseSentence(joined, first.paragraph, first.first_in_paragraph))
        index = end + 1
    return units


def _readable(
    ranked: Sequence[int],
    sentences: Sequence[ProseSentence],
    wanted: int,
    quotations: Quotations,
) -> list[int]:
    """The first ``wanted`` of ``ranked`` that read whole: no quotation cut, and any
    quotation they hold comes with its speaker."""
    readable: list[int] = []
    for index in ranked:
        sentence = sentences[index].sentence
        # Both: news style's unclosed paragraph of a long quotation reads whole, but
        # its marks do not balance on their own, and readers count marks.
        if quotes_balanced(sentence.text) and quotations.reads_whole(sentence.text, sentence.start):
            readable.append(index)
            if len(readable) == wanted:
                break
    return readable


def _bounded(sentence: ProseSentence) -> str:
    """The extract within the bullet bound; a cut never leaves a quotation open."""
    text = sentence.sentence.text
    bounded = bound_bullet(text)
    if bounded != text and not quotes_balanced(bounded):
        # Nothing before the open quotation (degenerate text): the plain cut it is.
        bounded = cut(bounded, open_quotation(bounded)) or bounded
    return bounded


def _headline(
    ranked: Sequence[int],
    sentences: Sequence[ProseSentence],
    salience: Counter[str],
    max_words: int = MAX_WORDS,
    *,
    parser: Language | None,
    parsed: Mapping[str, Doc] | None = None,
    opening: Sequence[str] = (),
) -> tuple[int, str]:
    """The headline and the sentence it comes from.

    The lead comes first, as news puts the story there; else the best sentence fit to
    lead. Of its well-formed compressions, the one whose words a title most likely
    holds (:mod:`workers.engines.headline_scorer`). Where the parse finds no clause to
    compress, the rule headline or the opening clause, if the parse finds it whole; else
    a vague compression (:attr:`~workers.engines.compress.Compression.vague`); else the
    compression of the next sentence fit to lead. Only where none of these is found,
    the rules' headline unchecked: a short well-formed clause beats a broken one.
    """
    material = headline_sources(ranked, sentences)
    source = material[0] if material else ranked[0]
    text = cut(sentences[source].sentence.text, BULLET_MAX_CHARS)
    if parser is not None:
        # One parse of the source serves the compression and the checked fallback.
        doc = parse_sentence(parser, text, parsed)
        parsed = {doc.text: doc}
        found = candidates(doc, text, max_words, salience)
        context = ArticleContext.of(salience, opening)
        compressed = best_headline(doc, [c for c in found if not c.vague], context, source)
        if compressed is not None:
            return source, compressed
        checked = checked_headline(parser, text, max_words, salience, parsed)
        if checked is not None:
            return source, checked
        # "Howard dismisses fears [that ...]": vague, but the lead's news.
        compressed = best_headline(doc, found, context, source)
        if compressed is not None:
            return source, compressed
        nearby = _nearby_headline(source, material, sentences, salience, max_words, parser)
        if nearby is not None:
            return nearby
    headline = make_headline(text, max_words=max_words, salience=salience)
    if parser is not None:
        clause = clause_after_opening(doc, headline, max_words)
        if clause is not None:
            return source, clause
        headline = without_stranded_subject(headline, doc)
    if not reads_as_headline(headline, text):
        clause = lead_clause(text, max_words)
        if clause and reads_as_headline(clause, text):
            return source, clause
    return source, headline


def headline_sources(ranked: Sequence[int], sentences: Sequence[ProseSentence]) -> list[int]:
    """The sentences fit to lead a headline, in the order they are tried: the lead,
    then the best ranked."""
    return [i for i in (0, *ranked[:3]) if is_headline_material(sentences[i].sentence.text)]


def headline_source(ranked: Sequence[int], sentences: Sequence[ProseSentence]) -> int:
    """The sentence the headline comes from: the lead, else the best one fit to lead."""
    sources = headline_sources(ranked, sentences)
    return sources[0] if sources else ranked[0]


_FALLBACK_SOURCES = 3
"""Where the lead has no well-formed headline, the top-ranked sentences and the article's
first few are compressed instead."""
_LAST_RESORT_SOURCES = 8
"""Where none of those has one either, the article's first sentences as far as this: a
whole headline from further down beats the rules' broken cut of the lead."""
_CLOSE_TO_LEAD = 2


def _nearby_headline(
    source: int,
    material: Sequence[int],
    sentences: Sequence[ProseSentence],
    salience: Counter[str],
    max_words: int,
    parser: Language,
) -> tuple[int, str] | None:
    """A well-formed compression of a top-ranked or early sentence, with its index: the
    first that shares ``_CLOSE_TO_LEAD`` words with the lead (what the lead says is what
    the story is about), else the one sharing most; where none has one, the first of the
    article's next sentences that has and speaks of the lead's story. The first few are
    parsed in one spaCy batch, the rest one at a time, only as far as needed."""
    lead_terms = set(content_terms(sentences[source].sentence.text))
    best: tuple[int, int, str] | None = None
    first = [
        i
        for i in dict.fromkeys((*material, *range(min(len(sentences), _FALLBACK_SOURCES))))
        if i != source and is_headline_material(sentences[i].sentence.text)
    ]
    texts = {i: cut(sentences[i].sentence.text, BULLET_MAX_CHARS) for i in first}
    # One spaCy batch for the first few, though the search may stop before the last: a
    # sentence parsed in a batch of four takes 2.3 ms here, alone 3.3 ms.
    parsed = {doc.text: doc for doc in parser.pipe(parse_text(texts[i]) for i in first)}
    further = range(min(len(sentences), _LAST_RESORT_SOURCES))
    for index in (*first, *(i for i in further if i not in first and i != source)):
        if best is not None and index not in first:
            break
        if index not in texts:
            if not is_headline_material(sentences[index].sentence.text):
                continue
            texts[index] = cut(sentences[index].sentence.text, BULLET_MAX_CHARS)
        headline = checked_compression(parser, texts[index], max_words, salience, parsed)
        if headline is None:
            continue
        shared = len(lead_terms & set(content_terms(headline)))
        if shared >= _CLOSE_TO_LEAD:
            return index, headline
        if index not in first and not shared:
            continue  # further down, a headline about something else ("X surrenders possession")
        if best is None or shared > best[0]:
            best = (shared, index, headline)
    return (best[1], best[2]) if best else None


def _headline_candidates(
    best: str,
    ranked: Sequence[int],
    sentences: Sequence[ProseSentence],
    salience: Counter[str],
    max_words: int,
    count: int,
    shorten: Callable[[str], str],
) -> list[str]:
    """``count`` distinct headlines, ``best`` first: other compressions of the lead and
    of the top-ranked sentences (shorter cuts, opening clauses), each within
    ``max_words``, reading whole and with the names ``shorten`` gives."""
    found = [best]
    seen = {best.casefold()}
    if count <= 1:
        return found
    shorter = max(4, min(max_words, TARGET_WORDS) - 3)
    for index in dict.fromkeys((0, *ranked, *range(len(sentences[:_CANDIDATE_SOURCES])))):
        text = cut(sentences[index].sentence.text, BULLET_MAX_CHARS)
        if not is_headline_material(text):
            continue
        options = (
            make_headline(text, max_words=max_words, salience=salience),
            lead_clause(text, max_words),
            make_headline(text, max_words=max_words, target_words=shorter, salience=salience),
        )
        for option in options:
            if not option or not reads_as_headline(option, text):
                continue
            option = shorten(option)
            if option.casefold() not in seen and not _SAYS_AT_END.search(option):
                seen.add(option.casefold())
                found.append(option)
                if len(found) == count:
                    return found
    return found


def _is_material(sentence: ProseSentence) -> bool:
    return is_headline_material(sentence.sentence.text)


def summary_order(
    ranked: Sequence[int],
    bullet_count: int,
    repeats: np.ndarray | None = None,
    scores: np.ndarray | None = None,
) -> list[int]:
    """The order the summary takes sentences in, from one ranking shared with the bullets.

    The bullets are the ``bullet_count`` best points and must stand alone (a brief shows
    them without the summary). The summary, read just above them, opens with the best
    point, the story itself, and goes on with the next-ranked points that the bullets do
    not hold, in words or in facts (``repeats`` above ``SUMMARY_REPEAT_LIMIT`` with a
    bullet), while such a point still scores ``SUMMARY_FRESH_FLOOR`` of the best one;
    past that (a short article, or many bullets) it goes on with the bullets' points.
    """
    if not ranked:
        return []
    bullets = list(ranked[:bullet_count])
    floor = SUMMARY_FRESH_FLOOR * scores[ranked[0]] if scores is not None else -np.inf
    fresh: list[int] = []
    rest: list[int] = []
    for index in ranked[bullet_count:]:
        repeated = repeats is not None and max(repeats[index, b] for b in bullets) > (
            SUMMARY_REPEAT_LIMIT
        )
        if repeated or (scores is not None and scores[index] < floor):
            rest.append(index)
        else:
            fresh.append(index)
    return [ranked[0], *fresh, *bullets[1:], *rest]


def _summary_picks(
    ranked: Sequence[int],
    sentences: Sequence[ProseSentence],
    at_least: int = SUMMARY_MIN_SENTENCES,
    at_most: int = SUMMARY_MAX_SENTENCES,
    max_words: int = SUMMARY_MAX_WORDS,
) -> list[int]:
    """Whole sentences: past ``at_least``, one joins only while the summary stays under
    ``max_words``; never so many that the summary bound would cut one."""
    picks: list[int] = []
    words = chars = 0
    for index in ranked[:at_most]:
        text = _bounded(sentences[index])
        length = len(text.split())
        if len(picks) >= at_least and words + length > max_words:
            break
        if picks and chars + 1 + len(text) > SUMMARY_MAX_CHARS:
            break
        picks.append(index)
        words += length
        chars += len(text) + (1 if chars else 0)
    return picks


def _offsets(sentence: ProseSentence) -> list[int]:
    """Where the (possibly cut) extract sits in the source."""
    start = sentence.sentence.start
    return [start, start + len(_bounded(sentence))]
