"""The Streamlit pages, driven through AppTest: every page renders, and the real flows work.

Each draft page is filled, written offline, edited (the coach check follows the edit), downloaded
and rewritten in another tone. Errors keep the form; user text stays text; no key reaches the page.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest
from streamlit_server import Downloads, download, record_downloads

from coaching.models import Profile, Task
from coaching.profile_store import save_profile
from coaching.tasks import TASKS

pytest_plugins = ["openai_server"]

PROJECT = Path(__file__).resolve().parent.parent

PROFILE = Profile(
    name="Ada Lovelace",
    background="Ten years as an intensive-care nurse, known for calm under pressure and clear handovers.",
    target_industry="health technology",
    target_role="product manager",
    strengths=["clinical insight", "calm under pressure"],
    goal="Move into product work within a year",
)
CONTACT = {
    "_w_contact_name": "Grace Hopper",
    "_w_contact_role": "Head of Product",
    "_w_contact_organization": "Acme Health",
    "_w_contact_referrer": "Alan Turing",
}
CANNED = "I hope this message finds you well"
PLACEHOLDER = "[Company]"
INJECTION = "**bold** <script>alert(1)</script> [x](javascript:alert(1))"


def navigation() -> list[tuple[str, str]]:
    """(file stem, title) of every page in app.py's navigation, in order."""
    source = (PROJECT / "app.py").read_text(encoding="utf-8")
    return re.findall(r'st\.Page\(\s*"app_pages/(\w+)\.py",\s*title="([^"]+)"', source)


PAGES = navigation()
# The pages that draft from the profile, and so point a first-time visitor to it.
NEEDS_PROFILE = {"request", "intro", "questions", "notes"}


@dataclass(frozen=True)
class DraftPage:
    """One draft panel: the page it is on, its key prefix, its task, and what must be typed first."""

    page: str
    prefix: str
    task: Task
    fill: dict[str, str] = field(default_factory=dict)
    tone_key: str = ""
    other_tone: str = "formal"  # a tone whose wording differs from "warm"


DRAFT_PAGES = [
    DraftPage("request", "request", Task.outreach, CONTACT, "_w_request_tone"),
    DraftPage("request", "nudge", Task.nudge, CONTACT, "_w_request_tone"),
    DraftPage("intro", "intro", Task.intro, {}, "_w_intro_tone"),
    # The offline question list only changes with "brief" (warm and formal give the same list).
    DraftPage("questions", "questions", Task.questions, {}, "_w_questions_tone", other_tone="brief"),
    DraftPage(
        "notes",
        "thanks",
        Task.thank_you,
        {**CONTACT, "_w_meeting_discussed": "How nurses move into product roles"},
        "_w_notes_tone",
    ),
    DraftPage(
        "notes",
        "followup",
        Task.follow_up,
        {
            **CONTACT,
            "_w_meeting_discussed": "How nurses move into product roles",
            "_w_meeting_actions": "I joined the local health-tech meetup and read the two books you named",
        },
        "_w_notes_tone",
    ),
]


# --- helpers ----------------------------------------------------------------------------------------


def new_app() -> AppTest:
    return AppTest.from_file(str(PROJECT / "app.py"), default_timeout=60)


def open_page(page: str, at: AppTest | None = None) -> AppTest:
    """A session (new unless given) on `page`, after the default page has run once."""
    if at is None:
        at = new_app()
        at.run()
    at.switch_page(f"app_pages/{page}.py")
    at.run()
    assert not at.exception, at.exception
    return at


def fill(at: AppTest, values: dict[str, str]) -> None:
    """Type into text inputs and text areas by widget key (the run happens on the next click)."""
    widgets = {w.key: w for w in [*at.text_input, *at.text_area]}
    for key, value in values.items():
        widgets[key].input(value)


def button(at: AppTest, label: str) -> Any:
    (found,) = [b for b in at.button if b.label == label]
    return found


def plain(markdown: str) -> str:
    """What a reader sees of markdown the app escaped: the backslashes dropped."""
    return re.sub(r"\\(.)", r"\1", markdown)


def walk(node: Any) -> Iterator[Any]:
    """Every block and element of an AppTest tree."""
    yield node
    for child in getattr(node, "children", {}).values():
        yield from walk(child)


def element_sources(at: AppTest) -> list[str]:
    """Everything the page sends to the browser, element by element, as text."""
    return [str(node.proto) for node in walk(at._tree) if getattr(node, "proto", None) is not None]


