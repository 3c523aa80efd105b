"""The question list: the one thing to take away, then questions about the contact, the work of the
role family, getting in at the person's level and what their goal turns on, and the ask for names last.

A question uses the role family's facts (coaching/data/roles.yaml), never another family's; the
industry's themes stand in only when no family is found. The list fits the meeting: about one
question every two to three minutes, the core ones kept when it is cut.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cached_property

from coaching.compose.common import Writer, lower_first
from coaching.english import is_role_noun, parse, with_article
from coaching.industries import find_industry
from coaching.models import Task
from coaching.reading import Reading
from coaching.roles import find_role_family

CORE = " (core)"
MAX_QUESTIONS = 12  # the take-away included
MIN_QUESTIONS = 4
GROUPS = ("About your path", "About the work", "About getting in", "Before you go")

# What a goal (or the reason for the move) turns on, and the question kind that asks about it.
TOPICS = {
    "pay": r"\b(?:pay|paid|salary|salaries|money|earn\w*|income|compensation|comp|\$\d)",
    "travel": r"\btravel\w*",
    "remote": r"\b(?:remote\w*|wfh|work from home|working from home|hybrid)\b",
    "qualification": r"\b(?:cert\w*|degree|masters?|master's|mba|mpp|mph|phd|course|bootcamp|qualif\w*|licen[cs]\w*|"
    r"credential\w*|diploma|go back to school)",
    "hours": r"\b(?:hours|shifts?|overtime|burn\s?out|burnt out|exhaust\w*|nights|weekends|on call)\b",
    "age": r"\b(?:age|too old|older|in my (?:40|50|60)s|late career|mid[- ]career)\b",
    "contract": r"\b(?:contract\w*|temp|temporary|freelanc\w*|full[- ]time|permanent|perm)\b",
    "location": r"\b(?:relocat\w*|move to|moving to|city|cities|rural|where i live|local)\b",
    "visa": r"\b(?:visa|sponsor\w*|work permit)\b",
    "balance": r"\b(?:balance|family|kids|children|flexib\w*|part[- ]time)\b",
    "purpose": r"\b(?:impact|meaning\w*|purpose|mission|give back|make a difference|help people)\b",
}


# How a question the person typed starts: a question word, or a verb asking one ("is", "do", "should").
_ASKS = re.compile(
    r"^(?:how|what|which|where|why|who|when|is|are|was|were|do|does|did|can|could|should|would|will|have|has|"
    r"am|must|may|might|isn't|aren't|doesn't|i|i'm|i've)\b",
    re.I,
)


# A referrer's note about the contact's own past work: "I understand you and Trish worked together at…".
_THEIR_PAST = re.compile(
    r"^I understand you\b(?!.*\bmet\b).*\b(?:worked|were|was|started|ran|led|did|edited|built|opened|trained)\b"
)
_BETWEEN = re.compile(r"^(?:decide|choose|pick)(?: between)? (.+?) and (.+)$")


@dataclass(frozen=True)
class Question:
    group: str
    text: str
    frame: str  # the kind and wording it came from ("family.judged#2"): how varied the lists are
    core: bool = False


class QuestionWriter(Writer):
    def __init__(self, reading: Reading) -> None:
        super().__init__(Task.questions, reading)
        self.family = reading.family
        known = find_industry(reading.data.profile.target_industry)
        self.themes = known.themes if known else []

    def pick(self, kind: str, facts: list[str]) -> str:
        """One of `facts` for this person, fixed by the input like the wording is."""
        return facts[self.choose(f"{kind}.fact", len(facts))]

    def ask(self, group: str, kind: str, core: bool = False, **slots: str) -> Question:
        index, wording = self.wording(kind)
        text = wording.format(**self.common, **slots)
        return Question(group, text[:1].upper() + text[1:], f"{kind}#{index}", core)

    @cached_property
    def common(self) -> dict[str, str]:
        reading = self.reading
        return {
            "field": reading.industry,
            "role": self.role_phrase,
            "family": self.family_phrase,
            "contact_role": reading.contact_role,
            "org": reading.contact_org,
            "at_org": f" at {reading.contact_org}" if reading.contact_org else "",
        }

    @cached_property
    def family_phrase(self) -> str:
        """The family's name where it reads as a field ("user research", "supply chain and logistics");
        "your field" where it is a mouthful ("medical science liaison and field clinical specialists")."""
        if self.family is None:
            return self.reading.industry
        name = _family_name(self.family.name)
        return name if len(name.split()) <= 4 else "your field"

    @cached_property
    def does_this_work_already(self) -> bool:
        """An engineer of eighteen years heading for e-bikes is not "coming into" engineering: the
        background names the same kind of work they are heading for."""
        now = find_role_family(self.reading.data.profile.background, title=False)
        return self.family is not None and now == self.family

    @cached_property
    def works_in_the_field(self) -> bool:
        """Already working in the industry they name, by the industry file: a reporter who covered the
        health beat is not in healthcare, however many words their background shares with it."""
        profile = self.reading.data.profile
        now, heading = find_industry(profile.background), find_industry(profile.target_industry)
        return self.reading.in_field and now is not None and now == heading

    @cached_property
    def role_phrase(self) -> str:
        """The role as it reads after "into" or "for": "a role as a UX researcher" for a title, "a role
        in customer success" for a field or an abbreviation ("ux research", "CSM"), "a role in healthcare"."""
        typed = self.reading.role
        unsure = "?" in self.reading.data.profile.target_role  # "docs person?" is not a title to repeat
        if typed and not unsure and is_role_noun(parse(typed)[:].root):
            return f"a role as {with_article(typed)}"
        if self.family:
            return f"a role in {_family_name(self.family.name)}"
        return f"a role in {typed or self.reading.industry}"

    # --- the kinds of question ----------------------------------------------------------------

    def take_away(self) -> str:
        goal = self.reading.goal
        if goal is None or goal.asks_for_a_job:
            return self.say("takeaway.none", **self.common)
        text = goal.text if goal.kind == "ask" else goal.text.rstrip("?. ")
        between = _BETWEEN.match(text) if goal.kind == "verb" else None
        if between:  # "decide between mech eng and CS for college" is a choice to put to them
            return self.say("takeaway.choice", goal_lower=f"{between[1]} or {between[2]}?", **self.common)
        # "MBA first or apply straight to firms?" is a choice to put to them, not yet a question.
        kind = "choice" if goal.kind == "ask" and not _ASKS.match(text) and " — " not in text else goal.kind
        lowered = lower_first(text, self.reading.casing)
        return self.say(f"takeaway.{kind}", goal=text, goal_lower=lowered, **self.common)

    def about_the_contact(self) -> list[Question]:
        reading = self.reading
        work = self.ask(GROUPS[0], "work.org" if reading.contact_org else "work.role", core=True)
        shared = reading.connection.shared
        if _THEIR_PAST.search(shared) and not re.match(r"^I understand you [a-z]+s\b(?<!was)", shared):
            # What the referrer said of their own past ("you and Jolene did the Epic go-live together")
            # is the best way into their path: it shows the person listened.
            return [self.ask(GROUPS[0], "path.shared", core=True, shared=shared), work]
        path = "path.role" if reading.contact_role else "path.no_role"
        return [self.ask(GROUPS[0], path, core=True), work]

    def about_the_work(self) -> tuple[Question, list[Question], list[Question]]:
        """The core question on what the work is judged on, the others in priority order, and the
        industry's theme (asked only when there is time: the role family comes first)."""
        group, family = GROUPS[1], self.family
        if family is None:
            judged = self.ask(group, "generic.judged", core=True)
            rest = [self.ask(group, "generic.debate"), self.ask(group, "generic.work")]
        else:
            kind = "family.judged.new" if self.reading.level == "new" else "family.judged"
            judged = self.ask(group, kind, core=True, judged=self.pick("judged", family.judged_on))
            rest = [
                self.ask(group, "family.debate", debate=self.pick("debate", family.debates)),
                self.ask(group, "family.work", work=self.pick("work", family.work)),
            ]
        # The industry's themes stand in only when the role family is unknown: three blind reviews found
        # them filler beside the family's own facts ("an ageing workforce" asked at a housing think tank).
        if family is None and self.themes:
            return judged, rest, [self.ask(group, "industry.theme", theme=self.pick("theme", self.themes))]
        return judged, rest, []

    def getting_in(self) -> tuple[Question, list[Question]]:
        """The core question on the way in, for this person's level, and one more for that level: a new
        graduate is asked about first roles, someone with fifteen years about what transfers."""
        reading, group, family = self.reading, GROUPS[2], self.family
        if reading.level == "experienced" and self.does_this_work_already and not self.works_in_the_field:
            return self.ask(group, "entry.same_work", core=True), [self.ask(group, "level.same_work")]
        if reading.level == "experienced" and (self.works_in_the_field or self.does_this_work_already):
            return self.ask(group, "entry.in_field", core=True), [self.ask(group, "level.in_field")]
        if reading.level == "new":
            entry_kind, level_kind, facts = "entry.new", "level.new", family.entry.new if family else []
        elif reading.level == "experienced":
            entry_kind, level_kind, facts = (
                "entry.experienced",
                "level.changer",
                family.entry.experienced if family else [],
            )
        else:
            return self.ask(group, "entry.unknown", core=True), []
        entry = self.ask(group, entry_kind, core=True, entry=self.pick("entry", facts)) if facts else None
        return entry or self.ask(group, "entry.unknown", core=True), [self.ask(group, level_kind)]

    def about_the_goal(self, take_away: str) -> list[Question]:
        """One question for each thing the goal (or the reason for the move) turns on, pay, travel…,
        that the take-away does not already ask."""
        profile = self.reading.data.profile
        said = f"{profile.goal}\n{profile.motivation}".lower()
        topics = [
            t for t, pattern in TOPICS.items() if re.search(pattern, said) and not re.search(pattern, take_away.lower())
        ]
        return [self.ask(GROUPS[2], f"topic.{topic}") for topic in topics[:2]]

    def plan(self) -> tuple[str, list[Question]]:
        """The take-away and the numbered questions, cut to the meeting, in the order they are asked."""
        take_away = self.take_away()
        path, work = self.about_the_contact()
        judged, about_work, theme = self.about_the_work()
        entry, about_level = self.getting_in()
        goal = self.about_the_goal(take_away)
        names = self.ask(GROUPS[3], "names", core=True)
        # What is kept when the meeting is short: the core ones first, then the goal, level and work,
        # and the industry's theme last.
        core = [names, path, work, entry, judged]
        ranked = [*core, *goal[:1], *about_level, *about_work, *goal[1:], *theme]
        kept = ranked[: question_budget(self.data.options.minutes) - 1]  # the take-away is asked too
        # Core means "ask these first": three in a short list, up to five in a long one, by rank.
        core_ids = {id(q) for q in kept[: 3 if len(kept) <= 6 else 4 if len(kept) <= 8 else 5] if q.core}
        order = (path, work, judged, *about_work, *theme, entry, *about_level, *goal, names)
        ids = set(map(id, kept))
        return take_away, [replace(q, core=id(q) in core_ids) for q in order if id(q) in ids]


