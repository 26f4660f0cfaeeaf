"""Managing your tenant's API keys (the ``admin`` scope)."""

from __future__ import annotations

from fastapi import APIRouter, status

from service.api.deps import SessionDep
from service.api.schemas import KeyCreate, KeyCreated, KeyList, KeyOut
from service.api.security import ACCESS_RESPONSES, AdminDep
from service.storage.keys import create_key, list_keys, revoke_key

router = APIRouter(prefix="/v1/keys", tags=["keys"], responses=ACCESS_RESPONSES)


@router.post("", status_code=status.HTTP_201_CREATED, response_model=KeyCreated)
def create_api_key(body: KeyCreate, session: SessionDep, principal: AdminDep) -> KeyCreated:
    """Make a key for your tenant; the answer holds the key itself, shown this once."""
    key, token = create_key(
        session=session, name=body.name, scopes=body.scopes, tenant=principal.tenant_id
    )
    return KeyCreated(**KeyOut.of(key).model_dump(), key=token)


@router.get("", response_model=KeyList)
def read_api_keys(session: SessionDep, principal: AdminDep) -> KeyList:
    """Your tenant's keys, revoked ones included (never the secrets)."""
    return KeyList(
        items=[KeyOut.of(k) for k in list_keys(session=session, tenant_id=principal.tenant_id)]
    )


@router.delete("/{key_id}", response_model=KeyOut)
def revoke_api_key(key_id: int, session: SessionDep, principal: AdminDep) -> KeyOut:
    """Revoke one of your tenant's keys: it gets 401 from now on."""
    return KeyOut.of(revoke_key(session=session, key_id=key_id, tenant_id=principal.tenant_id))
