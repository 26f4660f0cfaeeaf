"""The extractive engine: boilerplate left out, bullets in order, a compressed headline."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from threadpoolctl import threadpool_info, threadpool_limits

from service.errors import EmptyTextError
from workers.engines import load_engine
from workers.engines.base import ArticleInput, Engine
from workers.engines.bounds import BULLET_MAX_CHARS, cut
from workers.engines.extractive import ExtractiveEngine, Prepared
from workers.engines.headline import MAX_WORDS, make_headline, parse_text

REPO = Path(__file__).resolve().parents[3]
SAMPLE = REPO.parent / "shared" / "data" / "sample_article_nato.txt"
EXCERPT = REPO / "tests" / "data" / "eval_excerpt.jsonl"


@pytest.fixture(scope="module")
def engine() -> ExtractiveEngine:
    return ExtractiveEngine()


@pytest.fixture(scope="module")
def sample() -> str:
    if not SAMPLE.exists():
        pytest.skip(f"sample article not found at {SAMPLE} (shared data not mounted)")
    return SAMPLE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def excerpt_articles() -> list[dict[str, str]]:
    with EXCERPT.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def test_meets_the_engine_contract() -> None:
    engine = load_engine("extractive", model="unused")
    assert isinstance(engine, Engine)
    assert (engine.name, engine.model_id) == ("extractive", "extractive")
    assert engine.prompt_version.startswith("extractive/")


@pytest.mark.parametrize("count", [1, 3, 5, 10])
def test_bullet_count_is_honored(engine: ExtractiveEngine, sample: str, count: int) -> None:
    [briefing] = engine.summarize([ArticleInput(sample, bullets=count)])
    assert len(briefing.bullets) == count
    assert len(briefing.details["sentence_offsets"]) == count  # type: ignore[arg-type]


def test_bullets_are_in_article_order_and_point_into_the_source(
    engine: ExtractiveEngine, sample: str
) -> None:
    [briefing] = engine.summarize([ArticleInput(sample, bullets=8)])
    offsets = briefing.details["sentence_offsets"]
    assert offsets == sorted(offsets)  # type: ignore[type-var]
    for bullet, (start, end) in zip(briefing.bullets, offsets, strict=True):  # type: ignore[arg-type]
        assert sample[start:end] == bullet


@pytest.mark.parametrize(
    "noise",
    [
        "Skip to content",
        "By Newsroom",
        "Last Updated",
        "(Reuters",
        "(AA Photo)",
        "Anadolu Agency)",
        "Cooperation with Türkiye on counterterrorism",
        "Ukraine conflict and NATO’s support",
        "NATO's new Sec-Gen Mark Rutte signals cooperation with Türkiye",
        "Oct 1, 2024 5:19 PM",
    ],
)
def test_boilerplate_never_becomes_a_bullet(
    engine: ExtractiveEngine, sample: str, noise: str
) -> None:
    [briefing] = engine.summarize([ArticleInput(sample, bullets=10)])
    for text in [*briefing.bullets, briefing.summary, briefing.headline]:
        assert noise not in text


def test_summary_has_two_or_three_sentences_from_the_article(
    engine: ExtractiveEngine, sample: str
) -> None:
    [briefing] = engine.summarize([ArticleInput(sample)])
    spans = briefing.details["summary_offsets"]
    assert 2 <= len(spans) <= 3  # type: ignore[arg-type]
    assert briefing.summary == " ".join(sample[s:e] for s, e in spans)  # type: ignore[misc]


def test_headline_is_short_and_not_the_copied_lead(
    engine: ExtractiveEngine, sample: str, excerpt_articles: list[dict[str, str]]
) -> None:
    articles = [ArticleInput(sample), *(ArticleInput(a["article"]) for a in excerpt_articles)]
    for article, briefing in zip(articles, engine.summarize(articles), strict=True):
        words = briefing.headline.split()
        assert 3 <= len(words) <= MAX_WORDS
        start, end = briefing.details["headline_source"]  # type: ignore[misc]
        assert briefing.headline != article.text[start:end]
        assert not briefing.headline.endswith(".")


@pytest.mark.parametrize(
    ("sentence", "absent"),
    [
        (
            "The minister resigned on Monday after weeks of pressure over the budget, he said.",
            "he said",
        ),
        (
            "After a long night of talks in Brussels, ministers agreed a new fishing quota deal.",
            "After",
        ),
        (
            "Mark Rutte, the former Dutch prime minister, took office as head of NATO in Brussels.",
            "former",
        ),
        (
            "Shares in Acme (ACM) rose 5% in early trading on Tuesday as investors cheered.",
            "(ACM)",
        ),
    ],
)
def test_headline_compression_drops_what_a_sub_editor_cuts(sentence: str, absent: str) -> None:
    headline = make_headline(sentence)
    assert absent not in headline
    assert len(headline.split()) <= MAX_WORDS
    assert headline[0].isupper()


def test_deterministic(engine: ExtractiveEngine, excerpt_articles: list[dict[str, str]]) -> None:
    articles = [ArticleInput(a["article"], title=a["title"]) for a in excerpt_articles]
    assert engine.summarize(articles) == ExtractiveEngine().summarize(articles)


def test_short_text_still_gets_a_briefing(engine: ExtractiveEngine) -> None:
    [briefing] = engine.summarize([ArticleInput("Rates rose again today in London.", bullets=5)])
    assert briefing.bullets == ["Rates rose again today in London."]
    assert briefing.headline


def test_text_without_sentences_is_refused(engine: ExtractiveEngine) -> None:
    with pytest.raises(EmptyTextError):
        engine.summarize([ArticleInput("   \n ")])


def test_headline_drops_one_off_adjectives_but_keeps_the_recurring_entity() -> None:
    sentence = "Quarterly profits at controversial media giant TimeWarner jumped 76% to $1.13bn."
    salience = Counter(
        {"profit": 4, "media": 2, "timewarn": 5, "jump": 1, "giant": 1, "controversial": 1}
    )
    headline = make_headline(sentence, salience=salience)
    assert "TimeWarner" in headline
    assert "jumped" in headline
    assert "controversial" not in headline
    # A noun modifier may hold its phrase together ("oil firm Yukos"): it stays.
    assert "giant TimeWarner" in headline
    assert headline[0].isupper()
    assert len(headline.split()) <= MAX_WORDS


def test_headline_pruning_keeps_negation_and_the_verb_after_to() -> None:
    sentence = "Ministers never agreed to discuss sweeping reforms of the pension system."
    headline = make_headline(sentence, salience=Counter({"minist": 3, "reform": 3, "pension": 4}))
    assert "never" in headline
    assert "discuss" in headline


class _RecordingThreads(ExtractiveEngine):
    """Records how many BLAS threads numpy may use while an article is briefed."""

    def __init__(self) -> None:
        super().__init__()
        self.threads: list[int] = []

    def prepare(self, article: ArticleInput) -> Prepared:
        self.threads += [
            lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas"
        ]
        return super().prepare(article)


def test_summarize_runs_numpy_on_one_blas_thread() -> None:
    engine = _RecordingThreads()
    text = "The council met on Monday. It approved the budget. Residents welcomed the plan."
    with threadpool_limits(limits=2, user_api="blas"):
        engine.summarize([ArticleInput(text=text)])
        outside = [lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas"]
    assert engine.threads and set(engine.threads) == {1}
    assert outside == [2] * len(outside)  # the caller's setting is given back


def test_a_batch_parses_every_headline_source_at_once_with_the_same_briefings(
    engine: ExtractiveEngine,
) -> None:
    """The sentences headlines come from are parsed in one batch, the ranked one too where
    the lead cannot lead (a quotation, a pronoun): the same briefings as one by one."""
    texts = [
        "The council approved a budget of 3 million pounds on Monday. It raises school "
        "spending. Residents welcomed the plan at a meeting.",
        '"We will fight this," said the union leader. Carmakers in Turin will cut 2,000 '
        "jobs next year, the company said. The unions plan a strike. Talks resume in May.",
        "He was not there. Shares in the shipping group Maersk fell 9% after it said it "
        "would cut 10,000 jobs. Analysts had expected a smaller cut.",
    ]
    articles = [ArticleInput(text) for text in texts]
    prepared = [engine.prepare(article) for article in articles]
    assert any(p.source != 0 for p in prepared), "no article whose lead cannot lead"
    parsed = engine.parse_sources(prepared)
    for article in prepared:
        text = cut(article.sentences[article.source].sentence.text, BULLET_MAX_CHARS)
        assert parse_text(text) in parsed
    batch = engine.summarize(articles)
    assert [b.headline for b in batch] == [engine.brief(a).headline for a in articles]
    assert [b.bullets for b in batch] == [engine.brief(a).bullets for a in articles]