def markdown_bodies(at: AppTest) -> list[str]:
    """The raw markdown of every element rendered as markdown: text, captions, alerts."""
    bodies = [m.value for m in [*at.markdown, *at.caption]]
    bodies += [a.value for a in [*at.error, *at.warning, *at.info, *at.success]]
    return bodies


def check_lines(at: AppTest) -> list[str]:
    """The coach check panel's lines as a reader sees them."""
    return [plain(m.value) for m in at.markdown if m.value.startswith(("✅", "⚠️"))]


def generate(at: AppTest, prefix: str) -> AppTest:
    at.button(key=f"{prefix}_generate").click().run()
    assert not at.exception, at.exception
    return at


@pytest.fixture
def app_data(guidance_index: Any) -> Iterator[Path]:
    """The shared built index as COACH_DATA_DIR, with no profile left over from another test."""
    from coaching.settings import get_settings

    data = get_settings().data_dir()
    (data / "profile.json").unlink(missing_ok=True)
    yield data
    (data / "profile.json").unlink(missing_ok=True)


@pytest.fixture
def saved_profile(app_data: Path) -> Profile:
    save_profile(PROFILE)
    return PROFILE


@pytest.fixture
def downloads(monkeypatch: pytest.MonkeyPatch) -> Downloads:
    return record_downloads(monkeypatch)


# --- every page renders -------------------------------------------------------------------------------


def test_every_page_file_is_in_the_navigation() -> None:
    assert NEEDS_PROFILE.issubset({p for p, _ in PAGES})
    assert {p for p, _ in PAGES} == {f.stem for f in (PROJECT / "app_pages").glob("*.py")}


@pytest.mark.parametrize(("page", "title"), PAGES, ids=[p for p, _ in PAGES])
def test_page_renders_on_a_first_visit(app_data: Path, page: str, title: str) -> None:
    at = open_page(page)
    assert [t.value for t in at.title] == [title]
    assert not at.error
    pointer = [i.value for i in at.info if "fill in your profile" in i.value]
    assert bool(pointer) is (page in NEEDS_PROFILE)


@pytest.mark.parametrize(("page", "title"), PAGES, ids=[p for p, _ in PAGES])
def test_page_renders_with_a_profile(saved_profile: Profile, page: str, title: str) -> None:
    at = open_page(page)
    assert [t.value for t in at.title] == [title]
    assert not at.error
    assert not [i for i in at.info if "fill in your profile" in i.value]


# --- profile ------------------------------------------------------------------------------------------


def test_profile_form_saves_and_a_new_session_reads_it_back(app_data: Path) -> None:
    at = new_app()
    at.run()
    inputs = {w.label: w for w in [*at.text_input, *at.text_area]}
    inputs["Your name *"].input("Ada Lovelace")
    inputs["Your background *"].input(PROFILE.background)
    inputs["Target industry *"].input("health technology")
    inputs["Target role"].input("product manager")
    inputs["Strengths, one per line"].input("clinical insight\ncalm under pressure\n")
    inputs["Your goal"].input("Move into product work within a year")
    button(at, "Save profile").click().run()
    assert not at.exception
    assert not at.error
    assert [s.value for s in at.success if s.value.startswith("Saved")]

    saved = json.loads((app_data / "profile.json").read_text(encoding="utf-8"))
    assert saved == PROFILE.model_dump()

    again = new_app()
    again.run()
    shown = {w.label: w.value for w in [*again.text_input, *again.text_area]}
    assert shown["Your name *"] == "Ada Lovelace"
    assert shown["Your background *"] == PROFILE.background
    assert shown["Target industry *"] == "health technology"
    assert shown["Target role"] == "product manager"
    assert shown["Strengths, one per line"] == "clinical insight\ncalm under pressure"
    assert shown["Your goal"] == "Move into product work within a year"
    # The draft pages now know who is writing.
    request = open_page("request", again)
    assert any("Drafting as Ada Lovelace" in c.value for c in request.caption)


def test_profile_with_a_required_field_missing_is_not_saved_and_keeps_the_typing(app_data: Path) -> None:
    at = new_app()
    at.run()
    inputs = {w.label: w for w in [*at.text_input, *at.text_area]}
    inputs["Your name *"].input("Ada Lovelace")
    inputs["Target role"].input("product manager")
    button(at, "Save profile").click().run()
    assert not at.exception
    assert len(at.error) == 1
    assert "background" in at.error[0].value and "industry" in at.error[0].value
    assert not (app_data / "profile.json").exists()
    shown = {w.label: w.value for w in [*at.text_input, *at.text_area]}
    assert shown["Your name *"] == "Ada Lovelace"
    assert shown["Target role"] == "product manager"


