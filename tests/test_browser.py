"""End to end: `streamlit run app.py` on a free port, driven by headless Chromium through Playwright.

Fills the profile, writes a meeting request offline, and saves a screenshot of every page under
test-artifacts/screenshots/ (git ignores test-artifacts/). Without a usable Chromium the test is
skipped with the reason, never passed.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from streamlit_server import CHROMIUM, CHROMIUM_ARGS, PROJECT, Server, start

SCREENSHOTS = PROJECT / "test-artifacts" / "screenshots"
START_DEADLINE = 30.0  # seconds for the server to answer its health check
DRAFT_LABEL = "Your draft — edit it freely; the coach checks your edits"


def navigation_titles() -> list[str]:
    """The title of every page in app.py's navigation, in order (each page's heading repeats it)."""
    source = (PROJECT / "app.py").read_text(encoding="utf-8")
    return re.findall(r'st\.Page\(\s*"app_pages/\w+\.py",\s*title="([^"]+)"', source)


@dataclass
class ServedApp:
    """A `streamlit run` process; its output goes to a log file, quoted when it fails."""

    server: Server
    log: Path
    data_dir: Path

    @property
    def url(self) -> str:
        return self.server.url

    def wait_until_healthy(self) -> None:
        try:
            self.server.wait_until_healthy(START_DEADLINE)
        except RuntimeError as exc:
            pytest.fail(f"{exc}:\n{self.output()}")

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")[-4000:]


@pytest.fixture
def served_app(guidance_index: Any, shared_index_dir: Path, tmp_path: Path) -> Iterator[ServedApp]:
    """The app started with `streamlit run` on a free port, a private data folder and a built index.

    It is not waited for here, so that Chromium starts meanwhile: call `wait_until_healthy` first.
    """
    data_dir = tmp_path / "app-data"
    shutil.copytree(shared_index_dir / "index", data_dir / "index")
    log = tmp_path / "streamlit.log"
    with log.open("wb") as out:
        app = ServedApp(start(data_dir, output=out), log, data_dir)
    try:
        yield app
    finally:
        app.server.stop()
        assert "Traceback" not in app.output(), app.output()


@pytest.fixture
def browser() -> Iterator[Any]:
    """Debian's Chromium through Playwright, or a skip that says why not."""
    if not CHROMIUM.exists():
        pytest.skip(f"Chromium is not available: {CHROMIUM} is missing (apt-get install chromium)")
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError as exc:
        pytest.skip(f"Chromium is not available: the playwright package is missing ({exc})")

    with sync_playwright() as playwright:
        try:
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, timeout=30_000)
        except Error as exc:
            pytest.skip(f"Chromium is not available: {str(exc).splitlines()[0]}")
        try:
            yield chromium
        finally:
            chromium.close()


def settle(page: Any) -> None:
    """Wait until the app has finished its current run."""
    page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]').wait_for(timeout=20_000)


def go_to(page: Any, link: str, title: str) -> None:
    page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name=link, exact=True).click()
    page.get_by_role("heading", name=title, level=1).wait_for(timeout=20_000)
    settle(page)


def textbox(page: Any, label: str) -> Any:
    """A text input or area by its label (a help icon's button carries the label too)."""
    return page.get_by_role("textbox", name=label, exact=True)


def shoot(page: Any, name: str) -> None:
    """A screenshot of the whole page: the app scrolls inside its main area, so the window grows to fit it.

    A page that shows a traceback fails the test (after its screenshot, which shows it)."""
    size = page.viewport_size
    height = page.evaluate("document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    page.set_viewport_size({"width": size["width"], "height": max(size["height"], min(int(height), 6000))})
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))
    page.set_viewport_size(size)
    assert not page.locator('[data-testid="stException"]').count(), f"{name}: the page shows an exception"


