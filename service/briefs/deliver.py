"""Webhook delivery of a finished brief, signed so the receiver can trust it.

The POST body is JSON: ``{"timestamp", "brief", "markdown", "html"}``. Its
HMAC-SHA256 under the profile's secret is sent as ``X-Briefing-Signature:
sha256=<hex>``, and the same timestamp as ``X-Briefing-Timestamp`` (it is inside
the signed body too, so a receiver can refuse old replays). The destination is
checked by the guarded fetcher's rules (no private address unless allowed), the
connection goes to the checked address, and redirects are not followed. Every
attempt is recorded on the brief; the task retries with backoff.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import time
from dataclasses import dataclass
from typing import Any

import httpx

from service.briefs.build import brief_document
from service.briefs.render import to_html, to_markdown
from service.config import Settings
from service.fetch import USER_AGENT, Allowlist, check_url
from service.storage.db import session_scope
from service.storage.models import Brief, BriefProfile, BriefStatus, utcnow

log = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Briefing-Signature"
TIMESTAMP_HEADER = "X-Briefing-Timestamp"


def sign(body: bytes, secret: str) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class DeliveryResult:
    delivered: bool
    retry: bool


def _payload(brief: Brief, timestamp: int) -> bytes:
    document = brief_document(brief)
    document["created_at"] = brief.created_at.isoformat()
    payload: dict[str, Any] = {
        "timestamp": timestamp,
        "brief": document,
        "markdown": to_markdown(document),
        "html": to_html(document),
    }
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


async def _post(url: str, body: bytes, headers: dict[str, str], settings: Settings) -> int:
    target = httpx.URL(url)
    address = await check_url(target, Allowlist.parse(settings.fetch.allow_hosts))
    pinned = target.copy_with(host=str(address))
    async with httpx.AsyncClient(
        trust_env=False, follow_redirects=False, timeout=settings.briefs.webhook_timeout_s
    ) as client:
        request = client.build_request(
            "POST",
            pinned,
            content=body,
            headers={
                "Host": target.netloc.decode("ascii"),
                "User-Agent": USER_AGENT,
                "Content-Type": "application/json",
                **headers,
            },
            extensions={"sni_hostname": target.host},
        )
        response = await client.send(request)
        return response.status_code


def deliver_brief(*, settings: Settings, brief_id: int) -> DeliveryResult:
    """One delivery attempt, recorded on the brief; ``retry`` when another is due."""
    with session_scope(settings.resolved_database_url) as session:
        brief = session.get(Brief, brief_id)
        profile = (
            session.get(BriefProfile, brief.profile_id) if brief and brief.profile_id else None
        )
        if brief is None or brief.status is not BriefStatus.done or not profile:
            return DeliveryResult(delivered=False, retry=False)
        if not profile.webhook_url or not profile.webhook_secret:
            return DeliveryResult(delivered=False, retry=False)
        deliveries = list(brief.deliveries or [])
        if any(200 <= (d.get("status_code") or 0) < 300 for d in deliveries):
            return DeliveryResult(delivered=True, retry=False)  # a redelivered task
        timestamp = int(time.time())
        body = _payload(brief, timestamp)
        url, secret = profile.webhook_url, profile.webhook_secret
    headers = {SIGNATURE_HEADER: sign(body, secret), TIMESTAMP_HEADER: str(timestamp)}
    status_code: int | None = None
    error: str | None = None
    try:
        status_code = asyncio.run(_post(url, body, headers, settings))
        if not 200 <= status_code < 300:
            error = f"the webhook answered {status_code}"
    except Exception as exc:  # refused address, timeout, connection: all are retried
        error = f"{type(exc).__name__}: {exc}"[:300]
    attempt = len(deliveries) + 1
    record = {
        "attempt": attempt,
        "at": utcnow().isoformat(),
        "status_code": status_code,
        "error": error,
    }
    with session_scope(settings.resolved_database_url) as session:
        row = session.get(Brief, brief_id)
        if row is not None:
            row.deliveries = [*(row.deliveries or []), record]
    if error:
        log.warning("webhook delivery %d of brief %s failed: %s", attempt, brief_id, error)
    return DeliveryResult(
        delivered=error is None,
        retry=error is not None and attempt < settings.briefs.webhook_attempts,
    )
