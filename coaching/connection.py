"""How the person is connected to the contact: the referrer, who they are to the person, and how
they know the contact, from what was typed under "how we know" ("my old team lead, they worked
together at Allied Western").

With a referrer, the field usually says two things: who the referrer is to the writer ("my old
team lead") and how the referrer knows the contact ("they worked together at…"). Without one, it says
how the writer knows of the contact ("read his posts on LinkedIn"). Each is restated for the contact
to read; a part whose people cannot be told apart ("she was his postdoc") is left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from coaching.english import is_role_noun, keeps_capital, parse, sentence, tidy, with_article, without_stop
from coaching.names import name_forms
from coaching.restate import SUBJECTS, Edit, name_tokens, shift_person, subject_of

if TYPE_CHECKING:
    from spacy.tokens import Span

    from coaching.reading import Reading

_PARTS = re.compile(r"\s*(?:;|\n|,\s+)\s*")
# "ana's my cousin's wife" is "ana is my cousin's wife" (the parser reads the first 's as a possessive).
_IS = re.compile(r"(?<=\w)['’]s (?=(?:my|a|an|the|one|in|on|our)\b)", re.I)
_OBJECT_PRONOUNS = {"him", "her", "his"}  # "their" is as often an organisation's as the contact's
_GENDER = {"she": "f", "her": "f", "hers": "f", "herself": "f", "he": "m", "him": "m", "his": "m", "himself": "m"}


@dataclass(frozen=True)
class Connection:
    """What the opening of a request can say about how the person and the contact are connected.

    `relation`: who the referrer is to the writer, to stand beside their name ("my old team lead",
    "who was my charge nurse"). `shared`: one sentence the contact will recognise ("I understand you
    and Trish worked together at Allied Western."). `known`: without a referrer, how the writer knows
    of the contact ("I read your posts on LinkedIn about tax equity."). Each is "" when not given.
    """

    relation: str = ""
    shared: str = ""
    known: str = ""


def _parts(text: str) -> list[str]:
    return [without_stop(_IS.sub(" is ", p)) for p in _PARTS.split(text) if without_stop(p)]


def _span(part: str, reading: Reading) -> Span:
    """The parse of one part; its first word lower case unless it is a name, so that a fragment
    such as "Met her at a meetup" is read as a verb and not as a name."""
    text = tidy(part, reading.casing)
    head = text.split(" ", 1)[0]
    if head.lower() not in reading.casing and not keeps_capital(head, reading.casing):
        text = text[:1].lower() + text[1:]
    return next(iter(parse(without_stop(text) + ".").sents))


def _genders(span: Span) -> set[str]:
    return {_GENDER[t.lower_] for t in span if t.lower_ in _GENDER}


def _is_noun_phrase(span: Span) -> bool:
    return not any(t.pos_ in ("VERB", "AUX") for t in span)


def _to_reader(span: Span, reading: Reading) -> str:
    """A clause about the contact (by name or as she/he) said to them: "you were my captain…"."""
    edit = Edit(span, reading.casing)
    shift_person(edit, span, name_tokens(span, _reader_forms(reading)), "you", pronouns=True)
    return edit.render()


def _reader_forms(reading: Reading) -> set[str]:
    return name_forms(reading.data.contact.name)


def _known(reading: Reading, parts: list[str]) -> str:
    """Without a referrer: how the writer knows of the contact, said to them."""
    reader = _reader_forms(reading)
    best = ""
    for part in parts:
        span = _span(part, reading)
        subject = subject_of(span.root)
        first = span[0]
        mentions_reader = bool(name_tokens(span, reader)) or any(t.lower_ in _GENDER for t in span)
        if _is_noun_phrase(span):
            text = tidy(part, reading.casing)
            said = f"I know of you through {text[:1].lower() + text[1:]}" if "my" not in text.lower().split() else ""
            said = said if not said or len(text.split()) <= 8 else ""
        elif subject is None or subject.i > first.i:
            edit = Edit(span, reading.casing)
            names = name_tokens(span, reader)
            if first.lemma_.lower() in ("meet", "speak", "talk", "work", "study", "serve", "train"):
                # "met her at a BSides meetup": something two people did, so "we".
                for token in span:
                    if token.i in names or (token.lower_ in _OBJECT_PRONOUNS and token.dep_ in ("dobj", "pobj")):
                        edit.drop(token)
                        previous = span.doc[token.i - 1] if token.i > span.start else None
                        if previous is not None and previous.lower_ == "with" and token.dep_ == "pobj":
                            edit.drop(previous)
                edit.lower_first()
                edit.before = "We "
            else:
                shift_person(edit, span, names, "you", pronouns=True)
                edit.lower_first()
                edit.before = "I "
            said = edit.render()
        elif subject.lower_ in ("we", "i") or subject.i in name_tokens(span, reader) or subject.lower_ in _GENDER:
            said = _to_reader(span, reading)
        else:
            said = ""
        if said and (mentions_reader or not best):
            best = sentence(said)
            if mentions_reader:
                break
    return best


def _with_referrer(reading: Reading, parts: list[str]) -> tuple[str, str]:
    """Who the referrer is to the writer ("my old team lead", "who was my charge nurse"), and how
    they know the contact ("I understand you and Trish worked together at Allied Western.")."""
    referrer = name_forms(reading.referrer_name)
    reader = _reader_forms(reading)
    relation, shared = reading.referrer_descriptor, ""
    topic_is_referrer = False  # the part before spoke of the referrer, so "she" is them
    for part in parts:
        span = _span(part, reading)
        subject, first = subject_of(span.root), span[0]
        if _is_noun_phrase(span) and _names_a_relation(span):
            text = without_stop(span.text)
            text = text if keeps_capital(text.split()[0], reading.casing) else text[:1].lower() + text[1:]
            relation = relation or (text if text.lower().startswith(("my ", "our ")) else with_article(text))
            continue
        if subject is None or subject.i > first.i:
            if first.lower_ == "met" and not relation:
                relation = f"who I {span.text[:1].lower() + span.text[1:]}"  # "met through church"
            continue
        people = {t.i for t in subject.subtree}
        if any(t.lower_ in ("i", "we") for t in subject.subtree):
            topic_is_referrer = bool(people & name_tokens(span, referrer))  # "Sarah and I were analysts…"
            continue
        pronoun = subject.lower_ in _GENDER
        about_reader = bool(people & name_tokens(span, reader))
        about_referrer = bool(people & name_tokens(span, referrer)) or (
            pronoun and (topic_is_referrer or len(_genders(span)) == 1)
        )
        if any(t.lower_ in ("it", "there", "that", "this") and t.dep_ != "det" for t in span if t.i not in people):
            continue  # "tariq cut it": what "it" is was said somewhere else
        edit = Edit(span, reading.casing)
        if about_referrer and not about_reader and not subject.conjuncts:
            shift_person(edit, span, name_tokens(span, reader), "you", pronouns=False)
            for token in span:
                if token.i in people:
                    edit.drop(token)
                elif token.lower_ in _OBJECT_PRONOUNS and token.dep_ not in SUBJECTS:
                    edit.set(token, "your" if token.tag_ == "PRP$" else "you")
            rest = edit.render()
            rest = rest[:1].lower() + rest[1:]
            mine = re.search(r"\b(?:my|me|I|our|us)\b", rest) and not re.search(r"\byour?\b", rest, re.I)
            described = re.match(r"(?:is|was)\s+(?:a|an|the)\b", rest)  # "dom's a session drummer"
            if (mine or described) and not relation:
                relation = f"who {rest}"
            elif not mine:
                who = subject.text.lower() if pronoun else reading.referrer
                space = "" if rest.startswith(("'", "’")) else " "
                shared = shared or sentence(f"I understand {who}{space}{rest}")
            topic_is_referrer = True
        elif subject.lower_ == "they" or about_reader:
            # "they worked together at X", "she and Dana did the go-live together", "Martin edited her memoir"
            shift_person(edit, span, name_tokens(span, reader) - people, "you", pronouns=False)
            for token in span:
                if token.i in people:
                    edit.drop(token)
                elif token.tag_ == "PRP$" and token.lower_ in _OBJECT_PRONOUNS:
                    edit.set(token, f"{reading.referrer}'s")
            together = subject.lower_ == "they" or bool(subject.conjuncts)
            verb = edit.render()
            verb = re.sub(r"^(is|was|has)\b", lambda m: {"is": "are", "was": "were", "has": "have"}[m.group(1)], verb)
            shared = shared or sentence(f"I understand {'you and ' + reading.referrer if together else 'you'} {verb}")
            topic_is_referrer = False
    return relation, shared


def _names_a_relation(span: Span) -> bool:
    """ "my old team lead", "friend from uni", "former colleague": who someone is to someone."""
    first = span[0].lower_
    return first in ("my", "our", "old", "former", "ex", "a", "an") or any(is_role_noun(t) for t in span)


def read_connection(reading: Reading) -> Connection:
    how = reading.data.contact.how_we_know
    parts = _parts(how)
    if not parts:
        return Connection()
    if reading.data.contact.referrer:
        relation, shared = _with_referrer(reading, parts)
        return Connection(relation=without_stop(relation), shared=shared)
    return Connection(known=_known(reading, parts))


__all__ = ["Connection", "read_connection"]
