"""Composing a brief from ranked stories, and rendering it in every format."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from typing import Any

from service.briefs.compose import compose
from service.briefs.rank import RankOptions, StoryArticle, rank_stories
from service.briefs.render import to_atom, to_html, to_markdown, to_text

NOW = datetime(2026, 3, 2, 7, 0, tzinfo=UTC)
HOSTILE = '<script>alert("x")</script> & <b>bold</b>'


def _article(article_id: int, source: str, tags: tuple[str, ...], **extra: Any) -> StoryArticle:
    return StoryArticle(
        article_id=article_id,
        source=source,
        url=f"https://{source}.example/{article_id}",
        published_at=NOW - timedelta(hours=article_id),
        tags=tags,
        text="The first sentence leads. The second follows.",
        **extra,
    )


def _brief(previous: dict[str, Any] | None = None) -> dict[str, Any]:
    bridge = [
        _article(
            1,
            "wire",
            ("local",),
            headline="Bridge opens early",
            summary="It opened. Yes.",
            bullets=("Two months early.", "Under budget."),
        ),
        _article(2, "daily", ("local",)),
    ]
    match = [_article(3, "sportsdesk", ("sport",), headline=HOSTILE, bullets=(HOSTILE,))]
    other = [_article(4, "misc", ())]
    ranked = rank_stories([bridge, match, other], now=NOW, options=RankOptions())
    content = compose(
        ranked, name="Morning", now=NOW, sections=["sport", "local"], previous=previous
    )
    return {"id": 7, "status": "done", "created_at": NOW, **content}


def test_sections_follow_the_profile_order_and_the_rest_goes_last() -> None:
    brief = _brief()
    assert [s["name"] for s in brief["sections"]] == ["sport", "local", "Other stories"]
    [bridge] = brief["sections"][1]["stories"]
    assert bridge["headline"] == "Bridge opens early"
    assert bridge["article_id"] == 1
    assert bridge["bullets"] == ["Two months early.", "Under budget."]
    assert bridge["also_reported_by"] == [
        {"source": "daily", "url": "https://daily.example/2", "article_id": 2}
    ]
    assert brief["title"] == "Morning: Monday 2 March 2026"
    assert brief["overview"].startswith("It opened.")


def test_stories_the_previous_brief_showed_are_not_new() -> None:
    first = _brief()
    assert all(story["new"] for s in first["sections"] for story in s["stories"])
    previous = {
        "sections": [
            {"name": "x", "stories": [{"article_id": 99, "also_reported_by": [{"article_id": 2}]}]}
        ]
    }
    second = _brief(previous=previous)
    news = {story["article_id"]: story["new"] for s in second["sections"] for story in s["stories"]}
    assert news == {1: False, 3: True, 4: True}


class _Checker(HTMLParser):
    VOID = frozenset({"meta", "br", "img", "hr", "link", "input"})

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes {self.stack[-1:]}"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_is_email_safe_well_formed_and_escaped() -> None:
    page = to_html(_brief())
    checker = _Checker()
    checker.feed(page)
    checker.close()
    assert checker.stack == []
    names = [tag for tag, _ in checker.tags]
    assert "script" not in names and "style" not in names and "link" not in names
    assert "table" in names and "div" not in names  # tables for layout
    assert not any(("src" in attrs) for _, attrs in checker.tags)  # no external asset
    assert all("http" not in (attrs.get("style") or "") for _, attrs in checker.tags)
    styled = [tag for tag, attrs in checker.tags if attrs.get("style")]
    assert {"body", "table", "td", "h3", "ul", "a"} <= set(styled)
    text = "".join(checker.text)
    assert HOSTILE in text  # shown as text, escaped in the markup
    assert "&lt;script&gt;" in page


def test_markdown_and_text_carry_every_story_and_link() -> None:
    brief = _brief()
    markdown, text = to_markdown(brief), to_text(brief)
    assert markdown.startswith("# Morning: Monday 2 March 2026\n")
    assert "## sport" in markdown and "## local" in markdown
    assert "[Bridge opens early](<https://wire.example/1>) **(new)**" in markdown
    assert "Also reported by: [daily](<https://daily.example/2>)" in markdown
    assert "\\<script\\>" in markdown  # markup in a headline is not live in Markdown
    assert "* Bridge opens early (wire) [new]" in text
    assert "Also reported by: daily <https://daily.example/2>" in text
    assert "  - Two months early." in text


def test_atom_feed_parses_and_holds_each_brief() -> None:
    briefs = [_brief(), {**_brief(), "id": 8, "created_at": NOW + timedelta(days=1)}]
    feed = to_atom(
        feed_id="urn:briefing:profile:3",
        title="Morning",
        updated=NOW,
        self_url="http://x/v1/brief-profiles/3/atom?a=1&b=2",
        briefs=briefs,
    )
    root = ET.fromstring(feed)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = root.findall("a:entry", ns)
    assert [e.findtext("a:id", namespaces=ns) for e in entries] == [
        "urn:briefing:profile:3:brief:7",
        "urn:briefing:profile:3:brief:8",
    ]
    content = entries[0].findtext("a:content", namespaces=ns) or ""
    assert content.startswith("<!DOCTYPE html>") and "Bridge opens early" in content
    assert root.find("a:link", ns).get("href").endswith("?a=1&b=2")  # type: ignore[union-attr]


def test_a_model_writes_the_overview_from_the_top_headlines() -> None:
    seen: list[list[str]] = []

    def write(headlines: list[str]) -> str:
        seen.append(headlines)
        return "  Three stories today, led by the bridge.  "

    bridge = [_article(1, "wire", ("local",), headline="Bridge opens early")]
    other = [_article(2, "misc", (), headline="Council meets")]
    ranked = rank_stories([bridge, other], now=NOW, options=RankOptions())
    written = compose(ranked, name="Morning", now=NOW, write_overview=write)
    assert written["overview"] == "Three stories today, led by the bridge."
    assert seen == [[story.lead.headline for story in ranked]]
    # A model that writes nothing leaves the lead sentences.
    silent = compose(ranked, name="Morning", now=NOW, write_overview=lambda _: "")
    assert silent["overview"].startswith("The first sentence leads.")
