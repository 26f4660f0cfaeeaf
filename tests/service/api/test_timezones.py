from datetime import UTC, datetime, timedelta, timezone

from fastapi.testclient import TestClient

from tests.factories import submission


def test_times_carry_their_zone_and_filters_take_any_offset(client: TestClient) -> None:
    accepted = client.post(
        "/v1/articles", json=submission(published_at="2026-11-27T12:00:00+02:00")
    ).json()
    summary = client.get(accepted["location"]).json()
    created = datetime.fromisoformat(summary["created_at"])
    assert created.utcoffset() == timedelta(0)
    article = client.get(f"/v1/articles/{accepted['article_id']}").json()
    assert datetime.fromisoformat(article["published_at"]) == datetime(
        2026, 11, 27, 10, 0, tzinfo=UTC
    )
    # Offsets whose wall clocks mislead: compared as wall clocks both would be wrong.
    before = (created - timedelta(seconds=1)).astimezone(timezone(timedelta(hours=9)))
    after = (created + timedelta(seconds=1)).astimezone(timezone(timedelta(hours=-8)))
    listed = client.get("/v1/summaries", params={"created_after": before.isoformat()})
    assert [item["id"] for item in listed.json()["items"]] == [summary["id"]]
    assert (
        client.get("/v1/summaries", params={"created_after": after.isoformat()}).json()["items"]
        == []
    )
