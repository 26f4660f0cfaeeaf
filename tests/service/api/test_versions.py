"""Editing a summary: versions, flags on edits, regeneration with options, approval.

The drafts come from the real extractive engine through the worker's pipeline, so the
stored details (candidates, sources, flags) are what a worker writes.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from service.config import Settings
from tests.service.api.conftest import KeyMaker, bearer
from workers.engines.extractive import ExtractiveEngine
from workers.pipeline import RunPolicy, run_summaries

ENGINE = ExtractiveEngine()


@pytest.fixture
def editor(app: FastAPI, make_key: KeyMaker) -> Iterator[TestClient]:
    with TestClient(app, headers=bearer(make_key(name="desk-anna"))) as test_client:
        yield test_client


def _work_ids(settings: Settings) -> list[int]:
    from sqlalchemy import select

    from service.storage.db import session_scope
    from service.storage.models import Summary, SummaryStatus

    with session_scope(settings.resolved_database_url) as session:
        return list(
            session.scalars(select(Summary.id).where(Summary.status == SummaryStatus.queued))
        )


def _run_worker(settings: Settings) -> None:
    ids = _work_ids(settings)
    assert ids, "nothing was queued"
    run_summaries(
        ids, policy=RunPolicy.from_settings(settings), engine_for=lambda name, model: ENGINE
    )


def _submit(client: TestClient, text: str, **options: Any) -> int:
    response = client.post(
        "/v1/articles", json={"text": text, "options": {"engine": "extractive", **options}}
    )
    assert response.status_code == 202, response.text
    return int(response.json()["summary_id"])


def _article_text(client: TestClient, body: dict[str, Any]) -> str:
    return str(client.get(f"/v1/articles/{body['article_id']}").json()["text"])


def test_a_draft_carries_candidates_sources_and_flags(
    editor: TestClient, settings: Settings, sample_article_text: str
) -> None:
    summary_id = _submit(editor, sample_article_text, headline_candidates=4, bullets=3)
    _run_worker(settings)
    body = editor.get(f"/v1/summaries/{summary_id}").json()
    assert body["version"] == 1
    candidates = [c["text"] for c in body["headline_candidates"]]
    assert len(candidates) == 4 and len(set(candidates)) == 4
    assert candidates[0] == body["headline"]
    assert [d["text"] for d in body["bullet_details"]] == body["bullets"]
    assert len(body["bullets"]) == 3
    source = _article_text(editor, body)
    for detail in body["bullet_details"] + body["summary_details"]:
        [span] = detail["sources"]
        assert source[span["start"] : span["end"]] == detail["text"]  # extractive: exact
        assert detail["flags"] == []


def test_an_edit_is_a_new_version_checked_against_the_source(
    editor: TestClient, settings: Settings, sample_article_text: str
) -> None:
    summary_id = _submit(editor, sample_article_text, bullets=2)
    _run_worker(settings)
    draft = editor.get(f"/v1/summaries/{summary_id}").json()
    wrong = "NATO has 38 members, Rutte said."
    response = editor.put(
        f"/v1/summaries/{summary_id}",
        json={"headline": "Rutte meets Putin", "summary": draft["summary"], "bullets": [wrong]},
    )
    assert response.status_code == 200, response.text
    edited = response.json()
    assert edited["version"] == 2 and edited["bullets"] == [wrong]
    assert edited["headline"] == "Rutte meets Putin"
    assert edited["headline_candidates"][0] == {
        "text": "Rutte meets Putin",
        "flags": [{"kind": "entity", "text": "Putin", "reason": "Putin: not in source"}],
    }
    assert draft["headline"] in [c["text"] for c in edited["headline_candidates"]]
    [bullet] = edited["bullet_details"]
    assert bullet["flags"] == [
        {"kind": "number", "text": "38", "reason": "number 38 not in source"}
    ]
    assert bullet["sources"], "an edited line is still grounded in the best-matching sentence"
    versions = editor.get(f"/v1/summaries/{summary_id}/versions").json()
    assert [(v["version"], v["author"]) for v in versions["items"]] == [
        (1, "engine"),
        (2, "desk-anna"),
    ]
    assert versions["items"][0]["headline"] == draft["headline"]


def test_approve_records_the_version_and_refuses_unknown_ones(
    editor: TestClient, settings: Settings, sample_article_text: str
) -> None:
    summary_id = _submit(editor, sample_article_text)
    assert editor.post(f"/v1/summaries/{summary_id}/approve").status_code == 409  # not done
    _run_worker(settings)
    approved = editor.post(f"/v1/summaries/{summary_id}/approve").json()
    assert approved["approved_version"] == 1 and approved["approved_at"] is not None
    missing = editor.post(f"/v1/summaries/{summary_id}/approve", json={"version": 7})
    assert missing.status_code == 409
    assert missing.headers["content-type"].startswith("application/problem+json")


def test_regenerate_keeps_the_id_and_the_new_version_shows_when_done(
    editor: TestClient, settings: Settings, sample_article_text: str
) -> None:
    summary_id = _submit(editor, sample_article_text, bullets=5)
    _run_worker(settings)
    response = editor.post(
        f"/v1/summaries/{summary_id}/regenerate",
        json={"options": {"bullets": 2, "headline_candidates": 3, "summary_length": "short"}},
    )
    assert response.status_code == 202, response.text
    pending = response.json()
    assert pending["id"] == summary_id and pending["version"] == 1 and pending["regenerating"]
    _run_worker(settings)
    body = editor.get(f"/v1/summaries/{summary_id}").json()
    assert body["version"] == 2 and not body["regenerating"]
    assert len(body["bullets"]) == 2 and len(body["headline_candidates"]) == 3
    assert len(body["summary_details"]) == 1  # short: one sentence
    versions = editor.get(f"/v1/summaries/{summary_id}/versions").json()["items"]
    assert [(v["version"], v["author"]) for v in versions] == [(1, "engine"), (2, "desk-anna")]


def test_a_regeneration_keeps_the_earlier_options_it_does_not_change(
    editor: TestClient, settings: Settings, sample_article_text: str
) -> None:
    summary_id = _submit(editor, sample_article_text, bullets=2, summary_length="short")
    _run_worker(settings)
    response = editor.post(
        f"/v1/summaries/{summary_id}/regenerate", json={"options": {"headline_candidates": 3}}
    )
    assert response.status_code == 202, response.text
    _run_worker(settings)
    body = editor.get(f"/v1/summaries/{summary_id}").json()
    assert body["version"] == 2
    assert len(body["headline_candidates"]) == 3
    assert len(body["bullets"]) == 2 and len(body["summary_details"]) == 1


def test_options_out_of_range_are_refused(editor: TestClient) -> None:
    for options in ({"headline_candidates": 6}, {"summary_length": "huge"}, {"bullets": 11}):
        response = editor.post("/v1/articles", json={"text": "A story.", "options": options})
        assert response.status_code == 422, options
    response = editor.put("/v1/summaries/1", json={"headline": "", "summary": "", "bullets": []})
    assert response.status_code == 422


def test_another_tenant_can_neither_see_nor_edit(
    app: FastAPI,
    editor: TestClient,
    make_key: KeyMaker,
    settings: Settings,
    sample_article_text: str,
) -> None:
    summary_id = _submit(editor, sample_article_text)
    _run_worker(settings)
    edit = {"headline": "Mine now", "summary": "", "bullets": []}
    with TestClient(app, headers=bearer(make_key(name="other-newsroom"))) as other:
        assert other.put(f"/v1/summaries/{summary_id}", json=edit).status_code == 404
        assert other.get(f"/v1/summaries/{summary_id}/versions").status_code == 404
        assert other.post(f"/v1/summaries/{summary_id}/approve").status_code == 404
        assert other.post(f"/v1/summaries/{summary_id}/regenerate", json={}).status_code == 404
    assert editor.get(f"/v1/summaries/{summary_id}").json()["version"] == 1


def test_a_failed_regeneration_shows_why_and_the_earlier_version_stays(
    app: FastAPI, editor: TestClient, settings: Settings, sample_article_text: str
) -> None:
    from service.config import get_settings
    from workers.runtime import configured_engine

    # A deployment whose seq2seq model is missing: the real loader refuses it.
    missing = settings.model_copy(update={"model": str(settings.data_dir / "no-such-model")})
    app.dependency_overrides[get_settings] = lambda: missing

    def run_worker() -> None:
        run_summaries(
            _work_ids(missing),
            policy=RunPolicy.from_settings(missing),
            engine_for=lambda name, model: configured_engine(missing, name, model),
        )

    summary_id = _submit(editor, sample_article_text, bullets=3)
    run_worker()
    draft = editor.get(f"/v1/summaries/{summary_id}").json()
    assert draft["regeneration"] is None and not draft["regenerating"]

    asked = editor.post(
        f"/v1/summaries/{summary_id}/regenerate", json={"options": {"engine": "seq2seq"}}
    ).json()
    assert asked["regenerating"] and asked["version"] == 1
    assert asked["regeneration"]["status"] == "queued"
    assert asked["regeneration"]["version"] == 2 and asked["regeneration"]["error"] is None
    run_worker()

    body = editor.get(f"/v1/summaries/{summary_id}").json()
    regeneration = body["regeneration"]
    assert regeneration["status"] == "failed" and not body["regenerating"]
    assert "cannot load the model" in regeneration["error"]
    assert "no-such-model" in regeneration["error"]
    assert regeneration["requested_at"] and regeneration["parameters"] == {"bullets": 5}
    # The earlier version is served whole, and is the only one listed.
    for field in ("version", "headline", "summary", "bullets", "headline_candidates"):
        assert body[field] == draft[field], field
    assert body["status"] == "done"
    versions = editor.get(f"/v1/summaries/{summary_id}/versions").json()["items"]
    assert [v["version"] for v in versions] == [1]

    # A regeneration that works takes its place.
    editor.post(f"/v1/summaries/{summary_id}/regenerate", json={"options": {"bullets": 2}})
    run_worker()
    body = editor.get(f"/v1/summaries/{summary_id}").json()
    assert body["regeneration"] is None and body["version"] == 3
    assert len(body["bullets"]) == 2
