"""Stock phrases that make a message read as machine-written, and placeholders left in by mistake."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from pydantic import BaseModel

from coaching.yaml_io import load_yaml

PHRASES_FILE = Path(__file__).resolve().parent.parent / "data" / "canned_phrases.yaml"

PLACEHOLDERS = [
    # [Company], [Your Name], [name]; not an aside such as [chemistry and physics], [sic] or [3]
    re.compile(
        r"\[(?:[A-Z][^\[\]\n]{0,39}|[^\[\]\n]{0,30}\b(?:name|company|role|title|date|insert|your|position|"
        r"industry|organi[sz]ation|field|contact|topic|x{1,3})\b[^\[\]\n]{0,30})\]"
    ),
    re.compile(r"%[A-Za-z_]{2,30}%|\$[a-z_]{3,30}\b|<<[^<>\n]{1,40}>>"),  # %FIRST_NAME%, $company, <<Sender>>
    re.compile(r"\((?:your|their|insert|add|enter) [^()\n]{1,30}\)", re.I),  # (your name here)
    re.compile(r"\b(?:NAME|FIRST ?NAME|LAST ?NAME|COMPANY|ROLE|TITLE)\b"),  # "Hi NAME,"
    re.compile(r"\{\{?[^{}\n]{0,40}\}?\}"),  # {name}, {{ first_name }}
    re.compile(r"<\s*(?:insert|your|name|company|add|enter)[^<>\n]{0,40}>", re.I),  # <insert role>
    re.compile(r"\bX{2,}\b"),  # XX, XXX
    re.compile(r"\blorem ipsum\b|\blorem\b", re.I),
    re.compile(r"_{3,}"),  # ____
    re.compile(r"\b(?:TBD|TODO|FIXME)\b"),
]


_NOT_WORDS = re.compile(r"[^a-z0-9' -]+")


class CannedPhrase(BaseModel):
    phrase: str
    kind: str
    instead: str


@cache
def canned_phrases() -> tuple[CannedPhrase, ...]:
    raw = load_yaml(PHRASES_FILE.read_text(encoding="utf-8"))
    return tuple(CannedPhrase.model_validate(item) for item in raw)


def _folded(text: str) -> str:
    return " ".join(text.lower().replace("’", "'").replace("‘", "'").split())


def find_canned(text: str) -> list[CannedPhrase]:
    """The stock phrases in `text`, matched on whole words, case and spacing ignored."""
    folded = " ".join(_NOT_WORDS.sub(" ", _folded(text)).split())
    return [p for p in canned_phrases() if re.search(rf"(?<![a-z]){re.escape(p.phrase)}(?![a-z])", folded)]


def find_placeholders(text: str, typed: str = "") -> list[str]:
    """Leftover placeholders, except text the person typed themselves (it is theirs to keep).

    Case is ignored when comparing with what they typed: a name typed as "lorem" comes back
    capitalised as "Lorem", and it is still theirs.
    """
    typed = typed.casefold()
    found: list[str] = []
    for pattern in PLACEHOLDERS:
        for match in pattern.finditer(text):
            token = match.group(0)
            if token.casefold() not in typed and token not in found:
                found.append(token)
    return found
