"""The tracker's command line, end to end: `python -m coaching …` in a private COACH_DATA_DIR.

These run the real program in a subprocess, exactly as the evaluation scripts call it.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from coaching import clock
from coaching.cli import main
from coaching.tracker import db


@pytest.fixture(autouse=True)
def _close_engines():
    yield
    db.reset_engines()


def coach(*args: str, env: dict[str, str] | None = None, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "coaching", *args],
        env=env or os.environ.copy(), input=stdin, capture_output=True, text=True, timeout=120,
    )


def ok(*args: str) -> str:
    done = coach(*args)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_contract_end_to_end(tmp_path: Path):
    ok("contacts", "add", "--name", "Bea Ortiz", "--role", "Director", "--organization", "Acme")
    ok("contacts", "add", "--name", "Ana Silva", "--role", "Data Engineer", "--organization", "Globex",
       "--referred-by", "Bea Ortiz", "--email", "ana@example.org", "--linkedin", "https://linkedin.com/in/ana",
       "--notes", "met at a meetup")
    ok("contacts", "add", "--name", "Ana Silva", "--role", "Lead Data Engineer")  # again: an update, exit 0

    contacts = json.loads(ok("contacts", "list", "--json"))
    ana = next(c for c in contacts if c["name"] == "Ana Silva")
    assert {"name", "role", "organization", "referred_by", "archived"} <= set(ana)
    assert (ana["role"], ana["organization"], ana["referred_by"], ana["archived"]) == (
        "Lead Data Engineer", "Globex", "Bea Ortiz", False)
    assert len(contacts) == 2

    ok("meetings", "add", "--contact", "Ana Silva", "--date", "2028-02-28", "--minutes", "20",
       "--discussed", "how her team hires", "--referral", "Dan Wu", "--referral", "Eve Kim",
       "--actions", "read the book she named")
    tree = {c["name"]: c["referred_by"] for c in json.loads(ok("contacts", "list", "--json"))}
    assert (tree["Dan Wu"], tree["Eve Kim"]) == ("Ana Silva", "Ana Silva")

    assert json.loads(ok("due", "--on", "2028-02-28", "--json")) == []
    due = json.loads(ok("due", "--on", "2028-03-02", "--json"))
    assert [(d["contact"], d["kind"], d["due"]) for d in due] == [
        ("Ana Silva", "thank_you", "2028-02-29"),
        ("Bea Ortiz", "report_to_referrer", "2028-03-02"),
    ]
    assert "Bea Ortiz" in ok("due", "--on", "2028-03-02")

    ok("done", "--contact", "Ana Silva", "--kind", "thank_you", "--on", "2028-02-29")
    ok("done", "--contact", "Bea Ortiz", "--kind", "report_to_referrer", "--on", "2028-03-02")
    assert json.loads(ok("due", "--on", "2028-03-28", "--json")) == []
    ok("done", "--contact", "Ana Silva", "--kind", "follow_up", "--on", "2028-03-29")
    due = json.loads(ok("due", "--on", "2028-04-28", "--json"))
    assert [(d["contact"], d["kind"], d["due"]) for d in due] == [("Ana Silva", "check_in", "2028-04-28")]

    ics = ok("export", "ics")
    assert ics.startswith("BEGIN:VCALENDAR") and ics.count("BEGIN:VEVENT") == 1
    rows = ok("export", "csv").splitlines()
    assert rows[0].startswith("name,role,organization,referred_by")
    assert len(rows) == 5
    out = tmp_path / "plan.ics"
    ok("export", "ics", "--output", str(out))
    assert out.read_bytes().startswith(b"BEGIN:VCALENDAR\r\n")

    ok("contacts", "archive", "--name", "Ana Silva")
    assert json.loads(ok("due", "--on", "2029-01-01", "--json")) == []
    assert next(c for c in json.loads(ok("contacts", "list", "--json")) if c["name"] == "Ana Silva")["archived"]


def test_due_defaults_to_today_and_includes_overdue_steps():
    ok("contacts", "add", "--name", "Ana")
    ok("meetings", "add", "--contact", "Ana", "--date", "2020-01-01")
    due = json.loads(ok("due", "--json"))  # today is pinned by tests/conftest.py
    assert [(d["contact"], d["kind"], d["due"]) for d in due][:4] == [
        ("Ana", "thank_you", "2020-01-02"), ("Ana", "follow_up", "2020-01-31"), ("Ana", "check_in", "2020-03-01"),
        ("Ana", "check_in", "2020-03-31")]
    assert due[-1]["due"] <= clock.today().isoformat()


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """The same program in this process (faster), for the cases that need no fresh interpreter."""
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_requests_and_nudges(capsys):
    run(capsys, "contacts", "add", "--name", "Ana")
    assert run(capsys, "requests", "sent", "--contact", "Ana", "--on", "2028-03-01")[0] == 0
    due = json.loads(run(capsys, "due", "--on", "2028-03-08", "--json")[1])
    assert [(d["contact"], d["kind"], d["due"]) for d in due] == [("Ana", "nudge", "2028-03-08")]
    assert run(capsys, "done", "--contact", "Ana", "--kind", "nudge", "--on", "2028-03-08")[0] == 0
    assert run(capsys, "requests", "replied", "--contact", "Ana", "--on", "2028-03-10")[0] == 0
    assert json.loads(run(capsys, "due", "--on", "2028-04-01", "--json")[1]) == []


def pin_today(monkeypatch, value: str) -> None:
    """COACH_TODAY is read with the other settings, so they are read again after it changes."""
    from coaching.settings import get_settings

    monkeypatch.setenv("COACH_TODAY", value)
    get_settings.cache_clear()


def test_due_without_on_uses_today_which_coach_today_can_pin(capsys, monkeypatch):
    run(capsys, "contacts", "add", "--name", "Ana")
    run(capsys, "meetings", "add", "--contact", "Ana", "--date", "2028-03-01")
    pin_today(monkeypatch, "2028-03-01")
    assert json.loads(run(capsys, "due", "--json")[1]) == []
    pin_today(monkeypatch, "2028-03-03")
    assert [d["kind"] for d in json.loads(run(capsys, "due", "--json")[1])] == ["thank_you"]
    pin_today(monkeypatch, "next tuesday")
    code, out, err = run(capsys, "due", "--json")
    assert (code, out) == (2, "")
    assert "COACH_TODAY: a date as YYYY-MM-DD (got 'next tuesday')" in err
    assert "Traceback" not in err


def test_a_meeting_with_someone_new_adds_them_and_says_so(capsys):
    code, out, _ = run(capsys, "meetings", "add", "--contact", "Grace Hopper", "--date", "2028-03-01")
    assert code == 0
    assert out.splitlines()[:2] == [
        "Added Grace Hopper to your contacts.",
        "Saved the meeting with Grace Hopper on 2028-03-01.",
    ]
    assert run(capsys, "meetings", "add", "--contact", "Grace Hopper", "--date", "2028-04-01")[1].startswith("Saved")


def test_a_meeting_at_the_end_of_the_calendar_is_no_crash(capsys, monkeypatch):
    pin_today(monkeypatch, "9999-12-30")  # meetings are dated within 100 years of today
    assert run(capsys, "meetings", "add", "--contact", "Y", "--date", "9999-12-31")[0] == 0
    code, out, err = run(capsys, "due", "--on", "9999-12-31", "--json")
    assert (code, json.loads(out), err) == (0, [], "")
    run(capsys, "meetings", "add", "--contact", "Z", "--date", "9999-12-30")  # a thank-you on the very last day
    code, out, _ = run(capsys, "export", "ics")
    assert code == 0 and "DTSTART;VALUE=DATE:99991231" in out


def test_delete_asks_first_and_keeps_drafts(capsys):
    from coaching.tracker.drafts import save_draft

    run(capsys, "contacts", "add", "--name", "Ana")
    run(capsys, "meetings", "add", "--contact", "Ana", "--date", "2028-03-01")
    save_draft("thank_you", "Thank you, Ana.", contact="Ana")
    assert run(capsys, "contacts", "delete", "--name", "Ana")[0] == 2  # not a terminal: --yes is needed
    assert run(capsys, "contacts", "delete", "--name", "Ana", "--yes")[0] == 0
    assert json.loads(run(capsys, "contacts", "list", "--json")[1]) == []
    drafts = run(capsys, "export", "drafts")[1].splitlines()
    assert drafts[0] == "id,date,task,contact,meeting_date,sent_on,text"
    assert drafts[1].endswith(",thank_you,Ana,,,\"Thank you, Ana.\"")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["meetings", "add", "--contact", " ", "--date", "2028-03-01"], "--contact: required"),
        (["meetings", "add", "--contact", "Ana", "--date", "01/03/2028"], "--date: a date as YYYY-MM-DD"),
        (["meetings", "add", "--contact", "A" * 121, "--date", "2028-03-01"], "--contact: at most 120 characters"),
        (["meetings", "add", "--contact", "Ana", "--date", "2028-02-30"], "--date: a date as YYYY-MM-DD"),
        (["meetings", "add", "--contact", "Ana", "--date", "2028-03-01", "--minutes", "ten"], "--minutes"),
        (["due", "--on", "tomorrow"], "--on: a date as YYYY-MM-DD"),
        (["due", "--on", "20280301"], "--on: a date as YYYY-MM-DD"),
        (["done", "--contact", "Ana", "--kind", "thanks"],
         "--kind: 'thanks' is not a kind of step; use one of: thank_you, report_to_referrer, follow_up, "
         "check_in, nudge"),
        (["done", "--contact", "Ana", "--kind", "thank_you"], "--kind: nothing of kind thank_you is due for 'Ana'"),
        (["done", "--contact", "ana", "--kind", "thank_you"], "--contact: no contact named 'ana'"),
        (["contacts", "add", "--name", "Ana", "--referred-by", "Ana"], "--referred-by: a contact cannot be"),
        (["contacts", "add", "--name", "Ana", "--role", "x" * 200], "--role: at most 120 characters"),
        (["contacts", "archive", "--name", "Nobody"], "--name: no contact named 'Nobody'"),
        (["contacts", "delete", "--name", "Ana"], "--yes"),
        (["requests", "replied", "--contact", "Ana"], "no meeting request to 'Ana' is recorded as sent"),
    ],
)
def test_input_errors_exit_2_with_one_line_naming_the_flag(capsys, args, message):
    # In-process for speed; the subprocess test below shows the same path has no traceback.
    run(capsys, "contacts", "add", "--name", "Ana")
    code, _, err = run(capsys, *args)
    assert code == 2
    assert message in err
    assert err.count("\n") == 1


def test_an_error_is_one_line_and_no_traceback():
    done = coach("done", "--contact", "Nobody", "--kind", "thank_you")
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr


def test_csv_import_reports_bad_rows_by_line_and_imports_the_good_ones(tmp_path: Path):
    sheet = tmp_path / "contacts.csv"
    sheet.write_text("name,role\nAna,Engineer\n,Nameless\nBea,Director\n", encoding="utf-8")
    done = coach("contacts", "import", "--input", str(sheet))
    assert done.returncode == 2
    assert "Imported 2 new" in done.stdout
    assert "line 3: name: required" in done.stderr
    assert [c["name"] for c in json.loads(ok("contacts", "list", "--json"))] == ["Ana", "Bea"]


def _unopenable(tmp_path: Path, case: str) -> dict[str, str]:
    env = os.environ.copy()
    if case == "data folder is a file":
        blocker = tmp_path / "a-file"
        blocker.write_text("not a folder")
        env["COACH_DATA_DIR"] = str(blocker / "coach")
    elif case == "folder missing":
        env["DATABASE_URL"] = f"sqlite:///{tmp_path}/no/such/folder/tracker.db"
    elif case == "not a database":
        data = Path(env["COACH_DATA_DIR"])
        data.mkdir(parents=True, exist_ok=True)
        (data / "tracker.db").write_bytes(b"this is not SQLite " * 100)
    elif case == "server not listening":
        env["DATABASE_URL"] = "postgresql+psycopg://coach:s3cret-pw@127.0.0.1:9/coach"
    elif case == "not a URL":
        env["DATABASE_URL"] = "this is not a url"
    return env


@pytest.mark.parametrize(
    ("case", "words"),
    [
        ("data folder is a file", "cannot be created"),
        ("folder missing", "cannot be opened"),
        ("not a database", "cannot be opened"),
        ("server not listening", "cannot be opened"),
        ("not a URL", "DATABASE_URL is not a database URL"),
    ],
)
def test_a_database_that_cannot_be_opened_gives_one_sentence_and_exit_1(tmp_path: Path, case, words):
    done = coach("contacts", "list", env=_unopenable(tmp_path, case))
    assert done.returncode == 1, done.stderr
    assert words in done.stderr
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert "s3cret-pw" not in done.stderr  # a password in DATABASE_URL never reaches a message


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["draft", "bogus", "--input", "-"], "TASK: invalid choice: 'bogus'"),
        (["rehearse", "--transcript", "t.txt", "--seconds", "0"], "--seconds: must be more than 0"),
        (["rehearse", "--audio", "a.wav", "--transcript", "t.txt"], "--transcript: not allowed with argument --audio"),
        (["due", "--on"], "--on: expected one argument"),
        ([], "the following arguments are required: COMMAND"),
    ],
)
def test_command_line_mistakes_are_one_line_naming_the_argument(args, named, capsys):
    with pytest.raises(SystemExit) as stopped:
        main(args)
    err = capsys.readouterr().err
    assert stopped.value.code == 2
    assert err.count("\n") == 1 and err.startswith(named) and "--help" in err


def test_a_full_disk_is_one_line_not_a_traceback():
    with open("/dev/full", "w") as full:
        done = subprocess.run([sys.executable, "-m", "coaching", "export", "csv"], stdout=full,
                              capture_output=False, stderr=subprocess.PIPE, text=True, timeout=120)  # fmt: skip
    assert done.returncode == 1
    assert done.stderr == "Could not write the output: No space left on device.\n"


def test_a_second_meeting_the_same_day_says_what_it_replaced(capsys) -> None:
    """Issue 17, item 9: the update is said, with the words it replaced, never silent."""
    run(capsys, "meetings", "add", "--contact", "Ana", "--date", "2028-03-01", "--discussed", "how buyers learn")
    code, out, _ = run(capsys, "meetings", "add", "--contact", "Ana", "--date", "2028-03-01", "--discussed", "pricing")

    assert code == 0
    assert "It was already saved: what was discussed is replaced (it said “how buyers learn”)." in out
    again = run(capsys, "meetings", "add", "--contact", "Ana", "--date", "2028-03-01", "--discussed", "pricing")[1]
    assert "already saved" not in again, "the same words again replace nothing"
    [meeting] = json.loads(run(capsys, "meetings", "list", "--json")[1])
    assert meeting["discussed"] == "pricing" and "replaced" not in meeting


def test_a_meeting_date_outside_a_sensible_window_is_refused_naming_the_flag(capsys) -> None:
    """Issue 17, item 8: 0001-01-01 was accepted and the calendar then held 24,669 events."""
    for date in ("0001-01-01", "1899-12-31", "9999-12-31"):
        code, out, err = run(capsys, "meetings", "add", "--contact", "Ana", "--date", date)
        assert (code, out) == (2, "")
        assert err.startswith("--date: a meeting date between 1900 and ") and f"(got {date})" in err
    assert run(capsys, "meetings", "add", "--contact", "Ana", "--date", "1900-01-01")[0] == 0


def test_the_calendar_pads_years_and_holds_one_missed_check_in_per_person(capsys) -> None:
    from coaching.tracker.calendar import _ics_date

    assert _ics_date(dt.date(999, 3, 1)) == "09990301"
    run(capsys, "meetings", "add", "--contact", "Ana", "--date", "1900-01-01")
    ics = run(capsys, "export", "ics")[1]
    check_ins = [block for block in ics.split("BEGIN:VEVENT")[1:] if "CATEGORIES:check_in" in block]
    assert len(check_ins) <= 2, "the latest missed check-in and the next one, not 1,500"
    assert ics.count("BEGIN:VEVENT") < 10
    assert all(len(line.split(":", 1)[1]) == 8 for line in ics.splitlines() if line.startswith("DTSTART"))


def test_names_survive_a_csv_export_and_import_whatever_they_begin_with(capsys, tmp_path, monkeypatch) -> None:
    """Issue 17, item 9: a name beginning with a quote and a formula sign lost its quote."""
    from coaching.settings import get_settings

    names = ["'=already quoted", "=SUM(A1)", "''=two quotes", "-dash", "'plain quote", "Ana"]
    for name in names:
        assert run(capsys, "contacts", "add", f"--name={name}")[0] == 0
    exported = tmp_path / "contacts.csv"
    assert run(capsys, "export", "csv", "--output", str(exported))[0] == 0
    monkeypatch.setenv("COACH_DATA_DIR", str(tmp_path / "elsewhere"))
    get_settings.cache_clear()

    assert run(capsys, "contacts", "import", "--input", str(exported))[0] == 0
    listed = {c["name"] for c in json.loads(run(capsys, "contacts", "list", "--json")[1])}
    assert listed == set(names)
