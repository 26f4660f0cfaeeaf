"""The editor page in real headless Chromium, against the real API, worker, PostgreSQL
and Redis: paste the sample article, pick a headline candidate, edit a bullet to a
wrong number and see its flag, approve, copy as Markdown. Screenshots are saved in
the test's temporary directory (and in $EDITOR_SCREENSHOTS when set: docs/editor.png
comes from there)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import httpx
import pytest

from tests.e2e.processes import (
    briefing_process,
    environment,
    free_port,
    wait_for_http,
    wait_for_log,
)

pytestmark = [pytest.mark.slow, pytest.mark.postgres, pytest.mark.redis]

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
WRONG = "NATO now has 38 member states, Rutte said."


def _make_key(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "service.cli.main", "keys", "create", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


@pytest.fixture
def browser() -> Iterator[object]:
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        pytest.skip("Debian's chromium and chromium-driver are not installed")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--window-size=1400,2200",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def _shoot(driver: object, tmp_path: Path, name: str) -> Path:
    path = tmp_path / f"editor-{name}.png"
    driver.save_screenshot(str(path))  # type: ignore[attr-defined]
    target = os.environ.get("EDITOR_SCREENSHOTS")
    if target:
        Path(target).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(target) / path.name)
    return path


def test_edit_flag_and_approve_in_the_browser(
    postgres_url: str,
    redis_url: str,
    tmp_path: Path,
    sample_article_text: str,
    browser: object,
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import Select, WebDriverWait

    driver = browser
    env = environment(
        BRIEFING_DATABASE_URL=postgres_url,
        BRIEFING_BROKER_URL=redis_url,
        BRIEFING_ENGINE="extractive",
        # No seq2seq model here: regenerating with that engine fails, with a reason.
        BRIEFING_MODEL=str(tmp_path / "no-such-model"),
    )
    key = _make_key(env, "--name", "desk-anna", "--scopes", "submit,read")
    stranger = _make_key(env, "--name", "other-newsroom", "--scopes", "submit,read")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with ExitStack() as stack:
        api_log, worker_log = tmp_path / "api.log", tmp_path / "worker.log"
        api = stack.enter_context(briefing_process(["api", "--port", str(port)], env, api_log))
        worker = stack.enter_context(briefing_process(["worker"], env, worker_log))
        wait_for_http(f"{base}/healthz", api, api_log)
        wait_for_log("ready.", worker, worker_log)

        page = httpx.get(f"{base}/editor")
        assert page.status_code == 200
        assert "script-src 'self'" in page.headers["content-security-policy"]
        assert "http" not in page.text.split("<body>")[0].replace('charset="utf-8"', "")

        wait = WebDriverWait(driver, 60)  # type: ignore[arg-type]
        find = driver.find_element  # type: ignore[attr-defined]
        driver.get(f"{base}/editor")  # type: ignore[attr-defined]
        find(By.ID, "api-key").send_keys(key)
        find(By.ID, "signin-button").click()
        wait.until(ec.text_to_be_present_in_element((By.ID, "status"), "Signed in"))
        # Paste the article (set as a paste would, not typed key by key), pick options.
        driver.execute_script(  # type: ignore[attr-defined]
            "const box = arguments[0]; box.focus(); box.value = arguments[1];"
            "box.dispatchEvent(new Event('input'));",
            find(By.ID, "article-text"),
            sample_article_text,
        )
        Select(find(By.ID, "opt-candidates")).select_by_value("3")
        Select(find(By.ID, "opt-bullets")).select_by_value("3")
        find(By.ID, "summarize-button").click()
        wait.until(ec.text_to_be_present_in_element((By.ID, "status"), "Draft ready"))

        radios = driver.find_elements(By.CSS_SELECTOR, "#candidate-list input[type=radio]")  # type: ignore[attr-defined]
        assert len(radios) == 3
        assert radios[0].is_selected()
        bullets = driver.find_elements(By.CSS_SELECTOR, "#bullets .bullet")  # type: ignore[attr-defined]
        assert len(bullets) == 3
        assert driver.find_elements(By.CSS_SELECTOR, "#bullets .flag") == []  # type: ignore[attr-defined]
        # Focusing a bullet highlights its supporting sentence in the source.
        bullets[1].click()
        marks = driver.find_elements(By.CSS_SELECTOR, "#source mark")  # type: ignore[attr-defined]
        assert marks and marks[0].text.strip() == bullets[1].get_attribute("value").strip()
        _shoot(driver, tmp_path, "draft")

        # Pick the second candidate with the keyboard-reachable radio, edit a bullet.
        second = radios[1].get_attribute("value")
        radios[1].click()
        assert find(By.ID, "headline").get_attribute("value") == second
        bullets[0].clear()
        bullets[0].send_keys(WRONG)
        bullets[2].clear()
        bullets[2].send_keys('<img src=x id="injected"> Rutte thanked Jens Stoltenberg.')
        find(By.ID, "save-button").click()
        wait.until(ec.text_to_be_present_in_element((By.ID, "status"), "Saved version 2"))
        flags = find(By.ID, "bullet-flags-0").text
        assert "number 38 not in source" in flags
        assert driver.find_elements(By.ID, "injected") == []  # type: ignore[attr-defined]
        assert "<img" in find(By.ID, "bullet-2").get_attribute("value")
        find(By.ID, "bullet-0").click()
        _shoot(driver, tmp_path, "flagged")

        find(By.ID, "approve-button").click()
        wait.until(ec.text_to_be_present_in_element((By.ID, "approval"), "version 2"))
        find(By.ID, "copy-button").click()
        markdown = find(By.ID, "markdown").get_attribute("value")
        assert markdown.startswith(f"# {second}\n") and f"- {WRONG}" in markdown
        _shoot(driver, tmp_path, "approved")

        # Regenerate with other options: a new version under the same id.
        Select(find(By.ID, "opt-bullets")).select_by_value("2")
        Select(find(By.ID, "opt-length")).select_by_value("short")
        find(By.ID, "regenerate-button").click()
        wait.until(ec.text_to_be_present_in_element((By.ID, "status"), "Regenerated: version 3"))
        assert len(driver.find_elements(By.CSS_SELECTOR, "#bullets .bullet")) == 2  # type: ignore[attr-defined]
        assert "Approved: version 2" in find(By.ID, "approval").text
        assert not find(By.ID, "regeneration").is_displayed()

        # A regeneration that fails says why on the page; version 3 stays in place.
        Select(find(By.ID, "opt-engine")).select_by_value("seq2seq")
        find(By.ID, "regenerate-button").click()
        wait.until(ec.text_to_be_present_in_element((By.ID, "status"), "Regeneration failed"))
        note = find(By.ID, "regeneration")
        assert note.is_displayed()
        assert "failed: cannot load the model" in note.text and "no-such-model" in note.text
        assert "Version 3 is still shown." in note.text and ".." not in note.text
        assert "(version 3)" in find(By.ID, "version-label").text
        assert len(driver.find_elements(By.CSS_SELECTOR, "#bullets .bullet")) == 2  # type: ignore[attr-defined]
        _shoot(driver, tmp_path, "regeneration-failed")

        # What the page did is what the API stored, for this tenant only.
        headers = {"Authorization": f"Bearer {key}"}
        listed = httpx.get(f"{base}/v1/summaries", headers=headers).json()["items"]
        [summary] = listed
        versions = httpx.get(f"{base}/v1/summaries/{summary['id']}/versions", headers=headers)
        assert [(v["version"], v["author"]) for v in versions.json()["items"]] == [
            (1, "engine"),
            (2, "desk-anna"),
            (3, "desk-anna"),
        ]
        assert summary["approved_version"] == 2 and summary["version"] == 3
        assert summary["regeneration"]["status"] == "failed"
        assert "cannot load the model" in summary["regeneration"]["error"]
        assert len(summary["bullets"]) == 2
        other = {"Authorization": f"Bearer {stranger}"}
        assert httpx.get(f"{base}/v1/summaries/{summary['id']}", headers=other).status_code in (
            404,
        )
        assert httpx.get(f"{base}/v1/summaries", headers=other).json()["items"] == []
