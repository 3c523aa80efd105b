"""The role-family knowledge file: what each kind of work is judged on, how people get in, what its
practitioners argue about. One industry holds very different jobs (a researcher and a salesperson
at the same software company), so the question list is built from the family first."""

from __future__ import annotations

import re
from functools import cache, lru_cache
from pathlib import Path

from pydantic import BaseModel

from coaching.english import PARENTHESES
from coaching.spellings import best_match, normalise
from coaching.yaml_io import load_yaml

DATA_FILE = Path(__file__).resolve().parent / "data" / "roles.yaml"

# Words that say how senior a role is, not what it is: "sr ux researcher" is a UX researcher.
_RANK = re.compile(
    r"\b(?:senior|sr|junior|jr|lead|principal|staff|chief|head of|associate|assistant|entry level|entry-level|"
    r"graduate|grad|trainee|intern|apprentice|deputy|interim|freelance|contract|remote|part time|full time)\b\.?",
    re.I,
)


class Entry(BaseModel):
    new: list[str]
    experienced: list[str]


class RoleFamily(BaseModel):
    name: str
    aliases: list[str]
    work: list[str]
    judged_on: list[str]
    entry: Entry
    debates: list[str]

    @property
    def facts(self) -> list[str]:
        """Every phrase that belongs to this family alone."""
        return [*self.work, *self.judged_on, *self.entry.new, *self.entry.experienced, *self.debates]


@cache
def load_role_families() -> tuple[RoleFamily, ...]:
    raw = load_yaml(DATA_FILE.read_text(encoding="utf-8"))
    return tuple(RoleFamily.model_validate(item) for item in raw)


@cache
def _spellings() -> dict[str, RoleFamily]:
    return {normalise(s): family for family in load_role_families() for s in [family.name, *family.aliases]}


@lru_cache(maxsize=512)
def find_role_family(text: str, title: bool = True) -> RoleFamily | None:
    """The family of a role as typed: "Sr. UX Researcher", "ux research", "something in L&D", "policy ppl".

    In a `title` short forms count anywhere ("pm at a fintech"); in a sentence (a goal) only longer
    spellings do, so "pr" or "ae" in passing is not taken for a job."""
    # An aside in brackets qualifies the title: "Chemistry faculty (teaching-focused)" is faculty.
    for typed in dict.fromkeys([PARENTHESES.sub(" ", text), text]):
        found = best_match(typed, _spellings(), shortest_inside=2 if title else 4, first=not title)
        bare = _RANK.sub(" ", typed)
        if found is None and bare.strip() != typed.strip():
            found = best_match(bare, _spellings(), shortest_inside=2 if title else 4, first=not title)
        if found:
            return found
    return None


def other_families_facts(text: str, family: RoleFamily | None) -> list[str]:
    """The phrases of other role families that `text` uses: a question about another kind of job."""
    folded = " ".join(text.lower().split())
    return [
        fact
        for other in load_role_families()
        if family is None or other.name != family.name
        for fact in other.facts
        if fact.lower() in folded
    ]
