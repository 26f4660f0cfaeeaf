"""Apply Alembic migrations from code, so `briefing up` and `briefing db upgrade` share it."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

from service.storage.db import get_engine

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def alembic_config(database_url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    # ConfigParser treats % as interpolation; URLs may contain escaped characters.
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def upgrade_database(database_url: str, revision: str = "head") -> None:
    """Bring the database schema up to ``revision`` (creating the SQLite file if needed)."""
    get_engine(database_url)  # creates the SQLite parent directory
    command.upgrade(alembic_config(database_url), revision)


def revision(database_url: str, message: str) -> None:
    """Autogenerate a new migration from the models (for developers)."""
    command.revision(alembic_config(database_url), message=message, autogenerate=True)
