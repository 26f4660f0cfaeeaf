"""A brief in Markdown, email-safe HTML, plain text, and a profile's briefs as Atom.

The HTML is for email clients: inline styles only, tables for layout, no external
asset (no image, font or stylesheet), every piece of text escaped.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from datetime import datetime
from typing import Any
from xml.sax.saxutils import escape as xml_escape

FORMATS = ("json", "markdown", "html", "text")
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|<>~])")


def _md(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text)


def _md_link(text: str, url: str | None) -> str:
    if not url:
        return _md(text)
    return f"[{_md(text)}](<{url.replace('>', '%3E').replace(' ', '%20')}>)"


def _others(story: dict[str, Any]) -> list[dict[str, Any]]:
    return list(story.get("also_reported_by") or [])


def to_markdown(brief: dict[str, Any]) -> str:
    lines = [f"# {_md(brief['title'] or 'Brief')}", "", _md(brief.get("overview") or ""), ""]
    for section in brief.get("sections") or []:
        lines += [f"## {_md(section['name'])}", ""]
        for story in section["stories"]:
            mark = " **(new)**" if story.get("new") else ""
            lines.append(f"### {_md_link(story['headline'], story.get('url'))}{mark}")
            lines.append("")
            if story.get("source"):
                lines += [f"*{_md(story['source'])}*", ""]
            lines += [f"- {_md(bullet)}" for bullet in story["bullets"]]
            others = _others(story)
            if others:
                links = ", ".join(
                    _md_link(o.get("source") or f"article {o['article_id']}", o.get("url"))
                    for o in others
                )
                lines += ["", f"Also reported by: {links}"]
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def to_text(brief: dict[str, Any]) -> str:
    title = brief["title"] or "Brief"
    lines = [title, "=" * len(title), "", brief.get("overview") or "", ""]
    for section in brief.get("sections") or []:
        lines += [section["name"].upper(), ""]
        for story in section["stories"]:
            mark = " [new]" if story.get("new") else ""
            source = f" ({story['source']})" if story.get("source") else ""
            lines.append(f"* {story['headline']}{source}{mark}")
            lines += [f"  - {bullet}" for bullet in story["bullets"]]
            if story.get("url"):
                lines.append(f"  {story['url']}")
            others = _others(story)
            if others:
                names = ", ".join(
                    f"{o.get('source') or 'article ' + str(o['article_id'])}"
                    + (f" <{o['url']}>" if o.get("url") else "")
                    for o in others
                )
                lines.append(f"  Also reported by: {names}")
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


# Inline styles: email clients drop <style> blocks and external stylesheets.
_FONT = "font-family:Georgia,'Times New Roman',serif;color:#1a1a1a;"
_SANS = "font-family:Helvetica,Arial,sans-serif;"
_STYLES = {
    "body": f"margin:0;padding:0;background-color:#f3f1ec;{_FONT}",
    "outer": "width:100%;background-color:#f3f1ec;",
    "inner": "width:640px;max-width:640px;background-color:#ffffff;border:1px solid #ddd8cc;",
    "title": f"margin:0;padding:28px 32px 8px 32px;font-size:28px;line-height:34px;{_FONT}",
    "overview": f"margin:0;padding:0 32px 20px 32px;font-size:16px;line-height:24px;{_FONT}",
    "section": f"padding:18px 32px 6px 32px;font-size:13px;letter-spacing:2px;"
    f"text-transform:uppercase;color:#8a3b12;border-top:2px solid #1a1a1a;{_SANS}",
    "story": "padding:10px 32px 16px 32px;border-bottom:1px solid #ece8df;",
    "headline": f"margin:0 0 4px 0;font-size:20px;line-height:26px;{_FONT}",
    "link": "color:#1a1a1a;text-decoration:none;",
    "new": f"display:inline-block;padding:1px 6px;margin-left:6px;font-size:11px;"
    f"color:#ffffff;background-color:#8a3b12;border-radius:3px;{_SANS}",
    "source": f"margin:0 0 6px 0;font-size:12px;color:#6b6b6b;{_SANS}",
    "bullets": f"margin:0;padding:0 0 0 20px;font-size:15px;line-height:22px;{_FONT}",
    "also": f"margin:8px 0 0 0;font-size:12px;color:#6b6b6b;{_SANS}",
    "also_link": "color:#6b6b6b;",
    "footer": f"padding:16px 32px 24px 32px;font-size:11px;color:#8c8c8c;{_SANS}",
}


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _safe_url(url: str | None) -> str | None:
    # Only web links: a javascript: or data: URL is never made clickable.
    return url if url and url.lower().startswith(("http://", "https://")) else None


def _a(text: str, url: str | None, style: str) -> str:
    safe = _safe_url(url)
    return f'<a href="{_e(safe)}" style="{style}">{_e(text)}</a>' if safe else _e(text)


def to_html(brief: dict[str, Any]) -> str:
    s = _STYLES
    rows: list[str] = []
    for section in brief.get("sections") or []:
        rows.append(f'<tr><td style="{s["section"]}">{_e(section["name"])}</td></tr>')
        for story in section["stories"]:
            new = f'<span style="{s["new"]}">NEW</span>' if story.get("new") else ""
            source = (
                f'<p style="{s["source"]}">{_e(story["source"])}</p>' if story.get("source") else ""
            )
            bullets = "".join(f"<li>{_e(b)}</li>" for b in story["bullets"])
            others = _others(story)
            also = ""
            if others:
                links = ", ".join(
                    _a(
                        o.get("source") or f"article {o['article_id']}",
                        o.get("url"),
                        s["also_link"],
                    )
                    for o in others
                )
                also = f'<p style="{s["also"]}">Also reported by: {links}</p>'
            rows.append(
                f'<tr><td style="{s["story"]}">'
                f'<h3 style="{s["headline"]}">{_a(story["headline"], story.get("url"), s["link"])}'
                f"{new}</h3>{source}"
                f'<ul style="{s["bullets"]}">{bullets}</ul>{also}</td></tr>'
            )
    created = brief.get("created_at") or ""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(brief['title'] or 'Brief')}</title></head>"
        f'<body style="{s["body"]}">'
        f'<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" '
        f'style="{s["outer"]}"><tr><td align="center" style="padding:24px 8px;">'
        f'<table role="presentation" width="640" cellpadding="0" cellspacing="0" border="0" '
        f'style="{s["inner"]}">'
        f'<tr><td><h1 style="{s["title"]}">{_e(brief["title"] or "Brief")}</h1></td></tr>'
        f'<tr><td><p style="{s["overview"]}">{_e(brief.get("overview") or "")}</p></td></tr>'
        + "".join(rows)
        + f'<tr><td style="{s["footer"]}">Made by briefing {_e(created)}</td></tr>'
        "</table></td></tr></table></body></html>\n"
    )


def render(brief: dict[str, Any], fmt: str) -> tuple[str, str]:
    """(body, media type) of a brief in one of :data:`FORMATS` other than json."""
    if fmt == "markdown":
        return to_markdown(brief), "text/markdown; charset=utf-8"
    if fmt == "html":
        return to_html(brief), "text/html; charset=utf-8"
    if fmt == "text":
        return to_text(brief), "text/plain; charset=utf-8"
    raise ValueError(f"unknown format {fmt!r}; choose from {FORMATS}")


def _rfc3339(value: datetime) -> str:
    return value.isoformat().replace("+00:00", "Z")


def to_atom(
    *, feed_id: str, title: str, self_url: str, updated: datetime, briefs: Sequence[dict[str, Any]]
) -> str:
    """An Atom feed of briefs, each entry holding the brief's HTML (escaped)."""
    x = xml_escape
    entries = []
    for brief in briefs:
        created = brief["created_at"]
        stamp = _rfc3339(created) if isinstance(created, datetime) else str(created)
        entries.append(
            "<entry>"
            f"<id>{x(feed_id)}:brief:{brief['id']}</id>"
            f"<title>{x(brief['title'] or 'Brief')}</title>"
            f"<updated>{x(stamp)}</updated>"
            f"<summary>{x(brief.get('overview') or '')}</summary>"
            f'<content type="html">{x(to_html(brief))}</content>'
            "</entry>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom">'
        f"<id>{x(feed_id)}</id><title>{x(title)}</title>"
        f"<updated>{_rfc3339(updated)}</updated>"
        f'<link rel="self" href="{x(self_url, {chr(34): "&quot;"})}"/>'
        "<author><name>briefing</name></author>" + "".join(entries) + "</feed>\n"
    )