@pytest.mark.slow
def test_a_meeting_request_from_a_fresh_start(served_app: ServedApp, browser: Any) -> None:
    from playwright.sync_api import expect

    served_app.wait_until_healthy()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.set_default_timeout(20_000)
    page.goto(served_app.url)
    page.get_by_role("heading", name="Your profile", level=1).wait_for()
    settle(page)
    shoot(page, "01-profile-first-visit")

    # Saving an empty profile names the missing fields and outlines their boxes.
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_text(re.compile("Please fill in: name, background, target industry"))).to_be_visible()
    settle(page)
    expect(textbox(page, "Your name *")).to_have_css("background-color", "rgb(253, 236, 234)")
    expect(textbox(page, "Target role")).not_to_have_css("background-color", "rgb(253, 236, 234)")
    shoot(page, "01b-profile-missing-fields")

    textbox(page, "Your name *").fill("Ada Lovelace")
    textbox(page, "Your background *").fill(
        "Ten years as an intensive-care nurse, known for calm under pressure and clear handovers."
    )
    textbox(page, "Target industry *").fill("health technology")
    textbox(page, "Target role").fill("product manager")
    textbox(page, "Strengths, one per line").fill("clinical insight\ncalm under pressure")
    textbox(page, "Your goal").fill("Move into product work within a year")
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_text("Saved. Your profile is kept on this computer")).to_be_visible()
    settle(page)
    shoot(page, "02-profile-saved")

    go_to(page, "Request a meeting", "Request a meeting")
    expect(page.get_by_text("Drafting as Ada Lovelace")).to_be_visible()
    for label, value in [
        ("Their name *", "Grace Hopper"),
        ("Their role", "Head of Product"),
        ("Their organisation", "Acme Health"),
        ("Who referred you (if anyone)", "Alan Turing"),
    ]:
        textbox(page, label).fill(value)  # moving on commits the field before (a rerun)
    textbox(page, "Who referred you (if anyone)").press("Enter")
    settle(page)
    page.get_by_role("button", name="Write the draft").click()
    draft = textbox(page, DRAFT_LABEL).first
    expect(draft).to_have_value(re.compile("Alan Turing"), timeout=30_000)
    expect(page.get_by_text("offline draft")).to_be_visible()
    expect(page.get_by_text(re.compile(r"Coach check"))).to_be_visible()
    settle(page)
    assert "Grace" in draft.input_value()
    # The buttons above the first draft say what now applies.
    expect(page.get_by_role("button", name="Write it again")).to_be_visible()
    expect(page.get_by_role("button", name="I have my own draft")).to_have_count(1)  # the reminder's only
    shoot(page, "03-request-draft")

    # Another tone, written again: the box shows the new draft, and it is what is copied and downloaded.
    warm = draft.input_value()
    page.locator('[data-testid="stButtonGroup"]').get_by_text("formal", exact=True).first.click()
    settle(page)
    page.get_by_role("button", name="Write it again").click()
    expect(draft).not_to_have_value(warm, timeout=30_000)
    settle(page)
    shown = draft.input_value()
    page.get_by_text("Copy the text").first.click()
    copied = page.locator('[data-testid="stCode"] code').first.inner_text()
    with page.expect_download() as downloaded:
        page.get_by_role("button", name="Download .txt").first.click()
    saved = Path(downloaded.value.path()).read_text(encoding="utf-8")
    assert shown.strip() == copied.strip() == saved.strip()
    expect(page.get_by_text(re.compile(r"^\d+ words · about"))).to_have_count(1)  # no stale copy left behind
    shoot(page, "03b-request-formal")

    # "I sent it" keeps what the form said about Grace with her in the tracker.
    page.get_by_role("button", name=re.compile("I sent it: keep it with Grace Hopper")).click()
    expect(page.get_by_text(re.compile("Kept with Grace Hopper"))).to_be_visible()
    with sqlite3.connect(served_app.data_dir / "tracker.db") as db:
        role, organisation, referrer = db.execute(
            "SELECT c.role, c.organization, r.name FROM contacts c JOIN contacts r ON r.id = c.referred_by_id"
            " WHERE c.name = 'Grace Hopper'"
        ).fetchone()
    assert (role, organisation, referrer) == ("Head of Product", "Acme Health", "Alan Turing")

    # A LinkedIn note counts its characters while they are typed, before the box is left.
    page.get_by_text("LinkedIn note", exact=True).click()
    settle(page)
    page.get_by_role("button", name="Write it again").click()
    expect(page.get_by_text(re.compile(r"^\d+ of 200 characters$"))).to_be_visible(timeout=30_000)
    settle(page)
    note = textbox(page, DRAFT_LABEL).first
    before = len(note.input_value())
    expect(page.get_by_text(f"{before} of 200 characters", exact=True)).to_be_visible()
    page.wait_for_function("() => (window.__coachCounts || {})['_w_request_text']")  # the counting script is in
    note.press("End")
    note.press_sequentially(" Thanks!")
    expect(page.get_by_text(f"{before + 8} of 200 characters", exact=True)).to_be_visible()
    shoot(page, "03c-linkedin-count-while-typing")
    note.press("Tab")  # leaving the box hands the edit to the app
    settle(page)

    titles = navigation_titles()
    assert titles[:2] == ["Your profile", "Request a meeting"]
    for number, title in enumerate(titles[2:], start=4):
        go_to(page, title, title)
        shoot(page, f"{number:02d}-{re.sub(r'[^a-z]+', '-', title.lower()).strip('-')}")
    # Grace's row fits the Contacts page at 1280 pixels: no sideways scrolling.
    go_to(page, "Contacts", "Contacts")
    table = page.locator('[data-testid="stDataFrame"]').first
    table.wait_for()
    page.wait_for_timeout(500)  # the grid draws itself after the element appears
    shoot(page, "08b-contacts-table")
    scroller = table.locator(".dvn-scroller").first
    assert scroller.evaluate("el => el.scrollWidth <= el.clientWidth + 1"), "the contacts table scrolls sideways"
    # The request is still there after a tour of the other pages.
    go_to(page, "Request a meeting", "Request a meeting")
    expect(textbox(page, "Their name *")).to_have_value("Grace Hopper")

    # The note to the referrer is its own draft, in its own tab, written to Alan about Grace.
    go_to(page, "Thank-you & follow-up", "Thank-you & follow-up")
    textbox(page, "What you discussed (the thank-you needs it)").fill("says most PMs from nursing start in support")
    textbox(page, "What you discussed (the thank-you needs it)").press("Tab")
    settle(page)
    page.get_by_role("tab", name="Note to your referrer").click()
    settle(page)
    page.get_by_role("button", name="Write the note to Alan Turing").click()
    note = textbox(page, DRAFT_LABEL).last
    expect(note).to_have_value(re.compile(r"Hi Alan,"), timeout=30_000)
    settle(page)
    assert "Grace said most PMs from nursing start in support" in note.input_value()
    assert "---" not in note.input_value()
    expect(page.get_by_role("button", name=re.compile("I sent it: keep it with Alan Turing"))).to_be_visible()
    shoot(page, "20-note-to-the-referrer")

    # The question list is for the same contact: their organisation is named, the meeting's length fits.
    go_to(page, "Questions to ask", "Questions to ask")
    expect(textbox(page, "Their organisation (optional)")).to_have_value("Acme Health")
    page.get_by_role("button", name="Write the draft").click()
    questions = textbox(page, DRAFT_LABEL).first
    expect(questions).to_have_value(re.compile(r"The one thing to take away"), timeout=30_000)
    settle(page)
    listed = questions.input_value()
    assert "Acme Health" in listed.split("\n\n", 1)[1]
    assert re.findall(r"^\d+\. (.+)$", listed, re.M)[-1].startswith(("Who", "Is there", "Could", "If you", "Are there"))
    shoot(page, "21-questions-for-grace")

    # My own introduction: pasted, checked, and kept through a change of tone.
    go_to(page, "Tell me about yourself", "Tell me about yourself")
    page.get_by_role("button", name="I have my own draft").click()
    mine = textbox(page, DRAFT_LABEL).first
    expect(mine).to_have_value("")
    own = "I spent ten years as an intensive-care nurse and I want to bring that calm to health technology."
    mine.fill(own)
    mine.press("Tab")
    settle(page)
    expect(page.get_by_text("your own draft")).to_be_visible()
    expect(page.get_by_text(re.compile(r"Coach check"))).to_be_visible()
    page.locator('[data-testid="stButtonGroup"]').get_by_text("brief", exact=True).first.click()
    settle(page)
    expect(textbox(page, DRAFT_LABEL).first).to_have_value(own)
    shoot(page, "22-my-own-introduction")

    # The meeting companion starts on Grace, and ending it writes the thank-you from the notes taken.
    go_to(page, "Meeting companion", "Meeting companion")
    shoot(page, "23a-companion")
    expect(page.locator('[data-testid="stSelectbox"] input').first).to_have_value("Grace Hopper")
    notes = "She reviews every release for clinical risk and says nurses spot hazards early"
    textbox(page, "What you are learning (this becomes 'what you discussed' in the thank-you)").fill(notes)
    textbox(page, "What you are learning (this becomes 'what you discussed' in the thank-you)").press("Tab")
    settle(page)
    page.get_by_role("button", name="End meeting").click()
    page.get_by_role("heading", name="Thank-you & follow-up", level=1).wait_for(timeout=20_000)
    thanks = textbox(page, DRAFT_LABEL).first
    expect(thanks).to_have_value(re.compile("Hi Grace"), timeout=30_000)
    settle(page)
    assert "nurses spot hazards early" in thanks.input_value()
    expect(page.get_by_role("button", name="Write it again").first).to_be_visible()
    shoot(page, "23-thank-you-after-the-meeting")

    # Sent: the thank-you is kept, the meeting ended the wait for a reply, and Today has neither left.
    go_to(page, "Today", "Today")
    expect(page.get_by_text("Thank Grace Hopper for the meeting")).to_be_visible()
    go_to(page, "Thank-you & follow-up", "Thank-you & follow-up")
    page.get_by_role("button", name=re.compile("I sent it: keep it with Grace Hopper")).first.click()
    expect(page.get_by_text(re.compile("is marked done on the Today page"))).to_be_visible()
    go_to(page, "Today", "Today")
    expect(page.get_by_text("Thank Grace Hopper for the meeting")).to_have_count(0)
    expect(page.get_by_text(re.compile("Waiting for a reply from"))).to_have_count(0)
    shoot(page, "24-today-after-the-thank-you")
    page.close()


