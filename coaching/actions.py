"""What the person did after the meeting, one action at a time, classified by what really happened.

"booked a call with Raj and messaged Ines; read the book she recommended" is three actions: a call
booked (contacted, not yet spoken to), a message sent (contacted) and a book read (alone). Only a
"met" action may be thanked as a conversation; the others are reported as what they were.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from coaching.english import PARENTHESES, keeps_capital, parse, tidy, without_stop, words
from coaching.names import name_forms
from coaching.restate import Edit, name_tokens, named, shift_person

if TYPE_CHECKING:
    from spacy.tokens import Span

    from coaching.reading import Reading

_CONNECTIVES = {",", "and", "then", "also", "plus", ";", "&"}
_FUTURE = re.compile(r"\b(?:next|tomorrow|upcoming|soon|later|on (?:mon|tue|wed|thu|fri|sat|sun)\w*)\b", re.I)
_LINE = re.compile(r"\n+|;\s*")
_TRAILING = re.compile(r"[\s,;:-]+(?:but|and|though|although|so)?\s*$", re.I)
# Days and months the parser sometimes takes for people: "call set for next Tues".
_NOT_NAMES = (
    "mon",
    "tue",
    "wed",
    "thu",
    "fri",
    "sat",
    "sun",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "oct",
    "nov",
    "dec",
)
_BULLET = re.compile(r"^\s*(?:[-*•·]+|\d{1,2}[.)])\s*")


@dataclass(frozen=True)
class Action:
    """One thing done since the meeting.

    `kind`: "met" (a real conversation: may be thanked as one), "contacted" (written to, called, or a
    meeting booked: reported only as that) or "alone" (read, built, enrolled). `did` is the verb phrase
    in the person's words ("emailed Priya"); `did_to_reader` the same speaking to the reader ("read the
    book you recommended"). `waiting` marks a message with no reply yet.
    """

    kind: str
    did: str
    did_to_reader: str
    people: tuple[str, ...]
    waiting: bool = False
    # Set when the action has a subject of its own ("Paul hasn't replied"): `did` is then a whole clause.
    own_subject: bool = False
    # For someone else (the referrer): the contact by name, not "he" ("the guide Samuel recommended").
    did_about: str = ""
    # "haven't emailed Dee yet": said, but nothing was done.
    negated: bool = False

    def said(self, to_reader: bool = False, about: bool = False) -> str:
        """The action as a clause: "I emailed Priya", "Paul hasn't replied"."""
        did = self.did_to_reader if to_reader else (self.did_about or self.did) if about else self.did
        return did if self.own_subject else f"I {did}"


def _clause_starts(span: Span) -> list[int]:
    """Where each action in a sentence begins: the sentence start, and each verb after a comma or "and"
    (the parser often reads "…with Raj and messaged Ines" as one action, so the word list helps)."""
    table = words()
    known = table.met_verbs | table.contact_verbs
    starts = [span.start]
    for token in span[1:]:
        before = token.doc[token.i - 1]
        is_verb = token.pos_ == "VERB" or token.lemma_.lower() in known
        past = token.tag_ in ("VBD", "VBN") or token.lower_.endswith("ed")
        # "…, andre said yes": someone else's clause starts at its subject.
        own_clause = token.dep_ in ("nsubj", "nsubjpass") and token.head.i > token.i and token.lower_ != "i"
        if ((is_verb and past) or own_clause) and before.lower_ in _CONNECTIVES and token.i - starts[-1] > 1:
            starts.append(token.i)
    return starts


def _kind(clause: Span, waiting: bool) -> str:
    table = words()
    verb = next((t for t in clause if t.pos_ in ("VERB", "AUX") and t.lower_ not in ("i", "have", "has")), clause[0])
    lemma = verb.lemma_.lower()
    lowers = [t.lower_ for t in clause]
    negated = any(t.dep_ == "neg" for t in clause) or ("yet" in lowers and lemma in table.met_verbs)
    future = bool(_FUTURE.search(clause.text)) or verb.tag_ in ("VBG", "VB") or "will" in lowers
    had_with = lemma in ("have", "grab", "get") and any(w in table.met_nouns for w in lowers) and "with" in lowers
    if (lemma in table.met_verbs or had_with) and not negated and not future and not waiting:
        return "met"
    if negated and not waiting:
        return "alone"  # "haven't contacted Tadhg yet": nothing happened with anyone
    if lemma in table.contact_verbs or lemma in table.met_verbs or had_with or waiting:
        return "contacted"
    return "alone"


def _people(clause: Span, reading: Reading) -> tuple[str, ...]:
    """The people an action involves: names the person gave (referrals, the contact) and names the parser finds."""
    found: list[str] = []
    for name in [*reading.referrals, reading.reader_full, reading.referrer_name]:
        if name and name_tokens(clause, name_forms(name)):
            found.append(name)
    # Someone not named elsewhere: a run of proper nouns after "with", "to" or a verb ("emailed Sam").
    for token in clause:
        if token.pos_ != "PROPN" or not token.is_title or token.i == clause.start:
            continue
        if token.i > clause.start and token.nbor(-1).pos_ == "PROPN":
            continue  # inside a run already seen
        run = [token]
        while run[-1].i + 1 < clause.end and run[-1].nbor().pos_ == "PROPN" and run[-1].nbor().is_title:
            run.append(run[-1].nbor())
        text = " ".join(t.text for t in run)
        before = token.nbor(-1)
        known = any(text.lower() in f.lower() or f.lower() in text.lower() for f in found)
        person_like = before.lower_ in ("with", "to", "and") or before.pos_ == "VERB"
        not_a_thing = not keeps_capital(run[0].text) and not text.lower().startswith(_NOT_NAMES)
        if person_like and not_a_thing and not known:
            found.append(text)
    return tuple(found)


def _waiting(text: str) -> tuple[str, bool]:
    """The action without "no reply yet" and the like, and whether it was there."""
    lower = text.lower()
    for phrase in words().waiting_phrases:
        at = lower.find(phrase)
        if at >= 0:
            rest = (text[:at] + text[at + len(phrase) :]).strip(" ,;-–—()")
            return without_stop(_TRAILING.sub("", rest)), True
    return text, False


def read_actions(reading: Reading) -> list[Action]:
    """Each action in `meeting.actions_taken`, in the order written."""
    actions: list[Action] = []
    reader_names = name_forms(reading.data.contact.name)
    for line in _LINE.split(reading.data.meeting.actions_taken):
        line = PARENTHESES.sub("", _BULLET.sub("", line)).strip()  # "(thx rebecca)" is not what was done
        if not line:
            continue
        text = tidy(line, reading.casing)
        head = text.split(" ", 1)[0]
        if head.lower() not in reading.casing and not keeps_capital(head, reading.casing):
            text = text[:1].lower() + text[1:]  # "Met Maya at…" parses as a verb only in lower case
        doc = parse(without_stop(text) + ".")
        for span in doc.sents:
            starts = _clause_starts(span)
            for begin, end in zip(starts, [*starts[1:], span.end], strict=True):
                clause = doc[begin:end]
                while len(clause) and clause[-1].lower_ in _CONNECTIVES | {".", "!"}:
                    clause = doc[clause.start : clause.end - 1]
                if not len(clause):
                    continue
                text, waiting = _waiting(clause.text)
                if not text.strip():
                    if actions:  # "no reply yet" on its own belongs to the action before it
                        last = actions[-1]
                        actions[-1] = Action("contacted", last.did, last.did_to_reader, last.people, True)
                    continue
                actions.append(_action(clause, reading, reader_names, waiting))
    return actions


def _had_with(clause: Span) -> bool:
    """ "coffee with Farah", "video call with Min-jun": a meeting noted without its verb."""
    nouns = words().met_nouns
    head = [t for t in clause[:4] if t.pos_ in ("NOUN", "PROPN", "ADJ")]
    return (
        bool(head)
        and clause[0].pos_ != "VERB"
        and any(t.lower_ in nouns for t in head)
        and any(t.lower_ == "with" for t in clause[:5])
    )


def _action(clause: Span, reading: Reading, reader_names: set[str], waiting: bool) -> Action:
    people = _people(clause, reading)
    plain, to_reader, about = (Edit(clause, reading.casing) for _ in range(3))
    first = clause[0]
    subject = next((t for t in clause if t.dep_ in ("nsubj", "nsubjpass") and t.head.i >= t.i), None)
    own_subject = subject is not None and subject.lower_ != "i" and subject.i == clause.start
    for edit in (plain, to_reader, about):
        if first.lower_ == "i":
            edit.drop(first)
        elif not own_subject and not keeps_capital(first.text, reading.casing):
            edit.set(first, first.text[:1].lower() + first.text[1:])  # "Rang Mel" is a verb, not a name
    others = [p for p in people if p != reading.reader_full]
    # "the book she recommended" speaks of the reader when nobody else is named in the action; a
    # clause of its own ("she said yes") is someone else's news and keeps its "she".
    reader_tokens = name_tokens(clause, reader_names)
    # "put them in a Google doc": "them" is whoever the person just named, never the reader.
    shift_person(to_reader, clause, reader_tokens, "you", pronouns=not others and not own_subject, plural=False)
    if not others:
        named(about, clause, name_tokens(clause, reader_names), reading.reader)
    did, _ = _waiting(plain.render())
    did_to_reader, _ = _waiting(to_reader.render())
    did_about, _ = _waiting(about.render())
    did, did_to_reader, did_about = (without_stop(_TRAILING.sub("", t)) for t in (did, did_to_reader, did_about))
    if own_subject:
        did, did_to_reader, did_about = (t[:1].upper() + t[1:] for t in (did, did_to_reader, did_about))
    negated = any(t.dep_ == "neg" for t in clause)
    kind = _kind(clause, waiting)
    if _had_with(clause) and not own_subject:
        did, did_to_reader, did_about = (f"had {t}" for t in (did, did_to_reader, did_about))
        kind = "contacted" if _FUTURE.search(clause.text) or waiting else "met"
    return Action(kind, did, did_to_reader, people, waiting, own_subject, did_about, negated)
