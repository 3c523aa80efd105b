"""The industry knowledge file: current themes, roles, skills and ways in, by industry and alias."""

from __future__ import annotations

import difflib
import re
from functools import cache, lru_cache
from pathlib import Path

from pydantic import BaseModel

from coaching.yaml_io import load_yaml

DATA_FILE = Path(__file__).resolve().parent / "data" / "industries.yaml"


class Industry(BaseModel):
    name: str
    aliases: list[str]
    themes: list[str]
    roles: list[str]
    skills: list[str]
    entry_paths: list[str]


@cache
def load_industries() -> tuple[Industry, ...]:
    raw = load_yaml(DATA_FILE.read_text(encoding="utf-8"))
    return tuple(Industry.model_validate(item) for item in raw)


@cache
def _spellings() -> dict[str, Industry]:
    return {spelling: industry for industry in load_industries() for spelling in [industry.name, *industry.aliases]}


def _normalise(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9&+]+", text.lower().replace("-", " ")))


@cache
def _normalised_spellings() -> dict[str, Industry]:
    return {_normalise(s): industry for s, industry in _spellings().items()}


@lru_cache(maxsize=512)
def find_industry(text: str) -> Industry | None:
    """The industry a person means: exact name or alias, a known one inside their words, or a near spelling."""
    wanted = _normalise(text)
    if not wanted:
        return None
    spellings = _normalised_spellings()
    if wanted in spellings:
        return spellings[wanted]
    # "renewables in Scotland" → renewables: the longest known spelling found as whole words wins.
    padded = f" {wanted} "
    inside = [s for s in spellings if len(s) > 3 and f" {s} " in padded]
    if inside:
        return spellings[max(inside, key=len)]
    close = difflib.get_close_matches(wanted, list(spellings), n=1, cutoff=0.85)
    return spellings[close[0]] if close else None
