"""Shared fixtures: settings, databases (SQLite and a fresh PostgreSQL database), Redis."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from service.config import Settings, get_settings
from service.storage.migrate import upgrade_database

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = REPO_ROOT.parent / "shared" / "data"
SAMPLE_ARTICLE = SHARED_DATA / "sample_article_nato.txt"
POSTGRES_ADMIN_URL = os.environ.get(
    "BRIEFING_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
REDIS_URL = os.environ.get("BRIEFING_TEST_REDIS_URL", "redis://127.0.0.1:6379")
# Two checkouts testing at once on one machine each take their own database number.
REDIS_DB = int(os.environ.get("BRIEFING_TEST_REDIS_DB", "13"))


@pytest.fixture(autouse=True)
def _fresh_settings() -> Iterator[None]:
    """Each test starts from the same settings: the CLI writes its overrides to the
    environment (for its worker children), so restore it afterwards."""
    saved = {k: v for k, v in os.environ.items() if k.startswith("BRIEFING_")}
    get_settings.cache_clear()
    yield
    for key in [k for k in os.environ if k.startswith("BRIEFING_")]:
        del os.environ[key]
    os.environ.update(saved)
    get_settings.cache_clear()


@pytest.fixture
def sample_article_text() -> str:
    if not SAMPLE_ARTICLE.is_file():
        pytest.skip(f"{SAMPLE_ARTICLE} is not here (it ships beside the repo in ../shared)")
    return SAMPLE_ARTICLE.read_text(encoding="utf-8")


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Embedded defaults in a temporary directory, with a migrated SQLite database."""
    result = Settings(data_dir=tmp_path / "data", engine="extractive")
    upgrade_database(result.resolved_database_url)
    return result


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A new, migrated PostgreSQL database for one test, dropped afterwards."""
    name = f"briefing_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # pragma: no cover - depends on the machine
        pytest.fail(f"PostgreSQL at {POSTGRES_ADMIN_URL} is needed: {exc}")
    url = POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    upgrade_database(url)
    yield url
    from service.storage.db import get_engine, get_sessionmaker, get_unpooled_engine

    get_engine(url).dispose()
    get_engine.cache_clear()
    get_unpooled_engine.cache_clear()
    get_sessionmaker.cache_clear()
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def redis_url() -> Iterator[str]:
    """A Redis database of its own, emptied before and after."""
    import redis

    url = f"{REDIS_URL}/{REDIS_DB}"
    client = redis.Redis.from_url(url)
    try:
        client.flushdb()
    except redis.ConnectionError as exc:  # pragma: no cover
        pytest.fail(f"Redis at {REDIS_URL} is needed: {exc}")
    yield url
    client.flushdb()
    client.close()


@pytest.fixture(scope="session")
def tiny_t5_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny real T5 checkpoint with its own SentencePiece tokenizer, built once."""
    from tests.models import build_tiny_t5

    return build_tiny_t5(tmp_path_factory.mktemp("models") / "tiny-t5")


@pytest.fixture(scope="session")
def tiny_bart_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny real BART checkpoint with its own SentencePiece tokenizer, built once."""
    from tests.models import build_tiny_bart

    return build_tiny_bart(tmp_path_factory.mktemp("models") / "tiny-bart")
