"""People's names as a draft writes them: display casing, the name to greet by, and the forms a
note may use for the same person ("Dana Okonjo", "Dana", "Okonjo")."""

from __future__ import annotations

import re

# Words that go before a name and stay with it in a greeting: "Dr. Brennan", "Auntie Leilani".
TITLES = {
    "dr",
    "prof",
    "professor",
    "mr",
    "mrs",
    "ms",
    "mx",
    "sir",
    "dame",
    "capt",
    "captain",
    "rev",
    "reverend",
    "pastor",
    "coach",
    "auntie",
    "aunty",
    "aunt",
    "uncle",
    "father",
    "rabbi",
    "imam",
    "sister",
    "brother",
    "atty",
    "chief",
    "fr",
    "judge",
    "lt",
    "sgt",
    "maj",
    "col",
    "gen",
    "adm",
    "cmdr",
    "hon",
    "officer",
    "detective",
}


def given_name(full_name: str) -> str:
    """The name to greet someone by: "Dr. Alice Brennan" → "Dr. Brennan", "Lee, Sam" → "Sam"; a name
    that opens with an initial or a particle ("J. R. Okafor", "van der Berg") is used whole."""
    if full_name.count(",") == 1:
        surname, _, given = full_name.partition(",")
        if given.strip() and surname.strip():
            full_name = f"{given.strip()} {surname.strip()}"
    parts = full_name.split()
    if not parts:
        return ""
    if parts[0].rstrip(".").lower() in TITLES or (parts[0].isupper() and len(parts[0]) <= 4 and len(parts) > 2):
        return " ".join([parts[0], parts[-1]]) if len(parts) > 1 else parts[0]
    if len(parts) > 1 and (parts[0][:1].islower() or re.fullmatch(r"\w\.", parts[0])):
        return full_name
    return parts[0]


def name_forms(full_name: str) -> set[str]:
    """Every way a note might name this person, in lower case: "dana okonjo", "dana", "okonjo"."""
    parts = [p for p in full_name.replace(",", " ").split() if p.rstrip(".").lower() not in TITLES]
    forms = {" ".join(parts).lower()} if parts else set()
    if parts:
        forms |= {parts[0].lower(), parts[-1].lower()}
    return {f for f in forms if f}


NAME_WORD = re.compile(r"[^\W\d_][\w'’.-]*")


def display_name(full_name: str) -> str:
    """A name as it should be written: "dana whitfield" → "Dana Whitfield" (a name typed with
    capitals is left exactly as typed: "van der Berg", "McKinsey")."""
    if full_name != full_name.lower() or not all(NAME_WORD.fullmatch(part) for part in full_name.split()):
        return full_name
    # "o'sullivan" → "O'Sullivan", "al-hashimi" → "Al-Hashimi"
    return re.sub(r"(^|[\s'’-])([^\W\d_])", lambda m: m.group(1) + m.group(2).upper(), full_name)
