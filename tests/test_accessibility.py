"""Accessibility, checked in Chromium on every page with axe-core 4 (WCAG 2.1 A and AA, and best
practice), before and after writing a draft; each page's own title; Tab in the order the eye reads.

axe-core comes from the npm registry, installed into test-artifacts/ on first use; without npm the
test is skipped with the reason, like Chromium.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from streamlit_server import PROJECT
from test_browser import (  # noqa: F401  (browser and served_app are fixtures)
    DRAFT_LABEL,
    ServedApp,
    browser,
    go_to,
    navigation_titles,
    served_app,
    settle,
    textbox,
)

AXE_DIR = PROJECT / "test-artifacts" / "axe"
AXE_VERSION = "4"
APP_NAME = "Informational Interview Coach"
DRAFT_PAGES = {"Request a meeting": "Write the draft", "Tell me about yourself": "Write the draft",
               "Questions to ask": "Write the draft", "Thank-you & follow-up": "Write the draft"}  # fmt: skip


@pytest.fixture(scope="session")
def axe_script() -> Path:
    script = AXE_DIR / "node_modules" / "axe-core" / "axe.min.js"
    if script.exists():
        return script
    npm = shutil.which("npm")
    if npm is None:
        pytest.skip("axe-core is not available: npm is missing")
    AXE_DIR.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        [npm, "install", "--silent", "--no-audit", "--no-fund", "--prefix", str(AXE_DIR), f"axe-core@{AXE_VERSION}"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    if done.returncode != 0 or not script.exists():
        pytest.skip(f"axe-core is not available: npm install failed ({done.stderr.strip()[-200:]})")
    return script


def axe_problems(page: Any, script: Path) -> list[str]:
    """Serious and critical violations in what the app controls, and any heading-order one."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(script))
    violations = page.evaluate(AXE_RUN)
    problems = []
    for violation in violations:
        if violation["impact"] not in ("serious", "critical") and violation["id"] != "heading-order":
            continue
        for node in violation["nodes"]:
            problems.append(f"{violation['id']} ({violation['impact']}): {node['html'][:100]} — {node['why'][:160]}")
    return problems


# axe's result, less the list markup of Streamlit's sidebar (each node marked with why it failed).
AXE_RUN = """async () => {
  const result = await axe.run(document, {runOnly: {type: 'tag',
    values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}});
  const streamlits = (rule, target) => ['list', 'listitem'].includes(rule)
    && document.querySelector(target[0])?.closest('[data-testid="stSidebar"]');
  return result.violations.map(v => ({id: v.id, impact: v.impact, nodes: v.nodes
    .filter(n => !streamlits(v.id, n.target))
    .map(n => ({html: n.html, why: n.failureSummary || ''}))}))
    .filter(v => v.nodes.length);
}"""


def _profile(data_dir: Path) -> None:
    profile = {"name": "Ada Lovelace", "background": "Ten years as an intensive-care nurse."}
    profile |= {"target_industry": "health technology", "goal": "Product work"}
    (data_dir / "profile.json").write_text(json.dumps(profile))


def test_every_page_passes_axe_has_its_own_title_and_the_request_form_tabs_row_by_row(
    served_app: ServedApp,  # noqa: F811 (the fixture imported above)
    browser: Any,  # noqa: F811
    axe_script: Path,
) -> None:
    _profile(served_app.data_dir)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    served_app.wait_until_healthy()
    page.goto(served_app.url)
    settle(page)

    found: dict[str, list[str]] = {}
    titles = {}
    for title in navigation_titles():
        go_to(page, title, title)
        titles[title] = page.title()
        found[title] = axe_problems(page, axe_script)
        if title in DRAFT_PAGES:
            if title == "Request a meeting" or title == "Thank-you & follow-up":
                textbox(page, "Their name *").fill("Grace Hopper")
                textbox(page, "Their name *").press("Enter")
                settle(page)
            if title == "Thank-you & follow-up":
                textbox(page, "What you discussed (the thank-you needs it)").fill("how clinical safety reviews work")
                textbox(page, "What you discussed (the thank-you needs it)").press("Tab")
                settle(page)
            page.get_by_role("button", name=DRAFT_PAGES[title]).first.click()
            textbox(page, DRAFT_LABEL).first.wait_for(timeout=30_000)
            settle(page)
            found[f"{title}, after a draft"] = axe_problems(page, axe_script)

    print("\naxe, serious or critical (and heading-order), per page:", {t: len(p) for t, p in found.items()})
    assert {t: p for t, p in found.items() if p} == {}
    assert titles == {t: f"{t} · {APP_NAME}" for t in titles}, "each page says its own name first"

    go_to(page, "Request a meeting", "Request a meeting")
    textbox(page, "Their name *").focus()
    order = ["Their name *"]
    for _ in range(6):
        page.keyboard.press("Tab")
        label = page.evaluate(  # the boxes only: a label's help icon sits between them, where it is drawn
            "['INPUT', 'TEXTAREA'].includes(document.activeElement.tagName) ? "
            "document.activeElement.getAttribute('aria-label') || '' : ''"
        )
        if label and label not in order:
            order.append(label)
    assert order[:4] == ["Their name *", "Their role", "Their organisation", "Who referred you (if anyone)"]
