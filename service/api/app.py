"""The FastAPI application."""

from __future__ import annotations

from fastapi import FastAPI

from service.api.limits import install_limits
from service.api.problems import install_problem_handlers
from service.api.routes import articles, health, keys, summaries
from service.api.security import install_security


def create_app() -> FastAPI:
    app = FastAPI(
        title="briefing",
        version="0.1.0",
        summary="Headlines, short summaries and bullet briefings for news articles.",
    )
    install_problem_handlers(app)
    install_security(app)
    install_limits(app)
    app.include_router(articles.router)
    app.include_router(summaries.router)
    app.include_router(keys.router)
    app.include_router(health.router)
    return app