def test_after_an_error_the_corrected_profile_saves_at_the_next_try(app_data: Path) -> None:
    at = new_app()
    at.run()
    inputs = {w.label: w for w in [*at.text_input, *at.text_area]}
    inputs["Your name *"].input("Maria Lopes")
    inputs["Target industry *"].input("health technology")
    button(at, "Save profile").click().run()
    assert "background" in at.error[0].value
    inputs = {w.label: w for w in [*at.text_input, *at.text_area]}
    inputs["Your name *"].input("Maria López")
    inputs["Your background *"].input(PROFILE.background)
    button(at, "Save profile").click().run()
    assert not at.error, [e.value for e in at.error]
    saved = json.loads((app_data / "profile.json").read_text(encoding="utf-8"))
    assert (saved["name"], saved["background"]) == ("Maria López", PROFILE.background)


# --- the draft pages ----------------------------------------------------------------------------------


@pytest.mark.parametrize("case", DRAFT_PAGES, ids=[c.prefix for c in DRAFT_PAGES])
def test_draft_page_writes_edits_checks_and_downloads(
    saved_profile: Profile, downloads: Downloads, case: DraftPage
) -> None:
    at = open_page(case.page)
    fill(at, case.fill)
    generate(at, case.prefix)
    assert not at.error

    text = at.text_area(key=f"_w_{case.prefix}_text").value
    assert text.strip()
    if case.task not in (Task.intro, Task.questions):  # a letter, from the profile to the contact
        assert "Ada Lovelace" in text
        assert "Grace" in text
    assert any("offline draft" in m.value for m in at.markdown), "the offline badge is missing"
    assert any(m.value.startswith("**Coach check**") for m in at.markdown)
    assert any(e.label.startswith("Guidance behind this draft") for e in at.expander)

    title = TASKS[case.task].title.capitalize()
    assert download(at, downloads, f"{case.prefix}_txt") == (text, "text/plain", f"{case.task.value}.txt")
    assert download(at, downloads, f"{case.prefix}_md") == (
        f"# {title}\n\n{text}\n",
        "text/markdown",
        f"{case.task.value}.md",
    )
    before = check_lines(at)
    assert not [line for line in before if "is a stock phrase" in line or "placeholder left in" in line]

    edited = f"{CANNED}.\n\n{text}\n\nI would love to join {PLACEHOLDER} one day."
    at.text_area(key=f"_w_{case.prefix}_text").input(edited).run()
    assert not at.exception
    assert at.button(key=f"{case.prefix}_generate").label == "Write it again"
    lines = check_lines(at)
    assert [line for line in lines if line.startswith("⚠️") and f'"{CANNED.lower()}" is a stock phrase' in line.lower()]
    assert [line for line in lines if line.startswith("⚠️") and "placeholder left in" in line and PLACEHOLDER in line]
    # The downloads follow the edit.
    assert download(at, downloads, f"{case.prefix}_txt")[0] == edited
    assert download(at, downloads, f"{case.prefix}_md")[0] == f"# {title}\n\n{edited}\n"


@pytest.mark.parametrize("case", DRAFT_PAGES, ids=[c.prefix for c in DRAFT_PAGES])
def test_another_tone_writes_different_wording(saved_profile: Profile, case: DraftPage) -> None:
    at = open_page(case.page)
    fill(at, case.fill)
    generate(at, case.prefix)
    warm = at.text_area(key=f"_w_{case.prefix}_text").value
    at.button_group(key=case.tone_key).set_value(case.other_tone).run()
    generate(at, case.prefix)
    other = at.text_area(key=f"_w_{case.prefix}_text").value
    assert other.strip()
    assert other != warm


def test_the_question_list_asks_about_the_contacts_organisation_and_fits_the_minutes(saved_profile: Profile) -> None:
    at = open_page("questions")
    fill(at, {key: value for key, value in CONTACT.items() if key != "_w_contact_referrer"})
    at.number_input(key="_w_request_minutes").set_value(10)
    generate(at, "questions")
    short = at.text_area(key="_w_questions_text").value
    assert "Acme Health" in short.split("\n\n", 1)[1], "a question names their organisation"
    at.number_input(key="_w_request_minutes").set_value(30)
    generate(at, "questions")
    long = at.text_area(key="_w_questions_text").value
    numbered = [len(re.findall(r"^\d+\. ", text, re.M)) for text in (short, long)]
    assert numbered[0] < numbered[1], numbered