def test_the_printable_question_list_is_one_sheet_for_twelve_questions(browser: Any) -> None:
    import json

    from coaching.compose import compose
    from coaching.models import Task, parse_input
    from coaching.printable import printable_questions

    raw = json.loads((PROJECT / "tests" / "data" / "personas.json").read_text(encoding="utf-8"))[0]
    raw["options"] = {**raw["options"], "minutes": 45}
    listed = compose(Task.questions, parse_input(raw, Task.questions))
    count = len(re.findall(r"^\d+\. ", listed, re.M))
    # Questions a person might add by hand, long ones, up to twelve.
    extra = "\n".join(
        f"{number}. When you look back at your first year in clinical safety, which habit or piece of advice made "
        "the biggest difference to how quickly you were trusted with real decisions?"
        for number in range(count + 1, 13)
    )
    listed = listed.replace("\nYour résumé", f"\n{extra}\n\nYour résumé")
    assert len(re.findall(r"^\d+\. ", listed, re.M)) == 12
    page = browser.new_page()
    page.set_content(printable_questions(listed))
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "30-printable-questions.png"), full_page=True)
    for sheet in ("A4", "Letter"):
        pdf = page.pdf(format=sheet)
        assert len(re.findall(rb"/Type\s*/Page\b", pdf)) == 1, f"{sheet}: more than one sheet"
    assert "12. When you look back" in page.inner_text("body")
    page.close()


