"""API keys: made, listed, revoked, and checked against what a client sends.

A key reads ``brf_<prefix>_<secret>``. The prefix is not secret: it names the key in
lists and finds its row. Only a SHA-256 hash of the whole key is stored, and the
hash is compared in constant time.

Why SHA-256 and not bcrypt/argon2: those are slow on purpose, to make guessing a
*human-chosen* password expensive. Our secret is 256 bits from ``secrets``: no one
can guess it however fast the hash, and a slow hash would add tens of
milliseconds to every API request instead.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.errors import InputError, NotFoundError
from service.storage.models import MAX_ID, ApiKey, Tenant, utcnow
from service.storage.tenants import get_or_create_tenant
from service.text import clean_line

SCOPES = ("submit", "read", "admin")
KEY_PREFIX = "brf"


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def parse_scopes(scopes: Iterable[str]) -> list[str]:
    """Known scopes in a fixed order; an unknown one is refused by name."""
    given = {scope.strip() for scope in scopes if scope.strip()}
    unknown = sorted(given - set(SCOPES))
    if unknown:
        raise InputError(f"unknown scopes {unknown}; choose from {', '.join(SCOPES)}")
    if not given:
        raise InputError(f"give at least one scope: {', '.join(SCOPES)}")
    return [scope for scope in SCOPES if scope in given]


def create_key(
    *, session: Session, name: str, scopes: Iterable[str], tenant: str | int | None = None
) -> tuple[ApiKey, str]:
    """A new key and its token, which is returned here once and never stored.

    ``tenant`` names (or, as an int, identifies) an existing tenant; without it a
    new tenant named after the key is created.
    """
    name = clean_line(name)  # NUL, controls, bidi: the one rule for text fields
    if not name or len(name) > 200:
        raise InputError("a key needs a name of 1 to 200 characters")
    scope_list = parse_scopes(scopes)
    if tenant is None:
        if session.scalar(select(Tenant).where(Tenant.name == name)) is not None:
            raise InputError(
                f"a tenant named {name!r} exists: pass it as the tenant to add a key to it, "
                "or choose another key name"
            )
        owner = get_or_create_tenant(session=session, name=name)
    elif isinstance(tenant, int):
        found = session.get(Tenant, tenant)
        if found is None:
            raise NotFoundError(f"no tenant with id {tenant}")
        owner = found
    else:
        found = session.scalar(select(Tenant).where(Tenant.name == tenant))
        if found is None:
            raise NotFoundError(f"no tenant named {tenant!r}")
        owner = found
    prefix = secrets.token_hex(6)
    token = f"{KEY_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"
    key = ApiKey(
        tenant_id=owner.id,
        name=name,
        prefix=prefix,
        secret_hash=_hash(token),
        scopes=",".join(scope_list),
    )
    session.add(key)
    session.flush()
    return key, token


def find_key(*, session: Session, token: str) -> ApiKey | None:
    """The live key this token belongs to, or None (unknown, malformed or revoked)."""
    parts = token.split("_", 2)
    if len(parts) != 3 or parts[0] != KEY_PREFIX or not parts[1]:
        return None
    key = session.scalar(select(ApiKey).where(ApiKey.prefix == parts[1]))
    # Hash even when no row matched, so the answer takes as long either way.
    expected = key.secret_hash if key is not None else _hash("")
    if not hmac.compare_digest(expected, _hash(token)) or key is None:
        return None
    return None if key.revoked_at is not None else key


def list_keys(*, session: Session, tenant_id: int | None = None) -> list[ApiKey]:
    query = select(ApiKey).order_by(ApiKey.id)
    if tenant_id is not None:
        query = query.where(ApiKey.tenant_id == tenant_id)
    return list(session.scalars(query))


def revoke_key(*, session: Session, key_id: int, tenant_id: int | None = None) -> ApiKey:
    """Revoke a key (of this tenant only, when given); revoking twice is harmless."""
    key = session.get(ApiKey, key_id) if 0 < key_id <= MAX_ID else None
    if key is None or (tenant_id is not None and key.tenant_id != tenant_id):
        raise NotFoundError(f"no key with id {key_id}")
    if key.revoked_at is None:
        key.revoked_at = utcnow()
        session.flush()
    return key
