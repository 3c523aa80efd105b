"""The question list: four groups, core questions marked, the one thing to take away, the ask for names."""

from __future__ import annotations

from coaching.industries import Industry, find_industry
from coaching.reading import Reading

CORE = " (core)"


def _groups(reading: Reading, known: Industry | None) -> list[tuple[str, list[str]]]:
    data = reading.data
    profile = data.profile
    field = reading.industry
    role = profile.target_role  # never a role they did not name
    as_role = f" as {reading.role_with_article}" if role else ""
    themes = known.themes if known else []
    skills = known.skills if known else []
    paths = known.entry_paths if known else []

    industry = [
        (
            f"Where do you see {themes[0]} changing the work here?{CORE}"
            if themes
            else f"What is changing fastest in {field} right now, and what is driving it?{CORE}"
        ),
        (
            f"What should a newcomer know about {themes[1]}?"
            if len(themes) > 1
            else f"Which parts of {field} are growing, and which are shrinking?"
        ),
        f"Who are the main kinds of employers in {field}, and how do large and small ones recruit differently?",
        f"Where do people in {field} go to keep up: which events, newsletters or groups are worth it?",
    ]
    career = [
        f"How did you get into {field}, and what did your first role look like?{CORE}",
        (
            f"Is {paths[0]} still a common way into {field}?"
            if paths
            else f"What are the usual ways in{as_role}, and which would you take today?"
        ),
        (
            f"How much does {skills[0]} matter when you hire, and how could someone with my background show it?"
            if skills
            else f"Which skills or qualifications matter most when you hire{as_role}?"
        ),
        f"What does progression look like after a few years{as_role}, and what does the pay range look like?",
    ]
    challenges = [
        f"What is the hardest part of your work that people outside {field} don't see?{CORE}",
        (
            f"How is the field handling {themes[2]}, and where is it struggling?"
            if len(themes) > 2
            else f"What problems is {field} struggling with at the moment?"
        ),
        "Which tools or technologies should I learn first, and which can wait?",
    ]
    people = [
        f"Who else would you suggest I speak to? Could you name two people, and may I mention your name "
        f"when I contact them?{CORE}",
        "Are there associations, events or reading you would recommend to someone in my position?",
        "Is there anything I could do for you in return, or anything I should send you afterwards?",
    ]
    return [
        ("About the industry", industry),
        ("About the career path", career),
        ("About the challenges", challenges),
        ("People to meet", people),
    ]


def take_away(reading: Reading) -> str:
    """The one thing the person must leave knowing."""
    goal = reading.goal if reading.goal and not reading.goal.asks_for_a_job else None
    if goal and goal.kind == "question":
        return f"{goal.text}."
    if goal:
        aim = f"to {goal.text}" if goal.kind == "verb" else goal.text
        return f"what it would take for you {aim}." if goal.kind == "verb" else f"what it would take to reach {aim}."
    role = reading.role_with_article or "a first role"
    route = f"a realistic route into {role} in {reading.industry}"
    return f"whether your background is {route}, and the first step to take."


def compose_questions(reading: Reading) -> str:
    data = reading.data
    known = find_industry(data.profile.target_industry)
    tone = data.options.tone
    who = f" with {reading.reader_full}" if data.contact.name else ""
    meeting = {"warm": "conversation", "formal": "meeting", "brief": "chat"}[tone]
    heading = f"Questions for your {meeting}{who} about {reading.industry}"
    if reading.role:
        heading += f" ({reading.role})"
    lead = {
        "warm": "Questions marked (core) come first if time runs short.",
        "formal": "Should time be short, please ask the questions marked (core) first.",
        "brief": "Short on time? Ask the (core) ones first.",
    }[tone]
    lines = [heading, lead, ""]
    number = 1
    brief = tone == "brief" or data.options.minutes <= 15  # a short meeting has room for fewer questions
    for title, questions in _groups(reading, known):
        lines.append(title)
        for question in questions[:2] if brief and not any(CORE in q for q in questions[2:]) else questions:
            lines.append(f"{number}. {question}")
            number += 1
        lines.append("")
    lines.append(f"The one thing to take away: {take_away(reading)}")
    return "\n".join(lines)