def test_a_reasoning_model_shows_thinking_then_only_its_draft(guidance_index, shared_index_dir, tmp_path, browser):
    """A model that thinks for a while in a field of its own (as vLLM and Ollama send it): the page
    says it is thinking, then shows the draft alone; the thoughts never reach the page."""
    from openai_server import OpenAIServer, answer
    from playwright.sync_api import expect

    from coaching.models import Profile

    thought = "They want an email. Maybe mention the Zenith Labs merger."
    written = (
        "Subject: Twenty minutes of advice?\n\nHi Grace,\n\nI am a nurse moving into health technology, and I would "
        "value 20 minutes of your advice on how you made that move.\n\nBest wishes,\nAda Lovelace"
    )
    data_dir = tmp_path / "app-data"
    shutil.copytree(shared_index_dir / "index", data_dir / "index")
    profile = Profile(name="Ada Lovelace", background="Ten years as a nurse.", target_industry="health technology")
    (data_dir / "profile.json").write_text(profile.model_dump_json())
    log = tmp_path / "streamlit.log"
    with OpenAIServer() as model, log.open("wb") as out:
        model.script(answer(written, reasoning=thought, think_seconds=4.0))
        app = ServedApp(start(data_dir, output=out, settings=model.env), log, data_dir)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            app.wait_until_healthy()
            page.goto(app.url)
            settle(page)
            go_to(page, "Request a meeting", "Request a meeting")
            textbox(page, "Their name *").fill("Grace Hopper")
            textbox(page, "Their name *").press("Enter")
            settle(page)
            page.get_by_role("button", name="Write the draft").click()

            expect(page.get_by_text("The model is thinking before it writes…")).to_be_visible(timeout=15_000)
            shoot(page, "20-model-thinking")
            assert "Zenith" not in page.content()
            draft = textbox(page, DRAFT_LABEL).first
            expect(draft).to_have_value(written, timeout=30_000)
            expect(page.get_by_text("written by test-model")).to_be_visible()
            settle(page)
            shoot(page, "21-model-draft-after-thinking")
            assert "Zenith" not in page.content(), "the thinking never reaches the page"
        finally:
            app.server.stop()
    assert "Traceback" not in app.output(), app.output()


