from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from service.config import Settings
from service.storage.db import session_scope
from service.storage.models import Summary
from tests.factories import ARTICLE_TEXT, submission


def test_submit_returns_202_with_ids_and_location(client: TestClient, settings: Settings) -> None:
    response = client.post("/v1/articles", json=submission(tags=["city"]))
    assert response.status_code == 202, response.text
    body = response.json()
    assert body["status"] == "queued" and body["duplicate"] is False
    assert response.headers["location"] == f"/v1/summaries/{body['summary_id']}"
    with session_scope(settings.resolved_database_url) as session:
        row = session.get(Summary, body["summary_id"])
        assert row is not None
        assert row.dispatched_at is not None  # the broker took the task
        assert row.parameters == {"bullets": settings.default_bullets}
        assert row.engine == "extractive" and row.queue == "editor"
        assert row.article.tag_names == ["city"]


def test_same_article_twice_returns_the_existing_summary(client: TestClient) -> None:
    first = client.post("/v1/articles", json=submission()).json()
    # Different whitespace and control characters normalize to the same text.
    again = client.post("/v1/articles", json=submission(text=ARTICLE_TEXT + "\x00  \r\n"))
    assert again.status_code == 200
    assert again.json()["summary_id"] == first["summary_id"]
    assert again.json()["duplicate"] is True
    other = client.post("/v1/articles", json=submission(options={"bullets": 2}))
    assert other.status_code == 202 and other.json()["summary_id"] != first["summary_id"]
    assert other.json()["article_id"] == first["article_id"]


def _problem(response, status: int) -> dict:  # type: ignore[no-untyped-def,type-arg]
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    return response.json()


def test_empty_text_is_refused(client: TestClient) -> None:
    body = _problem(client.post("/v1/articles", json={"text": " \x00\x07 \n "}), 422)
    assert "empty" in body["detail"]


def test_text_over_the_limit_is_413(client: TestClient, settings: Settings) -> None:
    text = "word " * (settings.max_text_chars // 5 + 10)
    body = _problem(client.post("/v1/articles", json={"text": text}), 413)
    assert "BRIEFING_MAX_TEXT_CHARS" in body["detail"]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"text": "x", "options": {"bullets": 11}}, "options.bullets"),
        ({"text": "x", "options": {"engine": "gpt"}}, "options.engine"),
        ({"text": "x", "published_at": "yesterday"}, "published_at"),
        ({"text": "x", "colour": "red"}, "colour"),
        ({"text": "x", "html": "<p>x</p>"}, ""),
        ({"title": "no body"}, ""),
    ],
)
def test_malformed_fields_are_422_naming_the_field(
    client: TestClient,
    payload: dict,
    field: str,  # type: ignore[type-arg]
) -> None:
    body = _problem(client.post("/v1/articles", json=payload), 422)
    assert body["errors"], body
    if field:
        assert any(error["field"] == field for error in body["errors"]), body


def test_unknown_ids_are_404(client: TestClient) -> None:
    assert "no summary with id 999" in _problem(client.get("/v1/summaries/999"), 404)["detail"]
    assert "no article" in _problem(client.get("/v1/articles/999"), 404)["detail"]


def test_html_is_reduced_to_its_text(client: TestClient) -> None:
    paragraph = "The harbour reopened on Friday after the storm damaged its walls. " * 6
    html = (
        "<html><head><title>Harbour reopens</title></head><body><nav>Menu Home</nav>"
        f"<article><p>{paragraph}</p></article><footer>Cookie policy</footer></body></html>"
    )
    accepted = client.post("/v1/articles", json={"html": html}).json()
    article = client.get(f"/v1/articles/{accepted['article_id']}").json()
    assert article["text"].startswith("The harbour reopened")
    assert "Cookie" not in article["text"] and "<" not in article["text"]
    assert article["title"] == "Harbour reopens"


def test_batch_accepts_up_to_100_and_checks_all_first(client: TestClient) -> None:
    items = [submission(text=f"Article number {i} about the council budget.") for i in range(3)]
    response = client.post("/v1/articles/batch", json={"articles": items})
    assert response.status_code == 202
    assert len({item["summary_id"] for item in response.json()["items"]}) == 3
    too_many = client.post("/v1/articles/batch", json={"articles": [submission()] * 101})
    _problem(too_many, 422)
    bad = [submission(text="A new article."), {"text": "\x00"}]
    body = _problem(client.post("/v1/articles/batch", json={"articles": bad}), 422)
    assert "articles[1]" in body["detail"]
    listed = client.get("/v1/summaries", params={"limit": 100}).json()["items"]
    assert len(listed) == 3  # nothing of the refused batch was stored
