"""A reading of the person: what each field they typed says, understood once per draft.

The composer, the prompt and the checks all take the same `Reading`, so a background sentence
restated for the request is the one the check recognises, and a name the person only emailed is
never thanked as a conversation anywhere. Each part is worked out the first time it is asked for:
a thank-you never parses the background.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from coaching.actions import Action, read_actions
from coaching.connection import Connection, read_connection
from coaching.english import (
    casing_of,
    content_words,
    inline,
    keeps_capital,
    parse,
    sentence,
    tidy,
    with_article,
    without_stop,
)
from coaching.models import CoachInput
from coaching.names import NAME_WORD, TITLES, display_name, given_name, name_forms
from coaching.restate import Edit, Point, about_reader, first_person, shift_person, writes_of_self_in_third_person

# "Prior: four years as…", "- says…": labels and bullets that open a line of notes.
_BULLET = re.compile(r"^\s*(?:[-*•·]+\s*|\d{1,2}[.)]\s+)")
_LABEL = re.compile(r"^\s*(?:[-*•·]+\s*|\d{1,2}[.)]\s+|[A-Za-z][\w ]{0,14}:\s+(?=\S))")
_GOAL_LEAD = re.compile(
    r"^(?:my goal is to|my goal is|the goal is to|i(?:'d| would) (?:like|love) to|i want to|i wanna|want to|"
    r"wanna|hoping to|i(?:'m| am) hoping to|i hope to|trying to|i(?:'m| am) trying to|to)\s+",
    re.I,
)


_PARENTHESES = re.compile(r"\s*\([^)]*\)")
# A sentence that says who someone is: "I've been a nurse…", "I'm a CS junior…", "I spent 8 years…".
_IDENTITY = re.compile(
    r"^(?:I've been|I'm an?\b|I am an?\b|I was an?\b|I spent|I have worked|I've worked|I have spent|I've spent|"
    r"I work|I worked|I run|I ran|I have an?\b|I'm (?:finishing|studying|doing|a student))"
)
# A note's aside for the writer, not for the reader: "which surprised me", "lol".
_ASIDE = re.compile(r"\b(?:which surprised me|surprised me|ugh|lol|haha|tbh|idk|omg|wtf)\b", re.I)
# What makes a point worth repeating back: a date, a number, a requirement.
_CONCRETE = re.compile(
    r"\d|\b(?:january|february|march|april|may|june|july|august|september|october|november|december|spring|"
    r"summer|autumn|fall|winter|deadline|vacancy|opening|required|not needed|needed|worth it|certificat\w*|"
    r"licen[cs]e|apply|applications?)\b",
    re.I,
)


def split_referrer(typed: str) -> tuple[str, str]:
    """The name and the description in a referrer field: "my supervisor rick" → ("rick", "my
    supervisor"); "pam from church" → ("pam", "who I know from church"); "Dr. Alice Brennan" → (it, "")."""
    if not all(NAME_WORD.fullmatch(part.strip("()")) for part in typed.split() if part.strip("()")):
        return typed, ""  # not a name as people write names: used exactly as typed
    text = _PARENTHESES.sub("", typed).strip()
    descriptor = ""
    source = re.match(r"^(.+?)\s+from\s+(.+)$", text, re.I)
    if source and len(source.group(1).split()) <= 3:
        text, descriptor = source.group(1), f"who I know from {source.group(2)}"
    words_ = text.split()
    if len(words_) > 1 and words_[0].lower() in ("my", "our"):
        # "my old foreman luis": the description is every word before the name.
        cut = next((i for i in range(1, len(words_)) if words_[i][:1].isupper()), len(words_) - 1)
        descriptor, text = " ".join(words_[:cut]).lower(), " ".join(words_[cut:])
    return text, descriptor


@dataclass(frozen=True)
class Goal:
    """What the person wants next, in one of three shapes: `kind` "verb" ("understand how…"),
    "thing" ("a summer internship") or "question" ("whether I should do a bootcamp")."""

    kind: str
    text: str

    @property
    def asks_for_a_job(self) -> bool:
        """ "land a job at a seed bank": fine as a goal, but said to a contact it reads as a job request."""
        from coaching.checks.rules import job_requests

        return bool(job_requests(self.text))


class Reading:
    """The person's input, read: phrases that fit inside a sentence, sentences in the right person."""

    def __init__(self, data: CoachInput) -> None:
        self.data = data
        self._vectors: dict[str, Any] = {}  # MiniLM vectors of texts already embedded for this person

    # --- names and words ----------------------------------------------------------------------

    def _relevance(self, query: str, sentences: list[str]) -> list[float]:
        """How close each sentence is to `query` in meaning (MiniLM), plus a little for shared words.
        Each text is embedded once per reading: the prompt and the composer ask about the same sentences."""
        from coaching.embedding import get_embedder

        missing = [text for text in dict.fromkeys([query, *sentences]) if text not in self._vectors]
        if missing:
            self._vectors.update(zip(missing, get_embedder().embed(missing), strict=True))
        wanted, asked = content_words(query), self._vectors[query]
        return [float(asked @ self._vectors[s]) + 0.05 * len(wanted & content_words(s)) for s in sentences]

    @cached_property
    def casing(self) -> dict[str, str]:
        profile, contact, meeting = self.data.profile, self.data.contact, self.data.meeting
        names = [display_name(n) for n in (profile.name, contact.name, contact.referrer, *meeting.referrals)]
        # Every word of a name is written as in the name, wherever it appears ("dana" → "Dana").
        cased = {
            word.lower(): word
            for name in names
            for word in name.split()
            if word[:1].isupper() and word.rstrip(".").lower() not in TITLES  # "Chief Anders", not "my chief"
        }
        return cased | casing_of(
            contact.organization, profile.background, profile.target_industry, profile.target_role,
            contact.how_we_know, meeting.discussed, meeting.actions_taken, profile.goal, profile.motivation,
        )  # fmt: skip

    @cached_property
    def writer_full(self) -> str:
        return display_name(self.data.profile.name)

    @cached_property
    def writer(self) -> str:
        return given_name(self.writer_full)

    @cached_property
    def reader(self) -> str:
        """The contact as the draft greets them."""
        return given_name(display_name(self.data.contact.name))

    @cached_property
    def reader_full(self) -> str:
        return display_name(self.data.contact.name)

    @cached_property
    def _referrer_parts(self) -> tuple[str, str]:
        return split_referrer(self.data.contact.referrer)

    @cached_property
    def referrer_name(self) -> str:
        """The referrer's name without what the person typed around it ("my supervisor rick" → "Rick")."""
        return display_name(self._referrer_parts[0])

    @cached_property
    def referrer_descriptor(self) -> str:
        """Who the referrer is to the person, when typed with the name ("my supervisor", "who I know from church")."""
        return self._referrer_parts[1]

    @cached_property
    def referrer(self) -> str:
        return given_name(self.referrer_name)

    @cached_property
    def referrals(self) -> list[str]:
        return [display_name(name) for name in self.data.meeting.referrals]

    @cached_property
    def industry(self) -> str:
        """The field, as a phrase: "cosmetics / beauty" reads "cosmetics and beauty", and an aside in
        brackets ("law (immigration)") is left out."""
        text = _PARENTHESES.sub("", self.data.profile.target_industry).strip() or self.data.profile.target_industry
        text = re.sub(r"\s*/\s*", " and ", text) if " / " in text or re.search(r"[a-z] ?/ ?[a-z]", text) else text
        return inline(text, self.casing)

    @cached_property
    def in_field(self) -> bool:
        """Whether the person already works in the field they name ("8 years as a dental hygienist" and
        "dental / oral health"): then the drafts speak of a next step, not a move into it."""
        field = content_words(self.data.profile.target_industry)
        return bool(field) and bool(field & content_words(self.data.profile.background))

    @cached_property
    def role(self) -> str:
        """The role they are aiming for, without an article ("" when they named none)."""
        text = _PARENTHESES.sub("", self.data.profile.target_role).strip() or self.data.profile.target_role
        text = re.sub(r"\s*/\s*", " or ", text)
        return re.sub(r"^(?:a|an)\s+", "", inline(text, self.casing), flags=re.I)

    @cached_property
    def role_with_article(self) -> str:
        return with_article(self.role) if self.role else ""

    @cached_property
    def strengths(self) -> list[str]:
        seen: dict[str, str] = {}
        for item in self.data.profile.strengths:
            phrase = _gerund(inline(item, self.casing))
            if phrase and len(phrase.split()) <= 12:
                seen.setdefault(phrase.casefold(), phrase)
        return list(seen.values())

    @cached_property
    def contact_place(self) -> str:
        """ "a product lead at Medilink", "Medilink", or "" (the draft never guesses where they work)."""
        role = inline(self.data.contact.role, self.casing)
        org = re.sub(r"^at\s+", "", without_stop(self.data.contact.organization), flags=re.I)
        org = display_name(org) if org.islower() else org  # an organisation is a name, whatever its typing
        if role and org:
            return f"{with_article(role)} at {org}"
        return with_article(role) if role else org

    # --- the writer ------------------------------------------------------------------------------

    @cached_property
    def _writer_names(self) -> set[str]:
        return name_forms(self.data.profile.name)

    def _first_person(self, text: str) -> list[str]:
        """Each sentence of `text` the person wrote about themselves, in the first person."""
        lines = [_LABEL.sub("", line) for line in re.split(r"\n+|;\s*", text) if line.strip()]
        lines = [_LABEL.sub("", part) for line in lines for part in re.split(r"(?<=[.!?])\s+", line)]
        doc = parse(tidy(". ".join(without_stop(line) for line in lines if without_stop(line)), self.casing))
        third = writes_of_self_in_third_person(doc, self._writer_names)
        restated = []
        for span in doc.sents:
            said = first_person(span, self._writer_names, self.casing, third_person=third)
            head_text = span.text.split(",", 1)[0]
            if said is None and "," in span.text and head_text.count("(") == head_text.count(")"):
                # "Gate agent at the airport 6 yrs, ramp before that": the head of a CV line may read alone.
                head = next(iter(parse(head_text + ".").sents))
                said = first_person(head, self._writer_names, self.casing, third_person=third)
            if said is None and "(" in span.text:
                # "Zookeeper (primates, then carnivores), 7 yrs": the aside in brackets can go.
                bare = _PARENTHESES.sub("", span.text)
                said = first_person(next(iter(parse(bare).sents)), self._writer_names, self.casing, third_person=third)
            if said:
                restated.append(said)
        return restated

    @cached_property
    def background(self) -> list[str]:
        """The background's sentences, in the first person, in the person's order (unreadable ones left out)."""
        return self._first_person(self.data.profile.background)

    def background_for(self, query: str, count: int, max_words: int = 40) -> list[str]:
        """The `count` background sentences most relevant to `query`, short enough to use, in the
        person's own order."""
        usable = [s for s in self.background if len(s.split()) <= max_words]
        if len(usable) <= count:
            return usable
        # A first sentence that says who the person is ("I've been a gate agent for six years") stays;
        # the rest are the ones closest to where they are heading.
        scores = self._relevance(query, usable)
        if _IDENTITY.match(usable[0]):
            scores[0] = 2.0
        best = sorted(range(len(usable)), key=lambda i: (-scores[i], i))[:count]
        return [usable[i] for i in sorted(best)]

    @cached_property
    def motivation(self) -> str:
        """Why they are making the move, in their words and the first person ("" when not given)."""
        said = self._first_person(self.data.profile.motivation)
        return " ".join(said[:2])

    @cached_property
    def goal(self) -> Goal | None:
        text = without_stop(tidy(self.data.profile.goal, self.casing).split(". ")[0])
        text = _GOAL_LEAD.sub("", re.sub(r"^I don't know\s+", "", text))
        if not text:
            return None
        text = inline(text, self.casing)
        head = text.split(" ", 1)[0]
        if not keeps_capital(head, self.casing):
            text = text[:1].lower() + text[1:]
        if re.search(r"\b(?:she|he)\b", text, re.I):
            text = _about_self(text)  # "see whether she can get in": a goal written about themselves
        if re.match(r"^(?:if|whether)\b", text, re.I):
            return Goal("question", re.sub(r"^if\b", "whether", text, flags=re.I))
        if re.match(r"^(?:how|what|which|where|why|who|when)\b", text, re.I):
            return Goal("question", text)
        doc = parse(text)
        first = doc[0]
        if first.tag_ == "VBG" and first.dep_ == "ROOT":
            return Goal("verb", first.lemma_.lower() + doc.text[len(first.text) :])
        if first.tag_ in ("VB", "VBP") or (first.pos_ == "VERB" and first.tag_ not in ("VBN", "VBG")):
            return Goal("verb", text)
        if re.match(r"^(?:I|my|me)\b", text):
            return None  # a sentence about themselves, not a goal that fits inside one
        return Goal("thing", with_article(text) if first.pos_ in ("NOUN", "PROPN", "ADJ") else text)

    # --- the meeting ----------------------------------------------------------------------------

    @cached_property
    def points(self) -> list[Point]:
        """The meeting notes, each point restated (to the reader and about them)."""
        names = name_forms(self.data.contact.name)
        # Bullets go; a "Dana:" label stays, since it says who said what follows.
        lines = [_BULLET.sub("", line) for line in re.split(r"\n+|;\s*", self.data.meeting.discussed) if line.strip()]
        found: list[Point] = []
        for line in lines:
            doc = parse(sentence(tidy(line, self.casing)))
            for span in doc.sents:
                point = about_reader(span, names, self.reader, self.casing)
                if point and point.to_reader.strip():
                    found.append(point)
        return found

    @cached_property
    def key_point(self) -> Point | None:
        """The point most worth naming in a thank-you: what they advised or told me about the field,
        closest in meaning to what I want, and concrete (a date, a number, "not needed")."""
        usable = [p for p in self.points if 2 <= len(p.to_reader.split()) <= 30 and not _ASIDE.search(p.to_reader)]
        usable = usable or [p for p in self.points if len(p.to_reader.split()) <= 30]
        if len(usable) <= 1:
            return usable[0] if usable else None
        profile = self.data.profile
        wanted = " ".join(filter(None, [profile.goal, profile.motivation, self.role, self.industry]))
        weight = {"said": 0.3, "claim": 0.3, "about": 0.0, "topic": 0.1, "ours": 0.0}
        first = [weight[p.kind] + (0.15 if _CONCRETE.search(p.to_reader) else 0.0) for p in usable]
        # Three candidates by kind and detail, then the one closest in meaning to what the person wants.
        shortlist = sorted(range(len(usable)), key=lambda i: (-first[i], i))[:3]
        close = self._relevance(wanted, [usable[i].to_reader for i in shortlist])
        best = max(range(len(shortlist)), key=lambda j: (first[shortlist[j]] + close[j], -shortlist[j]))
        return usable[shortlist[best]]

    @cached_property
    def actions(self) -> list[Action]:
        return read_actions(self)

    @cached_property
    def connection(self) -> Connection:
        """How the person is connected to the contact, from `referrer` and `how_we_know`."""
        return read_connection(self)


def _gerund(phrase: str) -> str:
    """A strength typed as an instruction reads as a skill: "know the workflow inside out" → "knowing
    the workflow inside out", "catch typos people miss" → "catching typos people miss"."""
    head, _, rest = phrase.partition(" ")
    if not rest or head.lower() != head or parse(phrase)[0].tag_ not in ("VB", "VBP"):
        return phrase
    if head.endswith("e") and not head.endswith(("ee", "ye", "oe")):
        head = head[:-1]
    elif re.fullmatch(r"[^aeiou]*[aeiou][bdgmnprt]", head):
        head += head[-1]  # "run" → "running", "plan" → "planning"
    return f"{head}ing {rest}"


def _about_self(text: str) -> str:
    """A phrase the person wrote about themselves in the third person, in the first."""
    span = parse(text)[:]
    edit = Edit(span)
    shift_person(edit, span, set(), "I", pronouns=True)
    return edit.render()


def read_person(data: CoachInput) -> Reading:
    """Read `data` once; every part is parsed the first time a draft needs it."""
    return Reading(data)


__all__ = ["Action", "Goal", "Point", "Reading", "read_person"]