EVIL = "Ann ![b](http://127.0.0.1:9/i.png) www.evil.example ana@evil.example http://127.0.0.1:9/x"


def test_names_with_markdown_links_and_addresses_stay_text_everywhere(
    guidance_index, shared_index_dir, tmp_path, browser
):
    """Issue 17, items 4 and 5: a contact named like a markdown image made the browser fetch it from a
    button label, and bare addresses became live links in titles, captions and notes."""
    import json
    import os
    import subprocess
    import sys

    from playwright.sync_api import expect

    data_dir = tmp_path / "app-data"
    shutil.copytree(shared_index_dir / "index", data_dir / "index")
    profile = {"name": EVIL, "background": "ten years as a nurse", "target_industry": "health www.evil.example"}
    (data_dir / "profile.json").write_text(json.dumps(profile))
    env = {**os.environ, "COACH_DATA_DIR": str(data_dir)}
    for command in (
        ["contacts", "add", "--name", EVIL, "--referred-by", f"Bob {EVIL}", "--notes", "see www.evil.example"],
        ["meetings", "add", "--contact", EVIL, "--date", "2026-11-20", "--discussed", "pricing at www.evil.example"],
    ):
        subprocess.run([sys.executable, "-m", "coaching", *command], env=env, check=True, capture_output=True)
    log = tmp_path / "streamlit.log"
    with log.open("wb") as out:
        app = ServedApp(start(data_dir, output=out), log, data_dir)
    fetched: list[str] = []
    try:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.on("request", lambda request: fetched.append(request.url))
        app.wait_until_healthy()
        page.goto(app.url)
        settle(page)

        def no_live_addresses(where: str) -> None:
            links = page.eval_on_selector_all("[data-testid=stMain] a", "els => els.map(e => e.href)")
            images = page.eval_on_selector_all("[data-testid=stMain] img", "els => els.map(e => e.src)")
            assert not [a for a in links if "evil" in a or "127.0.0.1:9" in a], (where, links)
            assert not [i for i in images if "127.0.0.1:9" in i], (where, images)

        for link, title in [("Today", "Today"), ("Contacts", "Contacts"), ("Meeting companion", "Meeting companion")]:
            go_to(page, link, title)
            no_live_addresses(link)
        go_to(page, "Request a meeting", "Request a meeting")
        no_live_addresses("request, the caption")
        textbox(page, "Their name *").fill(EVIL)
        textbox(page, "Their name *").press("Enter")
        settle(page)
        page.get_by_role("button", name="Write the draft").click()
        expect(textbox(page, DRAFT_LABEL).first).to_be_visible(timeout=30_000)
        settle(page)
        expect(page.get_by_role("button", name=re.compile("I sent it: keep it with Ann"))).to_be_visible()
        shoot(page, "30-addresses-stay-text")
        no_live_addresses("thank-you")
        assert not [url for url in fetched if "127.0.0.1:9" in url], "the browser fetched nothing from the name"
    finally:
        app.server.stop()