def test_both_notes_tabs_keep_their_own_draft(saved_profile: Profile) -> None:
    (followup,) = [c for c in DRAFT_PAGES if c.prefix == "followup"]  # its fill covers both tabs
    at = open_page("notes")
    assert [t.label for t in at.tabs] == ["Thank-you now", "About a month later"]
    fill(at, followup.fill)
    generate(at, "thanks")
    generate(at, "followup")
    thank_you = at.text_area(key="_w_thanks_text").value
    month = at.text_area(key="_w_followup_text").value
    assert thank_you != month
    assert "how nurses move into product roles" in thank_you.lower()
    assert "health-tech meetup" in month
    # The note to the referrer is its own draft in its own tab, not appended to the one-month note.
    assert "---" not in month and "\nHi Alan," not in month
    assert [t.label for t in at.tabs][-1] == "Note to your referrer"
    generate(at, "referrer")
    assert "\nHi Alan,\n" in at.text_area(key="_w_referrer_text").value
    assert at.tabs[0].text_area(key="_w_thanks_text").value == thank_you
    assert at.tabs[1].text_area(key="_w_followup_text").value == month


def test_one_month_note_without_the_discussion_reads_well(saved_profile: Profile) -> None:
    at = open_page("notes")
    fill(at, {**CONTACT, "_w_meeting_actions": "I joined the local health-tech meetup"})
    generate(at, "followup")
    text = at.text_area(key="_w_followup_text").value
    assert text.strip()
    assert not re.search(r"\babout\s*,", text), text


def test_a_missing_contact_name_shows_one_error_and_keeps_every_typed_value(saved_profile: Profile) -> None:
    at = open_page("request")
    typed = {key: value for key, value in CONTACT.items() if key != "_w_contact_name"}
    typed["_w_contact_how_we_know"] = "Her talk on clinical software at HealthConf"
    fill(at, typed)
    at.number_input(key="_w_request_minutes").set_value(30)
    at.button_group(key="_w_request_tone").set_value("formal")
    generate(at, "request")

    assert len(at.error) == 1
    assert "name" in plain(at.error[0].value)
    assert "_w_request_text" not in [t.key for t in at.text_area]
    shown = {w.key: w.value for w in at.text_input}
    for key, value in typed.items():
        assert shown[key] == value
    assert shown["_w_contact_name"] == ""
    assert at.number_input(key="_w_request_minutes").value == 30
    assert at.button_group(key="_w_request_tone").value == "formal"

    # Filling the name in afterwards is all it takes.
    fill(at, {"_w_contact_name": "Grace Hopper"})
    generate(at, "request")
    assert not at.error
    assert "Alan Turing" in at.text_area(key="_w_request_text").value


def test_a_draft_and_its_edits_survive_a_visit_to_another_page(saved_profile: Profile) -> None:
    at = open_page("request")
    fill(at, {"_w_contact_name": "Grace Hopper"})
    generate(at, "request")
    edited = at.text_area(key="_w_request_text").value + "\nP.S. My own line."
    at.text_area(key="_w_request_text").input(edited).run()
    open_page("guidance", at)
    open_page("request", at)
    assert at.text_area(key="_w_request_text").value == edited
    # Writing it again asks first: the edits are kept, or replaced only when the person says so.
    generate(at, "request")
    assert [w for w in at.warning if "replace your edits" in w.value]
    at.button(key="request_keep_edits").click().run()
    assert at.text_area(key="_w_request_text").value == edited
    assert not [w for w in at.warning if "replace your edits" in w.value]
    generate(at, "request")
    at.button(key="request_replace_edits").click().run()
    assert not at.exception, at.exception
    assert "P.S. My own line." not in at.text_area(key="_w_request_text").value


@pytest.mark.parametrize("case", DRAFT_PAGES, ids=lambda case: case.prefix)
def test_my_own_draft_is_checked_kept_through_a_tone_change_and_never_overwritten_unasked(
    saved_profile: Profile, case: DraftPage, downloads: Downloads
) -> None:
    at = open_page(case.page)
    fill(at, case.fill)
    at.button(key=f"{case.prefix}_own").click().run()
    assert not at.exception, at.exception
    assert at.text_area(key=f"_w_{case.prefix}_text").value == ""
    mine = "Hi there, I hope this message finds you well. I spent a year at Globex Corp and loved it."
    at.text_area(key=f"_w_{case.prefix}_text").input(mine).run()
    lines = check_lines(at)
    assert [line for line in lines if line.startswith("⚠️") and "is a stock phrase" in line]
    assert [line for line in lines if line.startswith("⚠️") and '"Globex Corp"' in line]
    assert download(at, downloads, f"{case.prefix}_txt")[0] == mine
    if case.tone_key:  # another tone does not touch the person's own words
        at.segmented_control(key=case.tone_key).set_value(case.other_tone).run()
        assert at.text_area(key=f"_w_{case.prefix}_text").value == mine
    generate(at, case.prefix)  # "Write a draft for me" asks before it replaces anything
    assert at.text_area(key=f"_w_{case.prefix}_text").value == mine
    assert [w for w in at.warning if "replace your edits" in w.value]


