"""``/editor``: paste an article, pick a headline, fix flagged lines, approve.

The page holds no data when served: everything it shows is fetched by its script
from the JSON API with the API key the editor signs in with (kept in the browser's
session storage), so the key's tenant decides what it can see, as for any client.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from service.submissions import SummaryOptions

HERE = Path(__file__).parent
templates = Jinja2Templates(directory=HERE / "templates")  # autoescapes .html
router = APIRouter(include_in_schema=False)

# Only the page's own files: no inline script, no other origin.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)


def _limits(name: str) -> tuple[int, int]:
    metadata = SummaryOptions.model_fields[name].metadata
    low = next(int(m.ge) for m in metadata if hasattr(m, "ge"))
    high = next(int(m.le) for m in metadata if hasattr(m, "le"))
    return low, high


@router.get("/editor", response_class=HTMLResponse)
def read_editor(request: Request) -> HTMLResponse:
    """The editor page."""
    response = templates.TemplateResponse(
        request,
        "editor.html",
        {
            "bullets": _limits("bullets"),
            "candidates": _limits("headline_candidates"),
            "max_words": _limits("headline_max_words"),
            "lengths": ["short", "medium", "long"],
            "engines": ["extractive", "seq2seq"],
        },
    )
    response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cache-Control"] = "no-store"
    return response


def install_editor(app: FastAPI) -> None:
    """Serve the page and its static files."""
    app.include_router(router)
    app.mount("/editor/static", StaticFiles(directory=HERE / "static"), name="editor-static")
