import pytest
from pydantic import ValidationError

from service.config import Settings


def test_defaults_are_embedded(tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings = Settings(data_dir=tmp_path)
    assert settings.resolved_database_url == f"sqlite:///{tmp_path / 'briefing.db'}"
    assert settings.resolved_broker_url.startswith("sqla+sqlite:///")
    assert settings.model == "google/flan-t5-base"


def test_environment_and_nested_groups(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRIEFING_ENGINE", "extractive")
    monkeypatch.setenv("BRIEFING_GENERATION__NUM_BEAMS", "2")
    monkeypatch.setenv("BRIEFING_WORKER__CONCURRENCY", "3")
    settings = Settings()
    assert settings.engine == "extractive"
    assert settings.generation.num_beams == 2
    assert settings.worker.concurrency == 3


def test_production_refuses_sqlite() -> None:
    with pytest.raises(ValidationError, match="PostgreSQL"):
        Settings(environment="production", broker_url="redis://localhost:6379/0")


def test_production_refuses_the_sqlite_broker() -> None:
    with pytest.raises(ValidationError, match="Redis or RabbitMQ"):
        Settings(environment="production", database_url="postgresql+psycopg://db/briefing")


def test_unknown_queue_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRIEFING_WORKER__QUEUES", "editor,urgent")
    with pytest.raises(ValidationError, match="urgent"):
        Settings()


def test_fetch_settings_are_nested_and_the_old_timeout_still_works(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("BRIEFING_FETCH__ALLOW_HOSTS", "intranet,10.0.0.0/8")
    monkeypatch.setenv("BRIEFING_FETCH_TIMEOUT_S", "3")
    settings = Settings()
    assert settings.fetch.allow_hosts == "intranet,10.0.0.0/8"
    assert settings.fetch.timeout_s == 3
    monkeypatch.setenv("BRIEFING_FETCH__TIMEOUT_S", "5")  # the nested one wins
    assert Settings().fetch.timeout_s == 5


PRODUCTION = {
    "environment": "production",
    "database_url": "postgresql+psycopg://db/briefing",
    "broker_url": "redis://redis:6379/0",
}


def test_keys_are_the_default_and_open_must_be_named(monkeypatch: pytest.MonkeyPatch) -> None:
    assert Settings().auth == "keys"
    assert Settings(**PRODUCTION).auth == "keys"  # type: ignore[arg-type]
    monkeypatch.setenv("BRIEFING_AUTH", "open")
    assert Settings(**PRODUCTION).auth == "open"  # type: ignore[arg-type]
    monkeypatch.setenv("BRIEFING_AUTH", "none")
    with pytest.raises(ValidationError, match="auth"):
        Settings()


def test_rate_limit_is_parsed_and_counted_where_redis_is(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError, match="not a rate"):
        Settings(rate_limit="lots")
    assert Settings(rate_limit="10/second;1000/hour").rate_limit == "10/second;1000/hour"
    assert Settings(data_dir=tmp_path).rate_limit_storage_url == "memory://"
    assert Settings(**PRODUCTION).rate_limit_storage_url == "redis://redis:6379/0"  # type: ignore[arg-type]
    rabbit = {**PRODUCTION, "broker_url": "amqp://mq//", "redis_url": "redis://cache:6379/2"}
    assert Settings(**rabbit).rate_limit_storage_url == "redis://cache:6379/2"  # type: ignore[arg-type]