def test_a_missing_contact_name_is_reported_in_the_pages_words(saved_profile: Profile) -> None:
    at = open_page("request")
    generate(at, "request")
    (error,) = at.error
    assert "contact.name" not in plain(error.value)
    assert "their name" in plain(error.value).lower()


# --- the model backend, against the local OpenAI-compatible test server ------------------------------------


def choose_model(at: AppTest, base_url: str, backend: str = "Model", key: str = "") -> AppTest:
    at = open_page("settings", at)
    at.radio(key="_w_settings_backend").set_value(backend)
    at.text_input(key="_w_settings_base_url").input(base_url)
    at.text_input(key="_w_settings_model").input("test-model")
    if key:
        at.text_input(key="_w_settings_api_key").input(key)
    at.run()
    assert not at.exception
    return at


def test_a_model_error_shows_one_friendly_sentence_and_keeps_the_form(saved_profile: Profile, openai_server) -> None:
    from openai_server import status

    openai_server.script(status(401))
    at = choose_model(new_app(), openai_server.base_url)
    at = open_page("request", at)
    fill(at, CONTACT)
    generate(at, "request")

    assert len(openai_server.chat_requests) == 1
    assert len(at.error) == 1
    message = plain(at.error[0].value)
    assert "refused the API key" in message
    assert "Traceback" not in message and "openai." not in message
    assert "\n" not in message
    assert "_w_request_text" not in [t.key for t in at.text_area]
    shown = {w.key: w.value for w in at.text_input}
    assert {key: shown[key] for key in CONTACT} == CONTACT


def test_a_model_error_on_a_page_does_not_mention_command_line_flags(saved_profile: Profile, openai_server) -> None:
    from openai_server import status

    openai_server.script(status(401))
    at = open_page("request", choose_model(new_app(), openai_server.base_url))
    fill(at, CONTACT)
    generate(at, "request")
    (error,) = at.error
    assert "--backend" not in plain(error.value) and "OPENAI_API_KEY" not in plain(error.value)
    assert plain(error.value).endswith("Check the API key on the Settings page, or choose the offline composer there.")


def test_a_refused_key_on_the_settings_page_points_at_the_box_above(saved_profile: Profile, openai_server) -> None:
    from openai_server import status

    openai_server.script(status(401))
    at = choose_model(open_page("settings"), openai_server.base_url)
    button(at, "Test connection").click().run()
    (error,) = at.error
    assert plain(error.value).endswith("Check the API key above, or choose Offline composer above.")


def test_automatic_falls_back_to_an_offline_draft_and_says_so(saved_profile: Profile, openai_server) -> None:
    from openai_server import status

    openai_server.script(status(500), status(500), status(500))
    at = open_page("request", choose_model(new_app(), openai_server.base_url, backend="Automatic"))
    fill(at, CONTACT)
    generate(at, "request")
    assert not at.error
    assert any("offline draft" in m.value for m in at.markdown)
    assert [w for w in at.warning if "offline draft" in plain(w.value)]
    assert "Alan Turing" in at.text_area(key="_w_request_text").value


def test_a_model_draft_lands_in_the_text_area_with_the_models_name(saved_profile: Profile, openai_server) -> None:
    reply = (
        "Hi Grace,\n\nAlan Turing suggested I write to you. I spent ten years as a nurse and I am moving into "
        "health technology. Could you spare 20 minutes to share your advice? I am not asking for a job.\n\n"
        "Best wishes,\nAda Lovelace"
    )
    openai_server.script(reply, reply)
    at = open_page("request", choose_model(new_app(), openai_server.base_url))
    fill(at, CONTACT)
    generate(at, "request")
    assert not at.error
    assert at.text_area(key="_w_request_text").value == reply
    assert any("written by test-model" in m.value for m in at.markdown)
    assert "Ada Lovelace" in openai_server.chat_requests[0].content("user")
    assert at.text_area(key="_w_request_text").proto.max_chars == 20_000, "the box is capped (issue 17, item 6)"


# --- user text is shown as text -----------------------------------------------------------------------------


