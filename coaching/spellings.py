"""Finding what a person means in a list of known names and aliases, however they typed it."""

from __future__ import annotations

import difflib
import re
from typing import TypeVar

T = TypeVar("T")


def normalise(text: str) -> str:
    """Lower case, words only: "Health-Tech!" and "health tech" are the same spelling."""
    return " ".join(re.findall(r"[a-z0-9&+]+", text.lower().replace("-", " ")))


def best_match(
    text: str, spellings: dict[str, T], cutoff: float = 0.85, shortest_inside: int = 4, first: bool = False
) -> T | None:
    """The entry `text` means: an exact spelling, the longest known spelling found inside its words
    ("renewables in Scotland" → renewables), or a near spelling ("sofware"). `spellings` are normalised;
    one shorter than `shortest_inside` letters only counts as the whole text ("pr" is not found in a sentence).
    With `first`, the spelling found earliest wins rather than the longest: in a sentence, what the
    person names first is what they mean ("stay in epidemiology… move into the civil service")."""
    wanted = normalise(text)
    if not wanted:
        return None
    if wanted in spellings:
        return spellings[wanted]
    padded = f" {wanted} "
    inside = [s for s in spellings if len(s) >= shortest_inside and f" {s} " in padded]
    if inside:
        where = {s: padded.index(f" {s} ") for s in inside}
        return spellings[min(inside, key=lambda s: (where[s], -len(s))) if first else max(inside, key=len)]
    close = difflib.get_close_matches(wanted, list(spellings), n=1, cutoff=cutoff)
    return spellings[close[0]] if close else None
