"""An engine that needs no model files: it picks the article's own sentences.

Pipeline per article: keep the body prose (:mod:`workers.engines.boilerplate`), score
sentences by centrality, position, title overlap and length, order them by MMR
(:mod:`workers.engines.extractive_scoring`), then write bullets and summary from the
top picks in article order and compress the best one into a headline
(:mod:`workers.engines.headline`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from service.errors import EmptyTextError
from workers.engines.base import ArticleInput, Briefing
from workers.engines.boilerplate import ProseSentence, prose_sentences
from workers.engines.extractive_scoring import (
    ScoringWeights,
    content_terms,
    mmr_order,
    score_sentences,
    tfidf_matrix,
)
from workers.engines.headline import is_headline_material, make_headline

MIN_BULLETS = 1
MAX_BULLETS = 10
SUMMARY_MAX_SENTENCES = 3
SUMMARY_MIN_SENTENCES = 2
SUMMARY_MAX_WORDS = 75
"""A third sentence joins the summary only while the summary stays this short."""


class ExtractiveEngine:
    """Extractive briefings: deterministic, CPU-only, no model files."""

    name = "extractive"
    model_id = "extractive"
    prompt_version = "extractive/1"

    def __init__(self, weights: ScoringWeights | None = None) -> None:
        self.weights = weights or ScoringWeights()

    def summarize(self, articles: Sequence[ArticleInput]) -> list[Briefing]:
        """Brief each article; the output list lines up with the input."""
        return [self.brief(article) for article in articles]

    def brief(self, article: ArticleInput) -> Briefing:
        """Brief one article; raises ``EmptyTextError`` when it holds no sentences."""
        sentences = prose_sentences(article.text, article.title)
        if not sentences:
            raise EmptyTextError("the article has no sentences to summarize")
        ranked = self.rank(sentences, article.title)
        bullet_count = min(max(article.bullets, MIN_BULLETS), MAX_BULLETS)
        bullets = sorted(ranked[:bullet_count])
        summary = sorted(_summary_picks(ranked, sentences))
        source = _headline_source(ranked, sentences)
        return Briefing(
            headline=make_headline(
                sentences[source].sentence.text, salience=_article_salience(sentences)
            ),
            summary=" ".join(sentences[i].sentence.text for i in summary),
            bullets=[sentences[i].sentence.text for i in bullets],
            chunks_read=1,
            details={
                "sentence_offsets": [_offsets(sentences[i]) for i in bullets],
                "summary_offsets": [_offsets(sentences[i]) for i in summary],
                "headline_source": _offsets(sentences[source]),
                "sentences_considered": len(sentences),
            },
        )

    def rank(self, sentences: Sequence[ProseSentence], title: str | None) -> list[int]:
        """Indices of ``sentences`` from most to least worth reading, redundancy removed."""
        terms = [content_terms(s.sentence.text) for s in sentences]
        vectors = tfidf_matrix(terms)
        similarity = vectors @ vectors.T
        scores = score_sentences(
            terms,
            [len(s.sentence.text.split()) for s in sentences],
            [s.paragraph for s in sentences],
            content_terms(title) if title else [],
            similarity,
            self.weights,
        )
        return mmr_order(scores, similarity, len(sentences), self.weights.mmr_lambda)


def _headline_source(ranked: Sequence[int], sentences: Sequence[ProseSentence]) -> int:
    """The lead, as news puts the story there; else the best sentence fit to lead."""
    for index in (0, *ranked[:3]):
        if is_headline_material(sentences[index].sentence.text):
            return index
    return ranked[0]


def _article_salience(sentences: Sequence[ProseSentence]) -> Counter[str]:
    """How often the article's prose names each stemmed content word."""
    return Counter(term for s in sentences for term in content_terms(s.sentence.text))


def _summary_picks(ranked: Sequence[int], sentences: Sequence[ProseSentence]) -> list[int]:
    picks: list[int] = []
    words = 0
    for index in ranked[:SUMMARY_MAX_SENTENCES]:
        length = len(sentences[index].sentence.text.split())
        if len(picks) >= SUMMARY_MIN_SENTENCES and words + length > SUMMARY_MAX_WORDS:
            break
        picks.append(index)
        words += length
    return picks


def _offsets(sentence: ProseSentence) -> list[int]:
    return [sentence.sentence.start, sentence.sentence.end]
