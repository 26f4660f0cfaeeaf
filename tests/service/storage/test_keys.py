import pytest

from service.config import Settings
from service.errors import InputError, NotFoundError
from service.storage.db import session_scope
from service.storage.keys import create_key, find_key, list_keys, revoke_key


def test_a_key_is_found_by_its_token_until_revoked(settings: Settings) -> None:
    url = settings.resolved_database_url
    with session_scope(url) as session:
        key, token = create_key(session=session, name="newsletter", scopes=["read", "submit"])
    assert token.startswith(f"brf_{key.prefix}_") and len(token) > 50
    with session_scope(url) as session:
        found = find_key(session=session, token=token)
        assert found is not None and found.id == key.id
        assert found.scope_set == {"read", "submit"} and found.scopes == "submit,read"
        assert found.tenant.name == "newsletter"
        assert find_key(session=session, token=token + "x") is None
        assert find_key(session=session, token=token.replace(key.prefix, "0" * 12)) is None
        revoke_key(session=session, key_id=key.id)
    with session_scope(url) as session:
        assert find_key(session=session, token=token) is None
        assert list_keys(session=session)[0].revoked_at is not None


def test_keys_are_made_for_new_or_named_tenants(settings: Settings) -> None:
    with session_scope(settings.resolved_database_url) as session:
        first, _ = create_key(session=session, name="acme", scopes=["admin"])
        second, _ = create_key(session=session, name="acme-ci", scopes=["submit"], tenant="acme")
        assert second.tenant_id == first.tenant_id
        with pytest.raises(InputError, match="tenant named 'acme' exists"):
            create_key(session=session, name="acme", scopes=["read"])
        with pytest.raises(NotFoundError, match="no tenant named 'nobody'"):
            create_key(session=session, name="x", scopes=["read"], tenant="nobody")
        with pytest.raises(InputError, match="unknown scopes"):
            create_key(session=session, name="y", scopes=["read", "root"])
        with pytest.raises(InputError, match="at least one scope"):
            create_key(session=session, name="z", scopes=[" "])
        assert [k.name for k in list_keys(session=session, tenant_id=first.tenant_id)] == [
            "acme",
            "acme-ci",
        ]
        with pytest.raises(NotFoundError):
            revoke_key(session=session, key_id=first.id, tenant_id=first.tenant_id + 100)
