"""Fault-injection tests (issue 6): real processes, real servers, real failures.

Each test starts its own redis-server and, where it stops the database, its own
PostgreSQL cluster, then kills workers, the broker or the database under load and
counts what became of every accepted article. Run them with ``pytest -m faults``.

- ``BRIEFING_FAULT_REPORT_DIR``: also write each scenario's figures there as JSON.
- ``BRIEFING_FAULT_PG_OUTAGE_S``: the database outage (60 s, as the issue asks; CI
  keeps the default).
"""
