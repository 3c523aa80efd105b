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
    PARENTHESES,
    casing_of,
    content_words,
    inline,
    keeps_capital,
    parse,
    respelled,
    sentence,
    tidy,
    title_in_sentence,
    with_article,
    without_stop,
)
from coaching.models import CoachInput
from coaching.names import NAME_WORD, TITLES, display_name, given_name, name_forms
from coaching.restate import Edit, Point, about_reader, first_person, shift_person, writes_of_self_in_third_person
from coaching.roles import RoleFamily, find_role_family
from coaching.seniority import Level, career_level

# "Prior: four years as…", "- says…": labels and bullets that open a line of notes.
_BULLET = re.compile(r"^\s*(?:[-*•·]+\s*|\d{1,2}[.)]\s+)")
_LABEL = re.compile(r"^\s*(?:[-*•·]+\s*|\d{1,2}[.)]\s+|[A-Za-z][\w ]{0,14}:\s+(?=\S))")
_GOAL_LEAD = re.compile(
    r"^(?:my goal is to|my goal is|the goal is to|i(?:'d| would) (?:like|love) to|i want to|i wanna|want to|"
    r"wanna|hoping to|i(?:'m| am) hoping to|i hope to|trying to|i(?:'m| am) trying to|to|"
    r"(?:she|he|they|(?:the |my )?client) (?:wants?|would like|hopes?|is hoping|is trying) to|"
    r"i want|i(?:'d| would) like|i(?:'m| am) looking for|looking for)\s+",
    re.I,
)


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
    text = PARENTHESES.sub("", typed).strip()
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


_AUX = r"(?:do|does|did|is|are|was|were|am|can|could|should|would|will|have|has|must|may|might)"
# A question asked directly ("how do apm programs pick people", "is age a problem"), not one that
# fits inside a sentence ("how to weigh equity", "how much travel is real").
_DIRECT = re.compile(
    r"^(?:(?:is|are|does|can|could|should|would|will|isn't|aren't|doesn't)\s+(?!not\b)\w|"
    rf"{_AUX}\s+(?:i|you|it|they|we|there|people|employers|companies|most)\b|"
    rf"how(?:\s+\w+)?\s+{_AUX}\b|(?:what|which|where|why|who|when)\s+{_AUX}\b)",
    re.I,
)
# After a short lead ("sec+ vs cysa+ — which one gets interviews"), any question word starts one.
_QUESTION_START = re.compile(rf"^(?:how|what|which|where|why|who|when|{_AUX})\b", re.I)
_FIND_OUT = re.compile(
    r"^(?:find out|figure out|work out|understand|learn|know|see|decide|get a sense of|get a feel for|"
    r"get clarity on|confirm|check|ask)\s+(?=(?:whether|if|how|what|which|where|why|who|when)\b)",
    re.I,
)
# "at the City of Ashbury Falls", "at the University of Leeds": these names take "the" in a sentence.
_TAKES_THE = re.compile(r"^(?=(?:City|County|State|University|Office|Department|Ministry|Town|Province) of\b)")
_ASIDE_BREAK = re.compile(r"\s+[—–]\s+|\s+--?\s+|:\s+")


