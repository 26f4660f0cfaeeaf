"""What a submitted article may carry, whatever brought it: the API, a batch line or a
feed item. Intake (:mod:`service.ingest`) takes these; the API's schemas use them."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, AnyHttpUrl, BaseModel, ConfigDict, Field, model_validator

from service.text import clean_line

QueueName = Literal["editor", "scheduled", "bulk"]

# Every one-line text field and filter goes through the one normalization (NFC; NUL,
# controls, lone surrogates, bidi and zero-width characters removed: see
# service/text/normalize.py for why they are removed rather than refused).
Line = Annotated[str, AfterValidator(clean_line)]
# An identifier is refused (422) when malformed, after the same cleaning.
LANGUAGE_PATTERN = r"^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$"

EXAMPLE_TEXT = (
    "NATO's new Secretary General, Mark Rutte, said on Tuesday that counterterrorism "
    "would stay on the alliance's agenda and that he would keep working closely with "
    "Turkey on the issue. Speaking at his first press conference in Brussels, Rutte "
    "thanked his predecessor Jens Stoltenberg and said support for Ukraine remained a "
    "priority."
)


class SummaryOptions(BaseModel):
    model_config = ConfigDict(extra="forbid")

    bullets: int | None = Field(
        None, ge=1, le=10, description="How many bullets (1-10); default from settings."
    )
    engine: Literal["seq2seq", "extractive"] | None = Field(
        None, description="Engine for this article; default BRIEFING_ENGINE."
    )
    queue: QueueName | None = Field(
        None, description="editor (interactive), scheduled (briefs) or bulk (archives)."
    )
    headline_candidates: int | None = Field(
        None, ge=1, le=5, description="How many distinct headlines to offer (1-5), best first."
    )
    headline_max_words: int | None = Field(
        None, ge=3, le=30, description="At most this many words per headline (3-30)."
    )
    summary_length: Literal["short", "medium", "long"] | None = Field(
        None, description="short (one sentence), medium (two or three), long (three to five)."
    )

    def parameters(self, default_bullets: int) -> dict[str, Any]:
        """What the engine is asked for; options left out keep earlier work's identity."""
        chosen: dict[str, Any] = {"bullets": self.bullets or default_bullets}
        for name in ("headline_candidates", "headline_max_words", "summary_length"):
            value = getattr(self, name)
            if value is not None:
                chosen[name] = value
        return chosen

    def parameters_over(self, earlier: dict[str, Any], default_bullets: int) -> dict[str, Any]:
        """A regeneration's request: the options given here over the earlier ones."""
        given = self.parameters(default_bullets)
        if self.bullets is None:
            given.pop("bullets")
        return {"bullets": default_bullets, **earlier, **given}


class ArticleSubmission(BaseModel):
    """One article: give exactly one of ``text``, ``html`` or ``url`` (to fetch)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "text": EXAMPLE_TEXT,
                    "title": "NATO's new chief signals cooperation with Turkey",
                    "source": "example-news",
                    "tags": ["world", "nato"],
                    "options": {"bullets": 3},
                }
            ]
        },
    )

    text: str | None = Field(None, description="Plain article text.")
    html: str | None = Field(None, description="An HTML page; reduced to its main text.")
    url: AnyHttpUrl | None = Field(
        None, description="The article's address; fetched when no text or html is given."
    )
    title: Line | None = Field(None, max_length=1000)
    source: Line | None = Field(None, max_length=200)
    published_at: datetime | None = None
    language: str | None = Field(
        None, max_length=16, pattern=LANGUAGE_PATTERN, description="BCP 47 tag, e.g. en."
    )
    tags: list[Line] = Field(default_factory=list, max_length=50)
    options: SummaryOptions = Field(default_factory=SummaryOptions)

    @model_validator(mode="after")
    def _one_body(self) -> ArticleSubmission:
        given = [name for name in ("text", "html") if getattr(self, name) is not None]
        if len(given) > 1:
            raise ValueError("give either text or html, not both")
        if not given and self.url is None:
            raise ValueError("give the article as text, html or url")
        for tag in self.tags:
            if not tag or len(tag) > 100:
                raise ValueError("each tag must be 1 to 100 characters (once cleaned)")
        if self.source == "":
            self.source = None
        return self
