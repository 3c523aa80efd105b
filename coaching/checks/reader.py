"""Checks that read the draft as its recipient would, with the same reading of the person the
composer used: the reader talked about instead of to, a field pasted in as it was typed, and a
conversation claimed with someone the person only wrote to.

Each applies to every draft, offline, a model's, or the person's own edit.
"""

from __future__ import annotations

import re

from coaching.checks.rules import Rule, _fail, _pass
from coaching.english import keeps_capital, words
from coaching.models import Check, Task
from coaching.names import name_forms
from coaching.reading import Reading

# A sentence ends at . ! or ?, but not after a title ("Dr. Okonkwo") or an initial.
_SENTENCES = re.compile(
    r"(?<!\bDr\.)(?<!\bMr\.)(?<!\bMs\.)(?<!\bSt\.)(?<!\bMt\.)(?<!\bMrs\.)(?<!\bProf\.)(?<!\bCapt\.)"
    r"(?<!\b[A-Z]\.)(?<=[.!?])\s+|\n+"
)
_OPENERS = r"(?:hi|hello|dear|hey|hiya|good (?:morning|afternoon|evening))\b"
_GREETING = re.compile(rf"^{_OPENERS}[^,!\n]*[,!]?\s*$", re.I)
_GREETING_INLINE = re.compile(rf"^{_OPENERS}[^,!\n]{{0,60}}[,!]\s+", re.I)  # a LinkedIn note's "Hi Ana, …"
_SIGN_OFF = re.compile(
    r"^(?:best|kind regards|regards|thanks|thank you|many thanks|with thanks|best wishes|cheers)\b", re.I
)
_PRONOUNS = re.compile(r"\b(?:she|he|her|him|his|hers|herself|himself)\b", re.I)
_TALKED = re.compile(
    r"\b(?:spoke|speaking|spoken|talked|talking|met|meeting|conversation|chatted|chat|coffee|lunch|call)\b", re.I
)
_NOT_YET = re.compile(
    r"\b(?:will|won't|plan|planning|hope|hoping|next|yet|haven't|hasn't|not|soon|booked|scheduled|waiting|"
    r"going to|'ll)\b",
    re.I,
)
# Where one action in a sentence ends and the next begins: "I met Tom, and emailed Sade."
_CLAUSES = re.compile(r",\s*|;\s*|\s+and\s+|\s+but\s+|\s+then\s+")
# Shorthand and chat that no one writes to a stranger; "I" in lower case is the commonest.
_SHORTHAND = {"yrs", "yr", "mos", "hrs", "wks", "u", "ur", "w/", "w/o", "b/c", "bc", "cuz", "gonna", "wanna", "gotta",
              "kinda", "sorta", "thx", "pls", "plz", "tho", "thru", "rn", "ppl", "idk", "abt", "im", "ive", "dont",
              "didnt", "cant", "mgr", "mgmt", "govt"}  # fmt: skip


def _body(text: str) -> list[str]:
    """The sentences a reader reads: no subject line, greeting or sign-off."""
    lines = [line for line in text.splitlines() if line.strip() and not line.lower().startswith("subject:")]
    if lines and _GREETING.match(lines[0]):
        lines = lines[1:]
    elif lines:
        lines[0] = _GREETING_INLINE.sub("", lines[0])
    for index, line in enumerate(lines):
        if _SIGN_OFF.match(line.strip()) and len(line.split()) <= 3:
            lines = lines[:index]
            break
    sentences: list[str] = []
    for line in lines:
        sentences += [s.strip() for s in _SENTENCES.split(line) if s.strip()]
    return sentences


def _reader_of(task: Task, reading: Reading) -> tuple[str, set[str]]:
    """Whom the draft is written to, and the names they go by: the full name, the first name and the
    name they are greeted by (a surname alone is too often part of a place: "Marsh Creek")."""
    if task is Task.referrer_note:
        full, greeted = reading.referrer_name, reading.referrer
    else:
        full, greeted = reading.reader_full, reading.reader
    parts = [p for p in full.split() if p.rstrip(".").lower() not in ("dr", "prof", "mr", "mrs", "ms", "mx")]
    forms = {full.lower(), greeted.lower(), *([parts[0].lower()] if parts else [])}
    return greeted, {f for f in forms if f}


def _others(task: Task, reading: Reading) -> set[str]:
    """The names of everyone else the draft may speak of in the third person."""
    third = reading.reader_full if task is Task.referrer_note else reading.referrer_name
    people = [third, *reading.referrals, *(p for action in reading.actions for p in action.people)]
    return {form for person in people if person for form in name_forms(person)}


