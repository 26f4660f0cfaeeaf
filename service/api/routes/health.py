"""Liveness and readiness."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy import text
from starlette.concurrency import run_in_threadpool

from service.api.deps import SettingsDep
from service.queue import broker_reachable
from service.storage.db import get_engine

router = APIRouter(tags=["health"])


@router.get("/healthz", response_model=dict[str, str])
def read_health() -> dict[str, str]:
    """The process is up."""
    return {"status": "ok"}


def _database_reachable(url: str) -> bool:
    try:
        with get_engine(url).connect() as connection:
            connection.execute(text("SELECT 1"))
        return True
    except Exception:
        return False


class Readiness(BaseModel):
    status: Literal["ready", "unavailable"]
    checks: dict[str, bool] = Field(description="database and broker: do they answer?")


@router.get(
    "/readyz",
    response_model=Readiness,
    responses={503: {"model": Readiness, "description": "The database or the broker is down"}},
)
async def read_readiness(settings: SettingsDep) -> JSONResponse:
    """Ready when the database and the broker answer; 503 otherwise."""
    checks = {
        "database": await run_in_threadpool(_database_reachable, settings.resolved_database_url),
        "broker": await run_in_threadpool(broker_reachable, settings),
    }
    ready = all(checks.values())
    return JSONResponse(
        {"status": "ready" if ready else "unavailable", "checks": checks},
        status_code=200 if ready else 503,
    )