@dataclass(frozen=True)
class Goal:
    """What the person wants next, in one of four shapes: `kind` "verb" ("get a remote role"),
    "thing" ("a summer internship"), "question" ("whether I should do a bootcamp", to go inside a
    sentence) or "ask" ("Is it hopeless without a CS degree?", their own question, asked whole)."""

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
        text = PARENTHESES.sub("", self.data.profile.target_industry).strip() or self.data.profile.target_industry
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
        text = PARENTHESES.sub("", self.data.profile.target_role).strip() or self.data.profile.target_role
        text = re.sub(r"\s*/\s*", " or ", text)
        text = re.sub(r"^(?:sr|snr)\.?\s+", "senior ", text, flags=re.I)  # only a title's "Sr." is "senior"
        return re.sub(r"^(?:a|an)\s+", "", inline(text, self.casing), flags=re.I)

    @cached_property
    def role_with_article(self) -> str:
        return with_article(self.role) if self.role else ""

    @cached_property
    def family(self) -> RoleFamily | None:
        """The kind of work they are heading for, from the role they named; without one, from their goal,
        their reason or the field ("get into ux research"). Never from the background: that is the
        work they are leaving."""
        profile = self.data.profile
        typed = (profile.target_role, profile.goal, profile.motivation, profile.target_industry)
        for text, title in zip(typed, (True, False, False, True), strict=True):
            found = find_role_family(text, title) if text.strip() else None
            if found:
                return found
        return None

    @cached_property
    def level(self) -> Level:
        """ "new", "experienced" or "" (the background does not say)."""
        return career_level(self.data.profile.background)

    @cached_property
    def strengths(self) -> list[str]:
        seen: dict[str, str] = {}
        for item in self.data.profile.strengths:
            phrase = _gerund(inline(item, self.casing))
            if phrase and len(phrase.split()) <= 12:
                seen.setdefault(phrase.casefold(), phrase)
        return list(seen.values())

    @cached_property
    def contact_role(self) -> str:
        """Their job title as it reads in a sentence ("a product lead", "head of research"), or ""."""
        role = title_in_sentence(inline(self.data.contact.role, self.casing), self.casing)
        head, _, rest = role.partition(", ")
        if rest:  # "director, regulatory affairs" is "director of regulatory affairs"; "fellow, housing" a fellow
            of = re.search(r"\b(?:director|head|vp|vice president|manager|lead|chief)$", head, re.I)
            role = f"{head} of {rest}" if of else head
        if not role or re.match(r"^(?:head|director|vp|vice president|chief|chair|dean) of\b", role, re.I):
            return role  # "head of research at Medilink", with no article
        return with_article(role)

    @cached_property
    def contact_org(self) -> str:
        """Where they work, as a name ("Medilink"), or "" (the draft never guesses where they work)."""
        org = re.sub(r"^at\s+", "", without_stop(self.data.contact.organization), flags=re.I)
        org = PARENTHESES.sub("", org).strip() or org  # "Riverbend Otters (AA baseball)": the aside is theirs
        org = display_name(org) if org.islower() else org  # an organisation is a name, whatever its typing
        # "at the City of Ashbury Falls", "at the University of Leeds": these names take "the" in a sentence.
        return re.sub(
            r"^(?=(?:City|County|State|University|Office|Department|Ministry|Town|Province) of\b)", "the ", org
        )

    @cached_property
    def contact_place(self) -> str:
        """ "a product lead at Medilink", "Medilink", or ""."""
        if self.contact_role and self.contact_org:
            return f"{self.contact_role} at {self.contact_org}"
        return self.contact_role or self.contact_org

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
                bare = PARENTHESES.sub("", span.text)
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
    def _typed_names(self) -> frozenset[str]:
        """Every word of every name the person typed, in lower case: never "corrected" as a typo."""
        data = self.data
        names = [data.profile.name, data.contact.name, data.contact.referrer, *data.meeting.referrals]
        return frozenset(word.lower() for name in names for word in re.findall(r"[^\W\d_]+", name))

    @cached_property
    def goal(self) -> Goal | None:
        goal = self.data.profile.goal
        shouted = sum(c.isupper() for c in goal) > 0.6 * sum(c.isalpha() for c in goal)
        # A goal typed in capitals is written in ordinary case; its capitals say nothing about names.
        goal, casing = (goal.lower(), casing_of(goal.lower())) if shouted else (goal, self.casing)
        typed = PARENTHESES.sub("", respelled(tidy(goal, casing), casing, self._typed_names))
        text = without_stop(re.split(r"(?<=\?)\s+|\.\s+", typed)[0])
        text = re.sub(r"\s*\([^)]*$", "", text)  # an aside cut off by the end of the sentence: "(bizops?"
        text = re.sub(r"^I don't know\s+", "", text)
        lead = _GOAL_LEAD.match(text)
        text = _FIND_OUT.sub("", _GOAL_LEAD.sub("", text))  # "find out whether…" is the question "whether…"
        if not text.rstrip("?"):
            return None
        text = inline(text, casing)
        head = text.split(" ", 1)[0]
        if not keeps_capital(head, casing):
            text = text[:1].lower() + text[1:]
        if re.search(r"\b(?:she|he)\b", text, re.I):
            text = _about_self(text)  # "see whether she can get in": a goal written about themselves
        parts = [re.sub(r"^(?:and|also|plus|but|or)\s+", "", part) for part in _ASIDE_BREAK.split(text, maxsplit=1)]
        led = len(parts) == 2 and len(parts[0].split()) <= 8 and bool(_QUESTION_START.match(parts[1]))
        if _DIRECT.match(text) or led:
            # Their own question ("is it hopeless without a CS degree", "I'm 47 — is age a problem"):
            # asked as they typed it, since nothing reads more like them.
            # A lead they wrote ("I want to run samples in a hospital lab — do I need…") stays theirs.
            wants = "I want to " if lead and re.search(r"want|wanna|like|love|hop|try", lead.group(0), re.I) else ""
            asked = f"{wants}{parts[0]} — {parts[1]}" if not _DIRECT.match(text) else text
            return Goal("ask", asked[:1].upper() + asked[1:].rstrip("?.! ") + "?")
        text = text.rstrip("?")
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
        if re.search(r"\bor\b", text) and first.pos_ != "DET":
            # A choice ("MBA first or apply straight to firms"): asked as they put it.
            return Goal("ask", text[:1].upper() + text[1:].rstrip("?.! ") + "?")
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