def reader_addressed(task: Task) -> Rule:
    """A sentence that speaks of the reader in the third person, by name or as she/he."""

    def rule(text: str, reading: Reading) -> Check:
        if task in (Task.intro, Task.questions):
            return _pass("speaks-to-reader", "Spoken to the person you will meet.")
        name, forms = _reader_of(task, reading)
        others: set[str] | None = None  # read only when a pronoun needs it: it parses the actions
        previous = ""
        for sentence in _body(text):
            # "Thank you again, Auntie Leilani." speaks to them: a name after a comma at a clause end.
            lower = sentence.lower()
            for form in sorted(forms, key=len, reverse=True):
                lower = re.sub(rf"(?:^|,\s*){re.escape(form)}\s*(?=[,.!?;]|$)", " ", lower)
            for form in forms:
                if len(form) > 2 and re.search(rf"(?<![\w'’]){re.escape(form)}(?![\w])", lower):
                    return _fail(
                        "speaks-to-reader",
                        f'Speaks of {name} in the third person in a note to them: "{sentence}". '
                        'Write to them as "you".',
                    )
            pronoun = _PRONOUNS.search(sentence)
            nearby = f"{previous} {sentence}".lower()
            if pronoun and others is None:
                others = _others(task, reading) - forms
            if pronoun and not any(re.search(rf"\b{re.escape(o)}\b", nearby) for o in others or () if len(o) > 2):
                return _fail(
                    "speaks-to-reader",
                    f'"{pronoun.group(0)}" here seems to mean {name}, the person reading it: "{sentence}". '
                    'Write to them as "you".',
                )
            previous = sentence
        return _pass("speaks-to-reader", f"Speaks to {name} directly.")

    return rule


def _fields(reading: Reading) -> list[str]:
    profile, contact, meeting = reading.data.profile, reading.data.contact, reading.data.meeting
    return [*profile.strengths, profile.target_role, profile.target_industry, profile.goal, profile.motivation,
            contact.role, meeting.discussed, meeting.actions_taken, profile.background]  # fmt: skip


def pasted_field(text: str, reading: Reading) -> Check:
    """A field dropped in as typed: "i", chat words, or a capitalised field in the middle of a sentence."""
    for sentence in _body(text):
        tokens = [w.strip(".,;:!?()\"'") for w in sentence.split()]
        if "i" in tokens or any(t.startswith(("i'", "i’")) for t in tokens):
            return _fail("pasted-field", f'A lower-case "i" reads as typed in a hurry: "{sentence}". Write "I".')
        chat = [t for t in tokens if t in _SHORTHAND or t.lower() in words().chat_drop]  # "RN" is a nurse, "rn" chat
        if chat:
            return _fail("pasted-field", f'"{chat[0]}" is chat shorthand: "{sentence}". Write it out, or leave it out.')
        for field in _fields(reading):
            head = " ".join(field.split()[:3])
            first = head.split(" ", 1)[0] if head else ""
            if len(head.split()) < 2 or not first[:1].isupper() or keeps_capital(first, reading.casing):
                continue
            if sum(word[:1].isupper() for word in field.split()[:4]) > 1:
                continue  # "Associate VP for Research": a title written as one, fine mid-sentence
            at = sentence.find(head)
            if at > 0 and sentence[:at].rstrip()[-1:] not in '.!?:;—-"“(':
                return _fail(
                    "pasted-field",
                    f'"{head}…" keeps the capital it had as a field, mid-sentence: "{sentence}". '
                    "Write it in lower case, or rephrase.",
                )
    return _pass("pasted-field", "Reads as written, not pasted from the form.")


def claimed_conversation(text: str, reading: Reading) -> Check:
    """A conversation claimed with someone the person has only written to (or booked a call with)."""
    typed = reading.data.meeting.actions_taken
    named = {w.strip(".,;:!?()").lower() for w in text.split() if w[:1].isupper()}
    if not typed or not named & {w.strip(".,;:!?()").lower() for w in typed.split()}:
        return _pass("claimed-conversation", "Says only what happened with each person.")  # nobody from the actions
    talked = {p for a in reading.actions if a.kind == "met" for p in a.people}
    only_contacted = {p for a in reading.actions if a.kind != "met" for p in a.people} - talked
    only_contacted -= {reading.reader_full}
    for person in only_contacted:
        forms = {f for f in name_forms(person) if len(f) > 2}
        for sentence in _body(text):
            clauses = _CLAUSES.split(sentence)
            said = [c for c in clauses if any(re.search(rf"\b{re.escape(f)}\b", c.lower()) for f in forms)]
            if any(_TALKED.search(c) and not _NOT_YET.search(c) for c in said):
                return _fail(
                    "claimed-conversation",
                    f'"{sentence}" says you have talked with {person}, but so far you have only written to them. '
                    "Say what did happen (you wrote to them), or that you hope to talk soon.",
                )
    return _pass("claimed-conversation", "Says only what happened with each person.")
