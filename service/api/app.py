"""The FastAPI application."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.openapi.utils import get_openapi
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles

from service.api.deps import SettingsDep
from service.api.limits import install_limits
from service.api.problems import declare_problems, install_problem_handlers
from service.api.routes import articles, batches, briefs, feeds, health, keys, summaries, versions
from service.api.security import AdminDep, install_security
from service.config import get_settings
from service.observability import ObservabilityMiddleware, configure_logging, metrics_text
from service.web.routes import install_editor

STATIC_DIR = Path(__file__).parent / "static"


def create_app() -> FastAPI:
    # /docs is served below from local files; redoc would need a CDN, so it is off.
    app = FastAPI(
        title="briefing",
        version="0.1.0",
        summary="Headlines, short summaries and bullet briefings for news articles.",
        docs_url=None,
        redoc_url=None,
    )
    configure_logging(get_settings())
    install_problem_handlers(app)
    install_security(app)
    install_limits(app)
    app.add_middleware(ObservabilityMiddleware)  # outermost: sees every answer, 413s too
    app.include_router(articles.router)
    app.include_router(summaries.router)
    app.include_router(versions.router)
    app.include_router(batches.router)
    app.include_router(keys.router)
    app.include_router(briefs.profiles)
    app.include_router(briefs.router)
    app.include_router(feeds.router)
    app.include_router(health.router)
    _serve_docs(app)
    install_editor(app)
    _serve_metrics(app)
    _declare_problems(app)
    return app


def _serve_metrics(app: FastAPI) -> None:
    @app.get("/metrics", include_in_schema=False)
    def read_metrics(settings: SettingsDep, _admin: AdminDep) -> Response:
        """Prometheus text exposition: requests, summaries, queues, tasks, engines.

        An admin key is needed (Prometheus sends it as ``authorization: credentials``):
        the figures are every tenant's together."""
        body, content_type = metrics_text(settings)
        return Response(body, media_type=content_type)


def _serve_docs(app: FastAPI) -> None:
    """Swagger UI from the app's own static files, so /docs works offline."""
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

    @app.get("/docs", include_in_schema=False)
    def read_docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=app.openapi_url or "/openapi.json",
            title=f"{app.title} - API",
            swagger_js_url="/static/swagger-ui/swagger-ui-bundle.js",
            swagger_css_url="/static/swagger-ui/swagger-ui.css",
            swagger_favicon_url="/static/swagger-ui/favicon-32x32.png",
        )


def _declare_problems(app: FastAPI) -> None:
    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(
                title=app.title,
                version=app.version,
                summary=app.summary,
                routes=app.routes,
            )
            app.openapi_schema = declare_problems(schema)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
