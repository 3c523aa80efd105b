"""The follow-up plan, against SQLite and (when a server can be started here) a real Postgres.

Dates are plain calendar dates: a meeting on D gets a thank-you on D+1, a report to the referrer
on D+3 and the longer follow-up on D+30; then a check-in every 30 days, counted from the later of
the previous step's due date and the day it was marked done.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import socket
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from coaching.errors import InputError
from coaching.settings import get_settings
from coaching.tracker import db, store
from coaching.tracker.kinds import Kind
from coaching.tracker.plan import Snapshot, due_items, pending_items, pending_steps, request_state
from coaching.tracker.schema import ContactRow, MeetingRow

D = dt.date.fromisoformat
PG_BIN = Path("/usr/lib/postgresql/15/bin")
TABLES = "contacts, meetings, meeting_referrals, steps_done, drafts"


# --- a real Postgres, started for this run --------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _as_unprivileged(command: list[str]) -> list[str]:
    # initdb refuses to run as root; `nobody` owns the cluster's folder instead.
    return ["runuser", "-u", "nobody", "--", *command] if os.geteuid() == 0 else command


def _run(command: list[str], cwd: Path) -> None:
    done = subprocess.run(_as_unprivileged(command), cwd=cwd, capture_output=True, text=True, timeout=120)
    if done.returncode != 0:
        raise RuntimeError(f"{Path(command[0]).name} failed: {(done.stderr or done.stdout).strip()[-400:]}")


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A throwaway Postgres cluster on a free local port; skipped, saying why, when it cannot start."""
    if not (PG_BIN / "initdb").exists():
        pytest.skip(f"Postgres not tested: {PG_BIN / 'initdb'} is not installed (apt-get install postgresql)")
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        pytest.skip("Postgres not tested: running as root and runuser is missing, so initdb cannot run")
    base = Path(tempfile.mkdtemp(prefix="coach-pg-"))
    if os.geteuid() == 0:
        os.chown(base, 65534, 65534)  # nobody:nogroup may write here; nobody else but root can
    base.chmod(0o700)
    data, port = base / "data", _free_port()
    started = False
    try:
        _run([str(PG_BIN / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust", "-E", "UTF8",
              "--locale=C", "--no-sync"], base)
        options = f"-c listen_addresses=127.0.0.1 -p {port} -k {base} -c fsync=off -c full_page_writes=off"
        _run([str(PG_BIN / "pg_ctl"), "-D", str(data), "-l", str(base / "log"), "-w", "-t", "60",
              "-o", options, "start"], base)
        started = True
    except (RuntimeError, OSError, subprocess.TimeoutExpired) as exc:
        shutil.rmtree(base, ignore_errors=True)
        print(f"Postgres could not be started: {exc}")
        pytest.skip(f"Postgres could not be started here: {exc}")
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        if started:
            _run([str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"], base)
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(params=["sqlite", "postgres"])
def backend(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Each test runs on SQLite in its private COACH_DATA_DIR, then on the shared Postgres, emptied."""
    if request.param == "postgres":
        url = request.getfixturevalue("postgres_url")
        monkeypatch.setenv("DATABASE_URL", url)
        get_settings.cache_clear()
        with db.session(write=True) as session:
            session.execute(text(f"TRUNCATE {TABLES} RESTART IDENTITY CASCADE"))
    yield request.param
    db.reset_engines()


def _kinds(on: str) -> list[tuple[str, str, str]]:
    return [(item.due.isoformat(), item.kind.value, item.contact) for item in due_items(D(on))]


# --- the dates of the plan ------------------------------------------------------------------------

DATES = [
    # met on        thank-you     report        follow-up     first check-in  why this row
    ("2028-01-31", "2028-02-01", "2028-02-03", "2028-03-01", "2028-03-31"),  # leap February has 29 days
    ("2027-01-31", "2027-02-01", "2027-02-03", "2027-03-02", "2027-04-01"),  # ordinary February has 28
    ("2028-02-28", "2028-02-29", "2028-03-02", "2028-03-29", "2028-04-28"),  # the leap day itself
    ("2027-02-28", "2027-03-01", "2027-03-03", "2027-03-30", "2027-04-29"),  # no leap day in 2027
    ("2028-02-29", "2028-03-01", "2028-03-03", "2028-03-30", "2028-04-29"),  # met on the leap day
    ("2100-02-28", "2100-03-01", "2100-03-03", "2100-03-30", "2100-04-29"),  # 2100 is not a leap year
    ("2000-02-28", "2000-02-29", "2000-03-02", "2000-03-29", "2000-04-28"),  # 2000 is
    ("2027-12-31", "2028-01-01", "2028-01-03", "2028-01-30", "2028-02-29"),  # across the new year
    ("2028-04-30", "2028-05-01", "2028-05-03", "2028-05-30", "2028-06-29"),  # a 30-day month
]


@pytest.mark.parametrize(("met", "thank_you", "report", "follow_up", "check_in"), DATES)
def test_plan_dates_around_month_ends_and_leap_years(backend, met, thank_you, report, follow_up, check_in):
    store.add_contact("Ana", referred_by="Bea")
    store.add_meeting("Ana", D(met))
    plan = [
        (thank_you, "thank_you", "Ana"),
        (report, "report_to_referrer", "Bea"),
        (follow_up, "follow_up", "Ana"),
    ]
    assert _kinds(follow_up) == plan
    assert _kinds(check_in) == [*plan, (check_in, "check_in", "Ana")]


def test_check_ins_fall_every_30_days_whether_or_not_earlier_steps_are_done(backend):
    store.add_contact("Ana")
    store.add_meeting("Ana", D("2028-02-28"))
    check_ins = [due for due, kind, _ in _kinds("2028-12-31") if kind == "check_in"]
    assert check_ins == ["2028-04-28", "2028-05-28", "2028-06-27", "2028-07-27", "2028-08-26", "2028-09-25",
                         "2028-10-25", "2028-11-24", "2028-12-24"]  # fmt: skip
    store.mark_done("Ana", "check_in", D("2028-05-01"))  # the earliest one
    assert [due for due, kind, _ in _kinds("2028-06-27") if kind == "check_in"] == ["2028-05-28", "2028-06-27"]


@pytest.mark.parametrize("done_on", ["2028-02-20", "2028-03-01", "2028-03-10"])  # early, on the day, late
def test_check_ins_keep_their_dates_whenever_the_follow_up_is_done(backend, done_on):
    store.add_contact("Ana")
    store.add_meeting("Ana", D("2028-01-31"))
    store.mark_done("Ana", "thank_you", D("2028-02-01"))
    store.mark_done("Ana", "follow_up", D(done_on))
    assert _kinds("2028-04-30") == [("2028-03-31", "check_in", "Ana"), ("2028-04-30", "check_in", "Ana")]


def test_check_ins_repeat_every_30_days_until_archived(backend):
    store.add_contact("Ana")
    store.add_meeting("Ana", D("2028-01-31"))
    store.mark_done("Ana", "thank_you", D("2028-02-01"))
    store.mark_done("Ana", "follow_up", D("2028-03-01"))
    seen = []
    for _ in range(3):
        (item,) = pending_items()
        seen.append((item.kind.value, item.due.isoformat()))
        store.mark_done("Ana", "check_in", item.due)
    assert seen == [("check_in", "2028-03-31"), ("check_in", "2028-04-30"), ("check_in", "2028-05-30")]
    store.archive_contact("Ana")
    assert pending_items() == []
    store.archive_contact("Ana", undo=True)
    assert [(i.kind.value, i.due.isoformat()) for i in pending_items()] == [("check_in", "2028-06-29")]


def test_the_report_is_written_to_the_referrer(backend):
    store.add_contact("Ana", referred_by="Bea")
    store.add_meeting("Ana", D("2028-03-01"))
    (report,) = [item for item in due_items(D("2028-03-04")) if item.kind == Kind.report_to_referrer]
    assert (report.contact, report.about, report.due) == ("Bea", "Ana", D("2028-03-04"))
    with pytest.raises(InputError, match="kind: nothing of kind report_to_referrer is due for 'Ana'") as refused:
        store.mark_done("Ana", "report_to_referrer")
    assert "the person who referred you" in refused.value.hint
    store.mark_done("Bea", "report_to_referrer", D("2028-03-03"))
    assert _kinds("2028-03-04") == [("2028-03-02", "thank_you", "Ana")]


def test_no_report_without_a_referrer(backend):
    store.add_contact("Ana")
    store.add_meeting("Ana", D("2028-03-01"))
    assert [kind for _, kind, _ in _kinds("2028-03-31")] == ["thank_you", "follow_up"]


def test_due_lists_overdue_steps_and_not_future_ones_sorted_by_date_then_contact(backend):
    for name in ("Zoe", "Ana", "Max"):
        store.add_contact(name)
    store.add_meeting("Zoe", D("2028-03-01"))
    store.add_meeting("Ana", D("2028-03-01"))
    store.add_meeting("Max", D("2028-03-05"))
    assert _kinds("2028-03-01") == []
    assert _kinds("2028-03-02") == [("2028-03-02", "thank_you", "Ana"), ("2028-03-02", "thank_you", "Zoe")]
    assert _kinds("2028-03-06") == [
        ("2028-03-02", "thank_you", "Ana"),
        ("2028-03-02", "thank_you", "Zoe"),
        ("2028-03-06", "thank_you", "Max"),
    ]


def test_done_moves_the_plan_on_and_cannot_be_done_twice(backend):
    store.add_contact("Ana")
    store.add_meeting("Ana", D("2028-03-01"))
    done = store.mark_done("Ana", Kind.thank_you, D("2028-03-02"))
    assert (done.kind, done.due) == (Kind.thank_you, D("2028-03-02"))
    assert _kinds("2028-04-30") == [("2028-03-31", "follow_up", "Ana"), ("2028-04-30", "check_in", "Ana")]
    with pytest.raises(InputError, match="kind: nothing of kind thank_you is due for 'Ana'"):
        store.mark_done("Ana", "thank_you")


@pytest.mark.parametrize(
    ("name", "kind", "message"),
    [
        ("Nobody", "thank_you", "no contact named 'Nobody'"),
        ("ana", "thank_you", "no contact named 'ana'"),  # names match exactly as added
        ("Ana", "thanks", "use one of: thank_you, report_to_referrer, follow_up, check_in, nudge"),
        ("Ana", "report_to_referrer", "kind: nothing of kind report_to_referrer is due for 'Ana'"),
    ],
)
def test_done_refuses_what_is_not_in_the_plan(backend, name, kind, message):
    store.add_contact("Ana")
    store.add_meeting("Ana", D("2028-03-01"))
    with pytest.raises(InputError, match=message):
        store.mark_done(name, kind, D("2028-03-02"))


def test_a_later_meeting_restarts_the_follow_up(backend):
    store.add_contact("Ana")
    store.add_meeting("Ana", D("2028-01-10"))
    store.add_meeting("Ana", D("2028-01-20"))  # before the first meeting's follow-up was due
    assert _kinds("2028-02-19") == [
        ("2028-01-11", "thank_you", "Ana"),
        ("2028-01-21", "thank_you", "Ana"),
        ("2028-02-19", "follow_up", "Ana"),
    ]


def test_an_earlier_meeting_keeps_the_steps_that_fell_due_before_the_next_one(backend):
    store.add_contact("Ana")
    store.add_meeting("Ana", D("2028-04-01"))
    store.add_meeting("Ana", D("2028-01-10"))  # added out of order
    assert _kinds("2028-02-15") == [("2028-01-11", "thank_you", "Ana"), ("2028-02-09", "follow_up", "Ana")]
    # The first meeting's check-in would fall on 2028-03-10, before the second meeting: it stays.
    # Its next one (2028-04-09) is replaced by the second meeting's own cycle.
    assert [(due, kind) for due, kind, _ in _kinds("2028-06-01")] == [
        ("2028-01-11", "thank_you"), ("2028-02-09", "follow_up"), ("2028-03-10", "check_in"),
        ("2028-04-02", "thank_you"), ("2028-05-01", "follow_up"), ("2028-05-31", "check_in"),
    ]  # fmt: skip


def test_archiving_stops_check_ins_only_and_a_new_meeting_revives_the_contact(backend):
    store.add_contact("Ana", referred_by="Bea")
    store.add_meeting("Ana", D("2028-03-01"))
    store.archive_contact("Bea")
    store.archive_contact("Ana")
    # The steps of a meeting already held stay due; the check-ins stop.
    assert [kind for _, kind, _ in _kinds("2029-01-01")] == ["thank_you", "report_to_referrer", "follow_up"]
    with pytest.raises(InputError, match="archived") as refused:
        store.mark_done("Ana", "check_in")
    assert "no more check-ins" in refused.value.hint
    store.add_meeting("Ana", D("2028-06-01"))
    assert not store.get_contact("Ana").archived
    assert "check_in" in [kind for _, kind, _ in _kinds("2028-08-01")]


def test_dates_at_the_end_of_the_calendar_never_crash(backend, monkeypatch):
    from coaching.settings import get_settings

    monkeypatch.setenv("COACH_TODAY", "9999-12-29")  # meetings are dated within 100 years of today
    get_settings.cache_clear()
    store.add_contact("Ana", referred_by="Bea")
    store.add_meeting("Ana", D("9999-12-30"))
    store.request_sent("Bea", D("9999-12-29"))
    assert _kinds("9999-12-31") == [("9999-12-31", "thank_you", "Ana")]
    store.mark_done("Ana", "thank_you", D("9999-12-31"))
    assert _kinds("9999-12-31") == []


NUDGES = [
    # what happens after the request goes out on 2028-02-25     pending nudges   request state on 2028-04-01
    ([], ["2028-03-03"], "waiting"),
    ([("nudge", "2028-03-03")], ["2028-03-10"], "waiting"),
    ([("nudge", "2028-03-05"), ("nudge", "2028-03-12")], [], "no_reply"),
    ([("replied", "2028-03-01")], [], "replied"),
    ([("met", "2028-03-02")], [], "replied"),
]


@pytest.mark.parametrize(("events", "nudges", "state"), NUDGES)
def test_unanswered_requests_get_at_most_two_nudges(backend, events, nudges, state):
    store.add_contact("Ana")
    store.request_sent("Ana", D("2028-02-25"))
    for event, on in events:
        if event == "nudge":
            store.mark_done("Ana", "nudge", D(on))
        elif event == "replied":
            store.request_replied("Ana", D(on))
        else:
            store.add_meeting("Ana", D(on))
    pending = [item.due.isoformat() for item in pending_items() if item.kind == Kind.nudge]
    assert pending == nudges
    with db.session() as session:
        data = Snapshot.load(session)
        person = next(c for c in data.contacts.values() if c.name == "Ana")
        assert request_state(data, person, D("2028-04-01")) == state


def test_two_writers_at_once_lose_nothing(backend):
    # Every thread records its own contact and meeting, and all name the same new referral: on
    # Postgres the second insert of that name loses a race and is retried.
    def work(number: int) -> None:
        store.add_contact(f"Person {number}", organization="Acme")
        store.add_meeting(f"Person {number}", D("2028-03-01"), referrals=["Shared Referral"])
        store.mark_done(f"Person {number}", "thank_you", D("2028-03-02"))

    errors: list[BaseException] = []

    def guarded(number: int) -> None:
        try:
            work(number)
        except BaseException as exc:  # collected and re-raised in the main thread
            errors.append(exc)

    threads = [threading.Thread(target=guarded, args=(number,)) for number in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    names = {c.name for c in store.list_contacts()}
    assert names == {f"Person {n}" for n in range(8)} | {"Shared Referral"}
    assert len(store.list_meetings()) == 8
    assert _kinds("2028-03-31") == sorted(("2028-03-31", "follow_up", f"Person {n}") for n in range(8))


# --- properties of the pure computation (no database) --------------------------------------------


def _snapshot(met: list[dt.date], referred: bool) -> Snapshot:
    people = {1: ContactRow(id=1, name="Ana", referred_by_id=2 if referred else None, archived=False,
                            request_sent_on=None, request_replied_on=None),
              2: ContactRow(id=2, name="Bea", referred_by_id=None, archived=False,
                            request_sent_on=None, request_replied_on=None)}
    meetings = [MeetingRow(id=n, contact_id=1, date=day) for n, day in enumerate(sorted(set(met)), start=1)]
    return Snapshot(people, meetings, {})


@settings(max_examples=200, deadline=None)
@given(met=st.lists(st.dates(dt.date(1990, 1, 1), dt.date(2100, 12, 31)), min_size=1, max_size=4),
       referred=st.booleans())
def test_every_meeting_gets_its_steps_in_date_order(met, referred):
    steps = [step.item for step in pending_steps(_snapshot(met, referred))]
    days = sorted(set(met))
    assert [s.due for s in steps] == sorted(s.due for s in steps)
    assert sorted(s.due for s in steps if s.kind == Kind.thank_you) == [d + dt.timedelta(days=1) for d in days]
    reports = sorted(s.due for s in steps if s.kind == Kind.report_to_referrer)
    assert reports == ([d + dt.timedelta(days=3) for d in days] if referred else [])
    assert all(s.contact == "Bea" for s in steps if s.kind == Kind.report_to_referrer)
    # A follow-up for each meeting not followed by another before the follow-up fell due.
    month = dt.timedelta(days=30)
    follow_ups = [d + month for d, after in zip(days, [*days[1:], dt.date.max], strict=True) if after > d + month]
    assert [s.due for s in steps if s.kind == Kind.follow_up] == follow_ups
