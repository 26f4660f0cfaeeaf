"""Cron schedules of brief profiles, read with Celery's own crontab parser."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from celery.schedules import crontab

MAX_LOOKBACK = timedelta(days=2)
"""A beat that was down longer than this makes one brief, not one per missed slot."""


def parse_cron(expression: str) -> crontab:
    """A five-field cron expression; ValueError names what is wrong."""
    fields = expression.split()
    if len(fields) != 5:
        raise ValueError(
            f"cron needs five fields (minute hour day-of-month month day-of-week), "
            f"not {len(fields)}"
        )
    minute, hour, day_of_month, month, day_of_week = fields
    try:
        return crontab(
            minute=minute,
            hour=hour,
            day_of_month=day_of_month,
            month_of_year=month,
            day_of_week=day_of_week,
        )
    except Exception as exc:  # celery raises ValueError and friends for bad fields
        raise ValueError(f"cron {expression!r} does not parse: {exc}") from None


def _matches(schedule: crontab, moment: datetime) -> bool:
    weekday = (moment.weekday() + 1) % 7  # cron counts Sunday as 0
    return (
        moment.minute in schedule.minute
        and moment.hour in schedule.hour
        and moment.day in schedule.day_of_month
        and moment.month in schedule.month_of_year
        and weekday in schedule.day_of_week
    )


def latest_due(
    expression: str, timezone: str, *, after: datetime | None, now: datetime
) -> datetime | None:
    """The latest minute in (after, now] the schedule names, in UTC; None if none.

    Minutes are read on the profile's wall clock (``timezone``), so "0 7 * * *" is
    seven in the morning there, summer time or not.
    """
    schedule = parse_cron(expression)
    zone = ZoneInfo(timezone)
    start = max(after, now - MAX_LOOKBACK) if after else now - timedelta(minutes=1)
    moment = now.replace(second=0, microsecond=0)
    while moment > start:
        if _matches(schedule, moment.astimezone(zone)):
            return moment
        moment -= timedelta(minutes=1)
    return None
