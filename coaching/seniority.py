"""How far into working life a person is, from their background: someone starting out and someone
with fifteen years changing fields need different questions (first roles and what an application
shows, against what transfers and what to unlearn)."""

from __future__ import annotations

import re
from typing import Literal

from coaching import clock

Level = Literal["new", "experienced", ""]

# Under this many years of work, a person is starting out; from the upper one, they are experienced.
NEW_BELOW_YEARS = 2
EXPERIENCED_FROM_YEARS = 3

_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "a couple of": 2,
    "a few": 3, "several": 4, "a decade": 10, "two decades": 20,
}  # fmt: skip
_COUNT = r"(\d{1,2}(?:\.\d)?|" + "|".join(sorted(map(re.escape, _NUMBER_WORDS), key=len, reverse=True)) + ")"
_YEARS = re.compile(rf"\b{_COUNT}\s*\+?\s*(?:-\s*)?(?:years?|yrs?|yr)\b", re.I)
_MONTHS = re.compile(rf"\b{_COUNT}\s*(?:-\s*)?(?:months?|mos?)\b", re.I)
# "BA political science, December 2025", "bsn dec 2025": a degree finished within the last two years.
_DEGREE_YEAR = re.compile(
    r"\b(?:ba|bs|bsc|bsn|ma|ms|msc|mba|mph|mpp|llb|jd|beng|meng|mfa|bfa|bachelor'?s?|master'?s?|degree|diploma)\b"
    r"[^.;\n]{0,60}?\b(20[0-4]\d)\b",
    re.I,
)
_DECADE = re.compile(r"\b(?:over |nearly |almost )?(a decade|two decades)\b", re.I)
_SINCE = re.compile(r"\bsince (19[6-9]\d|20[0-4]\d)\b", re.I)
# "…years old", "a 2-year master's", "a year abroad" are not years of work.
_NOT_WORK = re.compile(r"^\s*(?:old|of age|degree|program|programme|course|master|diploma|abroad)", re.I)

_SENIOR = re.compile(
    r"\b(?:senior|sr\.?|lead|principal|staff engineer|head of|director|vp|vice president|chief|partner|"
    r"manager|mgr|supervisor|superintendent|team lead|charge nurse|attorney|founder|owner|veteran|"
    r"postdoc|post-doc|phd|doctorate|retired)\b",
    re.I,
)
# "a senior at Ohio State" and "senior year" are a student's words, not a title.
_STUDENT_SENIOR = re.compile(r"\b(?:a |i'?m a |rising )senior (?:at|in|studying|majoring)\b|\bsenior year\b", re.I)
_STARTING = re.compile(
    r"\b(?:student|undergrad|undergraduate|new grad|recent grad|recent graduate|just graduated|graduating|"
    r"just finished (?:my |a |uni|college|school)|recently graduated|fresh grad|fresh out of|"
    r"graduated (?:this|last) (?:year|spring|summer|may|june|december)|final[- ]year|class of|"
    r"sophomore|junior year|freshman|intern(?:ship)?s?|bootcamp grad|phd (?:student|candidate)|"
    r"master'?s student|first job|entry[- ]level)\b",
    re.I,
)


def years_of_work(background: str) -> float | None:
    """The most years the person says they have spent at something ("9 yrs", "fifteen years", "since 2012")."""
    found: list[float] = []
    for match in _YEARS.finditer(background):
        if _NOT_WORK.match(background[match.end() :]):
            continue
        count = match.group(1).lower()
        found.append(float(_NUMBER_WORDS[count]) if count in _NUMBER_WORDS else float(count))
    for match in _MONTHS.finditer(background):
        count = match.group(1).lower()
        found.append(round((_NUMBER_WORDS[count] if count in _NUMBER_WORDS else float(count)) / 12, 1))
    found += [_NUMBER_WORDS[m.group(1).lower()] for m in _DECADE.finditer(background)]
    found += [clock.today().year - int(m.group(1)) for m in _SINCE.finditer(background)]
    return max(found) if found else None


def career_level(background: str) -> Level:
    """ "new" for a student, a new graduate or someone under two years in; "experienced" from three
    years or with a senior title; "" when the background does not say."""
    years = years_of_work(background)
    student = bool(_STARTING.search(background) or _STUDENT_SENIOR.search(background))
    recent_degree = any(clock.today().year - int(m.group(1)) <= 2 for m in _DEGREE_YEAR.finditer(background))
    senior = bool(_SENIOR.search(_STUDENT_SENIOR.sub(" ", background)))
    if years is not None and years >= EXPERIENCED_FROM_YEARS:
        return "experienced"
    if senior and not student:  # a director who has just finished an MBA is still a director
        return "experienced"
    if student or recent_degree or (years is not None and years < NEW_BELOW_YEARS):
        return "new"
    return ""
