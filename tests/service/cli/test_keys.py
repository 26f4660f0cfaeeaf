from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from service.cli.main import app
from service.storage.db import session_scope
from service.storage.keys import find_key

runner = CliRunner()


@pytest.fixture
def database_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("BRIEFING_DATA_DIR", str(tmp_path / "data"))
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    return f"sqlite:///{tmp_path / 'data' / 'briefing.db'}"


def test_create_list_and_revoke(database_url: str) -> None:
    created = runner.invoke(
        app, ["keys", "create", "--name", "newsletter", "--scopes", "submit,read"]
    )
    assert created.exit_code == 0, created.output
    token = created.stdout.strip()
    assert "Store it now" in created.stderr and token not in created.stderr
    with session_scope(database_url) as session:
        key = find_key(session=session, token=token)
        assert key is not None and key.scope_set == {"submit", "read"}
        key_id, prefix = key.id, key.prefix

    second = runner.invoke(
        app,
        ["keys", "create", "--name", "newsletter-ci", "--scopes", "read", "--tenant", "newsletter"],
    )
    assert second.exit_code == 0, second.output

    listed = runner.invoke(app, ["keys", "list"])
    assert listed.exit_code == 0
    lines = listed.stdout.splitlines()
    assert lines[0].split() == ["id", "key", "name", "tenant", "scopes", "state", "created"]
    assert f"brf_{prefix}_..." in lines[1] and "active" in lines[1]
    assert lines[2].split()[2:6] == ["newsletter-ci", "newsletter", "read", "active"]
    assert token not in listed.stdout

    revoked = runner.invoke(app, ["keys", "revoke", str(key_id)])
    assert revoked.exit_code == 0 and "revoked" in revoked.stdout
    with session_scope(database_url) as session:
        assert find_key(session=session, token=token) is None
    assert "revoked" in runner.invoke(app, ["keys", "list"]).stdout.splitlines()[1]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["create", "--name", "x", "--scopes", "read,root"], "unknown scopes ['root']"),
        (["create", "--name", "x", "--tenant", "nobody"], "no tenant named 'nobody'"),
        (["revoke", "99"], "no key with id 99"),
    ],
)
def test_mistakes_exit_2_saying_why(database_url: str, args: list[str], message: str) -> None:
    result = runner.invoke(app, ["keys", *args])
    assert result.exit_code == 2 and message in result.stderr
