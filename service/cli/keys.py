"""`briefing keys`: make, list and revoke API keys on the configured database."""

from __future__ import annotations

from typing import Annotated

import typer

from service.config import get_settings
from service.errors import BriefingError
from service.storage.db import session_scope
from service.storage.keys import create_key, list_keys, revoke_key

app = typer.Typer(help="API keys: each acts for one tenant with some scopes.")


def _database_url() -> str:
    get_settings.cache_clear()
    try:
        return get_settings().resolved_database_url
    except ValueError as exc:
        typer.secho(f"error: invalid settings: {exc}", fg=typer.colors.RED, err=True)
        raise typer.Exit(2) from exc


def _fail(exc: BriefingError) -> None:
    typer.secho(f"error: {exc}", fg=typer.colors.RED, err=True)
    raise typer.Exit(2) from exc


@app.command("create")
def create(
    name: Annotated[str, typer.Option("--name", help="What the key is for, e.g. newsletter.")],
    scopes: Annotated[
        str, typer.Option("--scopes", help="Comma-separated: submit, read, admin.")
    ] = "submit,read",
    tenant: Annotated[
        str | None,
        typer.Option("--tenant", help="An existing tenant's name; default: a new one named NAME."),
    ] = None,
) -> None:
    """Make a key and print it once: only its hash is stored."""
    try:
        with session_scope(_database_url()) as session:
            key, token = create_key(
                session=session, name=name, scopes=scopes.split(","), tenant=tenant
            )
            summary = f"key {key.id} ({key.name}) for tenant {key.tenant.name}: {key.scopes}"
    except BriefingError as exc:
        _fail(exc)
    typer.echo(token)
    typer.echo(f"{summary}. Store it now: it is not shown again.", err=True)


@app.command("list")
def list_() -> None:
    """Every key with its id, tenant, scopes and state (never the secrets)."""
    with session_scope(_database_url()) as session:
        rows = [
            (
                str(k.id),
                f"brf_{k.prefix}_...",
                k.name,
                k.tenant.name,
                k.scopes,
                "revoked" if k.revoked_at else "active",
                k.created_at.isoformat(timespec="seconds"),
            )
            for k in list_keys(session=session)
        ]
    header = ("id", "key", "name", "tenant", "scopes", "state", "created")
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        typer.echo("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))


@app.command("revoke")
def revoke(key_id: Annotated[int, typer.Argument(help="The key's id (see `keys list`).")]) -> None:
    """Revoke a key: requests with it get 401 from now on."""
    try:
        with session_scope(_database_url()) as session:
            key = revoke_key(session=session, key_id=key_id)
            message = f"key {key.id} ({key.name}) is revoked"
    except BriefingError as exc:
        _fail(exc)
    typer.echo(message)