def assert_shown_as_text(bodies: list[str]) -> None:
    for body in bodies:
        assert "<script>" not in body, body
        assert "**bold**" not in body, body
        assert "](javascript:" not in body, body


def test_markdown_and_html_in_the_background_are_shown_escaped(app_data: Path) -> None:
    save_profile(PROFILE.model_copy(update={"background": f"{INJECTION} Ten years as a nurse."}))
    at = open_page("request")
    fill(at, CONTACT)
    generate(at, "request")
    text = at.text_area(key="_w_request_text").value
    assert_shown_as_text(markdown_bodies(at))

    # A check that quotes the text (a placeholder) shows it as typed, escaped.
    quoted = "[**x** <script>alert(2)</script>]"
    at.text_area(key="_w_request_text").input(f"{text}\n{quoted}").run()
    assert not at.exception
    bodies = markdown_bodies(at)
    assert_shown_as_text(bodies)
    assert "<script>alert(2)" not in "".join(bodies)
    assert [b for b in bodies if "placeholder left in" in b and quoted in plain(b)]
    for page in ("intro", "questions", "notes", "profile"):
        at = open_page(page, at)
        assert_shown_as_text(markdown_bodies(at))


@pytest.mark.parametrize("name", ["name", "target_industry"])
def test_markdown_in_the_name_and_industry_is_shown_escaped(app_data: Path, name: str) -> None:
    save_profile(PROFILE.model_copy(update={name: INJECTION}))
    at = open_page("request")
    assert_shown_as_text(markdown_bodies(at))


# --- secrets ------------------------------------------------------------------------------------------------


