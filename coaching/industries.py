"""The industry knowledge file: current themes, roles, skills and ways in, by industry and alias."""

from __future__ import annotations

from functools import cache, lru_cache
from pathlib import Path

from pydantic import BaseModel

from coaching.spellings import best_match, normalise
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
    return {normalise(s): industry for industry in load_industries() for s in [industry.name, *industry.aliases]}


@lru_cache(maxsize=512)
def find_industry(text: str) -> Industry | None:
    """The industry a person means: exact name or alias, a known one inside their words, or a near spelling."""
    return best_match(text, _spellings())