def question_budget(minutes: int) -> int:
    """About one question every two to three minutes once the hellos are over, the take-away included:
    an answer worth hearing takes longer than the question (20 minutes: 7, 30 minutes: 11)."""
    return max(MIN_QUESTIONS, min(MAX_QUESTIONS, round((minutes - 3) / 2.5)))


def _family_name(name: str) -> str:
    """A family's name as it reads in a sentence: "people and HR", "IT support…"."""
    return re.sub(r"\b(hr|it|ux|ui)\b", lambda m: m.group(1).upper(), name)


def compose_questions(reading: Reading) -> str:
    writer = QuestionWriter(reading)
    take_away, asked = writer.plan()
    common = writer.common
    about = f" ({reading.contact_place})" if reading.contact_place else ""
    minutes = reading.data.options.minutes
    if reading.data.contact.name:
        heading = writer.say("heading", minutes=minutes, reader_full=reading.reader_full, about=about)
    else:
        heading = writer.say("heading.no_name", minutes=minutes, field=common["field"])
    lead = writer.say("lead", minutes=minutes)
    lines = [heading, lead, "", writer.say("takeaway.label"), f'"{take_away}"']
    group = ""
    for number, question in enumerate(asked, start=1):
        if question.group != group:
            group = question.group
            lines += ["", group]
        lines.append(f"{number}. {question.text}{CORE if question.core else ''}")
    lines += ["", writer.say("resume", reader=reading.reader or "they")]
    return "\n".join(lines)


def question_frames(reading: Reading) -> list[str]:
    """The frame of each question in the list ("family.judged#2"), for measuring variety."""
    return ["takeaway", *(q.frame for q in QuestionWriter(reading).plan()[1])]