def test_no_api_key_reaches_the_page_or_the_saved_files(
    app_data: Path,
    openai_server,
    downloads: Downloads,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from openai_server import status

    from coaching.settings import get_settings

    env_key, typed_key = "sk-secret-test-123", "sk-typed-secret-456"
    monkeypatch.setenv("OPENAI_API_KEY", env_key)
    get_settings.cache_clear()
    openai_server.script(status(401), status(401), status(401))

    at = new_app()
    at.run()
    inputs = {w.label: w for w in [*at.text_input, *at.text_area]}
    inputs["Your name *"].input(PROFILE.name)
    inputs["Your background *"].input(PROFILE.background)
    inputs["Target industry *"].input(PROFILE.target_industry)
    button(at, "Save profile").click().run()
    assert (app_data / "profile.json").exists()

    at = choose_model(at, openai_server.base_url, key=typed_key)
    password = at.text_input(key="_w_settings_api_key")
    assert password.proto.type == password.proto.PASSWORD
    button(at, "Test connection").click().run()  # refused
    assert len(at.error) == 1
    seen = {"settings": element_sources(at)}

    at = open_page("request", at)
    fill(at, CONTACT)
    generate(at, "request")  # "Model": refused, one error
    assert len(at.error) == 1
    seen["request (model error)"] = element_sources(at)
    assert openai_server.chat_requests[-1].headers["authorization"] == f"Bearer {typed_key}"

    at = choose_model(at, openai_server.base_url, backend="Automatic", key=typed_key)
    at = open_page("request", at)
    generate(at, "request")  # "Automatic": the fallback warning quotes the error
    assert at.warning
    seen["request (fallback)"] = element_sources(at)
    for page, _ in PAGES:
        seen[page] = element_sources(open_page(page, at))

    for page, sources in seen.items():
        holding = [s for s in sources if env_key in s or typed_key in s]
        if page == "settings":
            # Only the password box itself holds what was typed into it (masked, this session only).
            assert all("PASSWORD" in s or "type: 1" in s for s in holding), holding
            assert not [s for s in holding if env_key in s]
        else:
            assert not holding, f"a key reached the {page} page: {holding}"
    assert downloads, "no download was served"
    for content, _, name in downloads.values():
        assert env_key.encode() not in content, name
        assert typed_key.encode() not in content, name
    for path in app_data.rglob("*"):
        if path.is_file():
            content = path.read_bytes()
            assert env_key.encode() not in content, path
            assert typed_key.encode() not in content, path


# --- guidance -------------------------------------------------------------------------------------------------


def test_guidance_search_shows_passages_with_their_sources(app_data: Path) -> None:
    at = open_page("guidance")
    at.text_input(key="_w_guidance_query").input("how long a meeting should I ask for").run()
    assert not at.exception and not at.error
    sources = [c.value for c in at.caption[1:]]  # after the page's own caption: "source · stage · topics"
    assert len(sources) == 5
    assert all(len(line.split(" · ")) == 3 for line in sources), sources
    at.selectbox(key="_w_guidance_stage").set_value("After the meeting").run()
    assert not at.exception
    stages = [c.value.split(" · ")[1] for c in at.caption[1:]]
    assert stages and set(stages) == {"after"}


def test_i_sent_it_keeps_the_draft_with_the_contact_and_moves_the_plan_on(
    saved_profile: Profile, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import datetime as dt

    from coaching import clock
    from coaching.settings import get_settings
    from coaching.tracker import db, store
    from coaching.tracker.drafts import list_drafts
    from coaching.tracker.plan import due_items

    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'tracker.db'}")  # not the shared index folder
    get_settings.cache_clear()
    db.reset_engines()
    today = clock.today()
    store.add_meeting("Grace Hopper", today - dt.timedelta(days=1), discussed="how nurses move into product")
    at = open_page("notes")
    fill(at, {"_w_contact_name": "Grace Hopper", "_w_meeting_discussed": "how nurses move into product"})
    generate(at, "thanks")
    at.button(key="thanks_sent").click().run()
    assert any("is marked done" in s.value for s in at.success), [s.value for s in at.success]
    (kept,) = list_drafts("Grace Hopper")
    assert (kept.task, kept.sent_on) == ("thank_you", today)
    assert [i.kind.value for i in due_items(today)] == []
    db.reset_engines()


@pytest.fixture
def private_tracker(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    from coaching.settings import get_settings
    from coaching.tracker import db

    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'tracker.db'}")  # not the shared index folder
    get_settings.cache_clear()
    db.reset_engines()
    yield
    db.reset_engines()


def test_a_sent_request_keeps_what_the_form_said_about_the_contact(saved_profile: Profile, private_tracker) -> None:
    from coaching.tracker import store

    at = open_page("request")
    fill(at, {**CONTACT, "_w_contact_how_we_know": "Alan worked with her at Acme Health"})
    generate(at, "request")
    at.button(key="request_sent").click().run()
    assert not at.exception, at.exception
    grace = store.get_contact("Grace Hopper")
    assert (grace.role, grace.organization, grace.referred_by) == ("Head of Product", "Acme Health", "Alan Turing")
    assert grace.notes == "Alan worked with her at Acme Health"
    assert grace.request == "waiting"


def test_a_sent_thank_you_records_the_meeting_and_ends_the_wait_for_a_reply(
    saved_profile: Profile, private_tracker
) -> None:
    import datetime as dt

    from coaching import clock
    from coaching.tracker import store
    from coaching.tracker.plan import due_items

    today = clock.today()
    store.add_contact("Grace Hopper", role="Head of Product")
    store.request_sent("Grace Hopper", on=today - dt.timedelta(days=9))
    assert store.get_contact("Grace Hopper").request == "waiting"
    met = today - dt.timedelta(days=1)
    at = open_page("notes")
    fill(at, {"_w_contact_name": "Grace Hopper", "_w_meeting_discussed": "how nurses move into product"})
    at.date_input(key="_w_meeting_date").set_value(met).run()
    generate(at, "thanks")
    at.button(key="thanks_sent").click().run()
    assert not at.exception, at.exception
    (meeting,) = store.list_meetings("Grace Hopper")
    assert (meeting.date, meeting.discussed) == (met, "how nurses move into product")
    assert store.get_contact("Grace Hopper").request == "replied"
    assert not [item for item in due_items(today) if item.kind.value in ("nudge", "thank_you")]


def test_the_companion_picks_the_contact_and_ends_into_a_thank_you_from_its_notes(
    saved_profile: Profile, private_tracker
) -> None:
    from coaching.tracker import store

    store.add_contact("Grace Hopper", role="Head of Product", organization="Acme Health")
    at = open_page("notes")
    fill(at, {"_w_contact_name": "Grace Hopper", "_w_meeting_discussed": "an older chat about hospital IT"})
    generate(at, "thanks")  # a thank-you from before the meeting, still on the page
    open_page("companion", at)
    assert at.selectbox(key="_w_companion_contact").value == "Grace Hopper"  # the contact the pages are on
    at.text_area(key="_w_companion_notes").input("why clinical safety officers review every release")
    at.button(key="companion_end").click().run()
    assert not at.exception, at.exception
    assert [t.value for t in at.title] == ["Thank-you & follow-up"]
    thanks = at.text_area(key="_w_thanks_text").value
    assert "clinical safety officers review every release" in thanks
    assert "hospital IT" not in thanks


def test_the_questions_page_offers_the_list_alone_as_a_page_to_print(saved_profile: Profile, downloads) -> None:
    at = open_page("questions")
    generate(at, "questions")
    listed = at.text_area(key="_w_questions_text").value
    page, mime, name = download(at, downloads, "questions_print")
    assert (mime, name) == ("text/html", "questions-to-ask.html")
    first_question = re.search(r"^1\. (.+)$", listed, re.M).group(1)
    assert html.escape(first_question) in page
    assert "Write it again" not in page and "Coach check" not in page  # the list, not the app


def test_testing_a_wrong_address_says_so_in_plain_words_on_the_settings_page(saved_profile: Profile, openai_server):
    from openai_server import status

    openai_server.script(status(405))
    at = choose_model(open_page("settings"), openai_server.base_url)
    button(at, "Test connection").click().run()
    (error,) = at.error
    assert "not as a model server the coach can talk to" in error.value
    assert "/v1" in error.value and "above" in error.value
    assert "Settings page" not in error.value and "--backend" not in error.value


# --- saved files that cannot be read (issue 17, item 3) ----------------------------------------------


@pytest.mark.parametrize("page", [p.stem for p in sorted((PROJECT / "app_pages").glob("*.py"))])
def test_a_profile_that_is_not_utf8_is_one_error_and_the_way_to_replace_it_stays_open(app_data: Path, page) -> None:
    (app_data / "profile.json").write_bytes(b'{"name": "Ana \xff\xfe"}')
    try:
        at = open_page(page)
        assert not at.exception, at.exception
        if page == "profile":
            assert any("could not be read" in e.value for e in at.error)
            inputs = {w.label: w for w in [*at.text_input, *at.text_area]}
            inputs["Your name *"].input("Ana Silva")
            inputs["Your background *"].input(PROFILE.background)
            inputs["Target industry *"].input("health technology")
            button(at, "Save profile").click().run()
            assert not at.error, "saving replaced the unreadable file"
            assert json.loads((app_data / "profile.json").read_text(encoding="utf-8"))["name"] == "Ana Silva"
        if page == "settings":
            assert [e for e in at.expander if e.label == "Delete all my data"]
    finally:
        (app_data / "profile.json").unlink(missing_ok=True)


@pytest.mark.parametrize("address", ["http://[::1/v1", "http://local\x01host/v1"], ids=["bracket", "control"])
def test_a_malformed_address_is_one_error_on_test_connection_and_on_writing(saved_profile: Profile, address) -> None:
    """Issue 17, item 7: both were tracebacks on the page."""
    at = choose_model(new_app(), address)
    button(at, "Test connection").click().run()
    assert not at.exception, at.exception
    (error,) = at.error
    assert "not an address the coach can use" in error.value and "above" in error.value

    at = open_page("request", at)
    fill(at, CONTACT)
    generate(at, "request")
    assert not at.exception, at.exception
    (error,) = at.error
    assert "server address on the Settings page" in plain(error.value)


def test_a_password_in_the_address_is_kept_out_of_sight_and_used_to_sign_in(saved_profile: Profile, openai_server):
    """Issue 17, item 1: the Settings box, the messages and the Test connection result showed it."""
    from openai_server import status

    address = openai_server.base_url.replace("http://", "http://ana:s3cret@")
    at = choose_model(new_app(), address)
    assert at.text_input(key="_w_settings_base_url").value == openai_server.base_url, "the box keeps the rest"
    assert any("user name and password" in c.value for c in at.caption)

    openai_server.script("OK")
    button(at, "Test connection").click().run()
    assert openai_server.chat_requests[-1].headers["authorization"].startswith("Basic "), "they sign in"
    openai_server.script(status(401))
    button(at, "Test connection").click().run()
    shown = " ".join(str(e.value) for e in [*at.success, *at.error, *at.caption, *at.markdown, *at.text_input])
    assert "s3cret" not in shown

    at.text_input(key="_w_settings_base_url").input("http://127.0.0.1:9/v1").run()
    assert "settings_base_url_login" not in at.session_state, "a new address without them drops them"


def test_a_password_in_the_environments_address_is_not_shown_in_the_box(saved_profile, openai_server, monkeypatch):
    from coaching.settings import get_settings

    monkeypatch.setenv("OPENAI_BASE_URL", openai_server.base_url.replace("http://", "http://ana:s3cret@"))
    get_settings.cache_clear()
    at = open_page("settings")
    assert at.text_input(key="_w_settings_base_url").value == openai_server.base_url
    openai_server.script("OK")
    button(at, "Test connection").click().run()
    assert openai_server.chat_requests[-1].headers["authorization"].startswith("Basic ")
    assert all("s3cret" not in str(s.value) for s in at.success)
