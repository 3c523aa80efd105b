"""Restating a parsed sentence in another person: the writer's notes about themselves in the first
person, and notes about the reader in the second ("Says most buyers learn on the job" → "you said
most buyers learn on the job").

Each function takes one sentence of a spaCy parse and returns the new wording, or None when the
sentence cannot be read with confidence: a draft then uses less of the field rather than paste it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from coaching.english import is_role_noun, keeps_capital, sentence, with_article, without_stop, words
from coaching.names import TITLES

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

SUBJECTS = ("nsubj", "nsubjpass")
_THIRD = {"she", "he", "they"}
_POSSESSIVE = {"her", "his", "their"}
_OBJECT = {"him", "her", "them"}
_REFLEXIVE = {"herself", "himself", "themselves", "themself"}
_DURATION = {"year", "month", "decade", "week", "yr"}
# Dependencies of a verb that heads a clause of its own (not "Registered" in "Registered nurse").
_CLAUSE_DEPS = {"ROOT", "conj", "advcl", "ccomp", "xcomp", "dep", "parataxis"}
# What a participle may carry and still read as passive: "Shortlisted at Cannes in 2019", "Promoted twice".
_PASSIVE_ONLY = {"prep", "advmod", "npadvmod", "punct", "agent", "cc", "conj", "advcl"}
# Words before "5 years" that already say how it relates: "the last 5 years", "about 5 years".
_BEFORE_DURATION = {
    "last",
    "first",
    "past",
    "the",
    "about",
    "almost",
    "nearly",
    "over",
    "around",
    "like",
    "for",
    "approximately",
    "roughly",
    "some",
    "another",
    "only",
    "just",
}


class Edit:
    """A sentence's tokens with some replaced or dropped, rendered with their own spacing."""

    def __init__(self, span: Span, casing: dict[str, str] | None = None) -> None:
        self.span = span
        self.casing = casing or {}
        self.text = {token.i: token.text for token in span}
        self.before = ""

    def set(self, token: Token, text: str) -> None:
        self.text[token.i] = text

    def drop(self, token: Token) -> None:
        self.text[token.i] = ""

    def lower_first(self) -> None:
        """The first word continues a sentence now, so it loses a capital it had only for starting one."""
        first = next((t for t in self.span if self.text[t.i]), None)
        current = self.text[first.i] if first is not None else ""
        if first is None or not current[:1].isupper() or keeps_capital(current, self.casing):
            return
        # A name the parser recognised keeps its capital when it runs on into another ("Calder Health").
        following = first.nbor() if first.i + 1 < len(first.doc) else None
        name_run = first.tag_ in ("NNP", "NNPS") and following is not None and following.is_title
        # Only a capital the person's own word had for starting the sentence goes; a name put in here stays.
        if (not name_run or is_role_noun(first)) and current == first.text:
            self.text[first.i] = current[:1].lower() + current[1:]

    def render(self) -> str:
        pieces: list[list[str]] = []
        for token in self.span:
            text = self.text[token.i]
            if text:
                pieces.append([text, token.whitespace_])
            elif pieces and token.whitespace_:
                pieces[-1][1] = token.whitespace_  # "teacher, 11 years" without its comma keeps the space
        joined = self.before + "".join(text + space for text, space in pieces)
        return " ".join(joined.split()).replace(" ,", ",").replace(" .", ".")


def subject_of(root: Token) -> Token | None:
    """The subject of a verb: its own, or one the parser hung on its auxiliary ("She's worked")."""
    own = next((child for child in root.children if child.dep_ in SUBJECTS), None)
    if own is not None:
        return own
    helpers = {c.i for c in root.children if c.dep_ in ("aux", "auxpass")}
    before = root.doc[root.sent.start : root.i]
    return next((t for t in before if t.dep_ in SUBJECTS and t.head.i in helpers | {root.i}), None)


def name_tokens(span: Span, names: set[str]) -> set[int]:
    """Indexes of the tokens that spell one of `names` (lower case: "dana", "dana okonjo", "okonjo"),
    with a title before it ("Prof. Hargrove") and a short form of a first name ("Greg" for Gregory)."""
    found: set[int] = set()
    tokens = list(span)
    given = {name.split()[0] for name in names if name}
    for start, token in enumerate(tokens):
        for name in names:
            parts = name.split()
            window = tokens[start : start + len(parts)]
            if len(window) == len(parts) and [t.lower_ for t in window] == parts:
                found |= {t.i for t in window}
        short = token.lower_
        if token.is_title and len(short) >= 3 and any(g.startswith(short) and g != short for g in given):
            found.add(token.i)
    for index in sorted(found):
        before = span.doc[index - 1] if index > span.start else None
        if before is not None and before.text == "." and before.i > span.start:
            before = span.doc[before.i - 1] if before.nbor(-1).lower_.rstrip(".") in TITLES else None
            if before is not None:
                found.add(before.i + 1)  # "Capt" "." "Lopes": the stop belongs to the title
        if before is not None and before.lower_.rstrip(".") in TITLES:
            found.add(before.i)
    return found


_CONTRACTIONS = {"'ll": "will", "'d": "would", "'s": "is", "'ve": "have", "'re": "are", "'m": "am"}


def present_plural(verb: str) -> str:
    """ "hates" → "hate", "tries" → "try", "watches" → "watch": the form after "I", "you" or "they"."""
    lower = verb.lower()
    if lower in ("is", "has", "does", "was"):
        return {"is": "are", "has": "have", "does": "do", "was": "were"}[lower]
    if lower.endswith("ies") and len(lower) > 4:
        return verb[:-3] + "y"
    if lower.endswith(("ches", "shes", "sses", "xes", "zzes", "oes")):
        return verb[:-2]
    return verb[:-1] if lower.endswith("s") and not lower.endswith("ss") else verb


def _agree(edit: Edit, verb: Token, person: str) -> None:
    """Make `verb` (or its first auxiliary) agree with a new subject, "I" or "you"."""
    aux = next((c for c in verb.children if c.dep_ in ("aux", "auxpass") and c.i < verb.i), None)
    target = aux or verb
    lower = target.lower_
    mine = person == "I"
    be = {"is": "am" if mine else "are", "'s": "'m" if mine else "'re", "was": "was" if mine else "were"}
    if lower in be:
        if lower == "'s" and aux is not None and verb.tag_ == "VBN" and verb.lower_ not in words().state_participles:
            edit.set(target, "'ve")  # "she's worked there" is "has worked"
        else:
            edit.set(target, be[lower])
    elif lower in ("has", "does"):
        edit.set(target, {"has": "have", "does": "do"}[lower])
    elif target.tag_ == "VBZ":
        edit.set(target, present_plural(target.text))
    # "She runs a store and has 60 staff": the second verb shares the subject.
    for conj in verb.children:
        if conj.dep_ == "conj" and conj.pos_ in ("VERB", "AUX") and subject_of(conj) is None:
            _agree(edit, conj, person)


def shift_person(edit: Edit, span: Span, who: set[int], person: str, pronouns: bool, plural: bool = True) -> None:
    """Replace the person spelt by tokens `who` (and, with `pronouns`, she/he and her/his, and with
    `plural` they/them/their too) by `person` ("I" or "you"), making each verb they are the subject of agree."""
    possessive, objective, reflexive = ("my", "me", "myself") if person == "I" else ("your", "you", "yourself")
    done_names: set[int] = set()
    for token in span:
        lower = token.lower_
        if token.i in who:
            if token.i in done_names:
                continue
            run = {token.i}
            nxt = token
            while nxt.i + 1 in who:
                nxt = nxt.nbor()
                run.add(nxt.i)
            done_names |= run
            last = span.doc[max(run)]
            head_dep = last.dep_
            for i in run:
                edit.set(span.doc[i], "")
            if last.i + 1 < len(span.doc) and span.doc[last.i + 1].tag_ == "POS":  # "Dana's team" → "your team"
                edit.set(span.doc[last.i + 1], "")
                edit.set(token, possessive)
            elif head_dep in SUBJECTS:
                edit.set(token, person)
                _agree(edit, last.head, person)
            else:
                edit.set(token, objective)
        elif pronouns and not plural and lower in ("they", "them", "their", "themselves"):
            continue
        elif pronouns and lower in _THIRD and token.dep_ in SUBJECTS:
            edit.set(token, person)
            _agree(edit, token.head, person)
        elif pronouns and lower in _POSSESSIVE and token.tag_ == "PRP$":
            edit.set(token, possessive)
        elif pronouns and lower in _OBJECT and token.tag_ == "PRP":
            edit.set(token, objective)
        elif pronouns and lower in _REFLEXIVE:
            edit.set(token, reflexive)


# --- the writer, in the first person ---------------------------------------------------------------


def _for_duration(edit: Edit, span: Span) -> bool:
    """ "Senior buyer, eleven years in grocery" → "…buyer for eleven years in grocery": a bare length
    of time gets its "for". Returns whether there was one."""
    for token in span:
        numbers = [c for c in token.children if c.dep_ == "nummod"]
        if token.lemma_.lower() not in _DURATION or not numbers:
            continue
        number = min(numbers, key=lambda c: c.i)
        before = span.doc[number.i - 1] if number.i > span.start else None
        if before is None or before.pos_ == "ADP" or before.lower_ in _BEFORE_DURATION:
            return True
        if before.text == ",":
            edit.drop(before)
        edit.set(number, f"for {number.text}")
        return True
    return False


def _has_duration(span: Span) -> bool:
    return any(t.lemma_.lower() in _DURATION and any(c.dep_ == "nummod" for c in t.children) for t in span) or any(
        t.lower_ == "since" for t in span
    )


def _lead(span: Span) -> Token:
    """The verb or noun a sentence is built on: its root, unless it opens with a verb of its own
    that has no subject ("Made 3 small games, one got 2k downloads" leads with "Made")."""
    first = next((t for t in span if not t.is_punct and t.pos_ not in ("ADV", "INTJ", "CCONJ")), span.root)
    if first.tag_ in ("VBD", "VBN", "VBG", "VBZ") and first.dep_ in _CLAUSE_DEPS:
        subject = subject_of(first)
        if subject is None or subject.i > first.i:  # "Did an MA in…" is not a question with "MA" as subject
            return first
    return span.root


def writes_of_self_in_third_person(doc: Doc, writer: set[str]) -> bool:
    """Whether a background is written about its author ("Maria has worked…", "She runs…")."""
    first = next(iter(doc.sents), None)
    if first is None:
        return False
    subject = subject_of(first.root)
    return subject is not None and (subject.lower_ in ("she", "he") or bool({subject.i} & name_tokens(first, writer)))


def first_person(
    span: Span, writer: set[str], casing: dict[str, str] | None = None, *, third_person: bool = False
) -> str | None:
    """A sentence the person wrote about themselves, as they would say it: "I've been a registered
    nurse for nine years." With `third_person`, the background speaks of them as "she" or by name.
    None when it is not clear whom or what the sentence is about."""
    table = words()
    lead = _lead(span)
    subject = subject_of(lead)
    edit = Edit(span, casing)
    if span.text.rstrip().endswith("?"):
        return None
    if subject is not None and subject.i > lead.i:
        subject = None  # a fragment the parser gave a subject after its verb
    if any(c.dep_ == "csubj" for c in span.root.children):
        return sentence(edit.render())  # "Sitting at a desk all day is wrecking me": whole as it is
    if subject is not None:
        own = name_tokens(span, writer)
        if subject.i in own or (third_person and subject.lower_ in ("she", "he")):
            shift_person(edit, span, own, "I", pronouns=third_person)
            return sentence(edit.render())
        if lead.tag_ == "VBN" and lead.lower_ in table.state_participles and subject.i == span.start:
            edit.before = "I'm "  # "TESOL certified." is "I'm TESOL certified."
            return sentence(edit.render())
        bare = subject.pos_ == "NOUN" and not any(c.dep_ in ("det", "poss") for c in subject.children)
        # "Local newspaper reporter 10 years, covered city hall": a CV line, not a sentence about someone else.
        return (
            None
            if (bare and subject.i == span.start) or (bare and subject.left_edge.i == span.start)
            else sentence(edit.render())
        )
    tag, lower, pos = lead.tag_, lead.lower_, lead.pos_
    first = span[0]
    if pos in ("VERB", "AUX") and lead.i - span.start > 2 and first.lower_ != "been":
        return None  # the verb comes late ("15 years of shifts is enough, want to…"): not a CV line to prefix
    # A CV line leaves its subject out, so "taught himself" and "led her team" are the writer's.
    for token in span:
        if token.lower_ in _REFLEXIVE - {"themselves", "themself"}:
            edit.set(token, "myself")
        elif token.lower_ in ("his", "her") and token.tag_ == "PRP$":
            edit.set(token, "my")
    if first.lower_ in ("has", "is", "does") and first.dep_ in ("aux", "auxpass"):
        edit.set(first, {"has": "have", "is": "am", "does": "do"}[first.lower_])  # "has scored" → "I have scored"
        edit.drop(first)
        _for_duration(edit, span)
        edit.before = "I've been "
    elif (
        pos in ("VERB", "AUX")
        and tag == "VBN"
        and (lower in table.state_participles or lead.lemma_.lower() in table.state_participles)
    ) or (pos in ("VERB", "AUX") and tag == "VBG"):
        edit.before = "I'm "
    elif pos in ("VERB", "AUX") and tag == "VBN" and {c.dep_ for c in lead.children} <= _PASSIVE_ONLY:
        edit.before = "I was "  # "Shortlisted at Cannes in 2019"; "watched soldiers get sold…" is active
    elif pos in ("VERB", "AUX") and tag in ("VBD", "VBN", "VBP", "VB"):
        edit.before = "I "
    elif pos == "ADJ" and lead.i == span.root.i:
        edit.before = "I'm "
    elif pos in ("NOUN", "PROPN") and lead.i == span.root.i:
        return _noun_fragment(span, edit)
    else:
        return None
    edit.lower_first()
    return sentence(edit.render())


def _noun_fragment(span: Span, edit: Edit) -> str | None:
    """ "Registered nurse for nine years" → "I've been a registered nurse for nine years"."""
    table = words()
    root = span.root
    first = span[0]
    if first.like_num and len(span) > 1 and span[1].lemma_.lower() in _DURATION:
        after = span[2] if len(span) > 2 else None
        if after is None:
            return None
        edit.lower_first()
        if after.lower_ in table.have_nouns:  # "3 years experience in logistics"
            edit.before = "I have "
            edit.set(span[1], f"{span[1].text} of")
            return sentence(edit.render())
        if after.pos_ != "ADP":
            edit.set(span[1], f"{span[1].text} in")  # "8 years ICU" is eight years in the ICU
        edit.before = "I spent "
        return sentence(edit.render())
    numbers = [c for c in root.children if c.dep_ == "nummod"]
    if root.lemma_.lower() in _DURATION and numbers and numbers[0].i > span.start:
        # "Firefighter/EMT 15 years": the role, then for how long.
        before = span.doc[span.start : numbers[0].i]
        if any(is_role_noun(t) for t in before):
            role = before.text
            if not keeps_capital(before[0].text, edit.casing):
                role = role[:1].lower() + role[1:]
            rest = span.doc[numbers[0].i : span.end].text.rstrip(" .")
            return sentence(f"I've been {with_article(role)} for {rest}")
    if first.lower_ in ("former", "ex", "ex-", "retired"):
        edit.drop(first)
        _for_duration(edit, span)
        edit.lower_first()
        rest = edit.render()
        return sentence(f"I was {with_article(rest)}") if rest else None
    countable = table.have_nouns.get(root.lower_, table.have_nouns.get(root.lemma_.lower()))
    first_noun = next((t for t in span if t.pos_ in ("NOUN", "PROPN")), root)
    if countable is not None and first_noun.i == root.i:
        edit.lower_first()
        text = edit.render()
        has_det = any(c.dep_ in ("det", "poss", "nummod") for c in root.children)
        return sentence(f"I have {with_article(text) if countable and not has_det else text}")
    if not is_role_noun(root):
        return None
    duration = _for_duration(edit, span)
    edit.lower_first()
    text = edit.render()
    verb = "I've been" if duration or _has_duration(span) else "I'm"
    return sentence(f"{verb} {with_article(text)}")


# --- the reader, in the second person --------------------------------------------------------------


@dataclass(frozen=True)
class Point:
    """One thing from the meeting notes, ready to use on its own.

    `kind` is "said" (their view or advice), "about" (a fact about them), "claim" (a statement
    about the field), "ours" (what we or I did) or "topic" (a subject, as a phrase).
    `to_reader` speaks to them ("you said…"); `about` speaks of them by name, for someone else.
    """

    kind: str
    to_reader: str
    about: str


def _said(edit: Edit, verb: Token) -> None:
    """ "says" and "thinks" become "said": the meeting is over, and they said it then."""
    past = words().speech_verbs.get(verb.lemma_.lower())
    if past and verb.tag_ in ("VBZ", "VBP", "VB"):
        edit.set(verb, past)


def named(edit: Edit, span: Span, own: set[int], name: str) -> None:
    """Spell the reader by `name` (as the person wrote it elsewhere) wherever the note names them,
    and for "she" or "he" as a subject ("She'll keep…" → "Dana will keep…")."""
    done = False
    for token in span:
        if token.i in own:
            edit.set(token, "" if done else name)
            done = True
            continue
        done = False
        if token.lower_ in ("her", "his") and token.tag_ == "PRP$":
            edit.set(token, f"{name}'s")  # "her team uses SAP" → "Dana's team uses SAP"
        if token.lower_ in ("she", "he") and token.dep_ in SUBJECTS:
            edit.set(token, name)
            following = token.nbor() if token.i + 1 < len(token.doc) else None
            if following is not None and following.lower_ in _CONTRACTIONS:
                edit.set(token, f"{name} ")  # "she'd" has no space before "'d": "Camille would"
                edit.set(following, _CONTRACTIONS[following.lower_])


def _speech_lead(span: Span) -> Token | None:
    """The verb of a note that opens by reporting what the reader said: "Says…", "Told me…", "Thinks…"."""
    first = next((t for t in span if not t.is_punct), None)
    if first is None or (subject_of(first) is not None and subject_of(first).i < first.i):
        return None
    if first.lemma_.lower() in words().speech_verbs and first.tag_ in ("VBZ", "VBD", "VBN", "VBP"):
        return first
    return None


def about_reader(span: Span, reader: set[str], reader_name: str, casing: dict[str, str] | None = None) -> Point | None:
    """A note the person took about the reader, restated to them ("you said…") and about them
    ("Dana said…"), for a note to someone else. `reader` holds the names they go by, in lower case."""
    own = name_tokens(span, reader)
    to_edit, about_edit = Edit(span, casing), Edit(span, casing)
    named(about_edit, span, own, reader_name)
    first = next((t for t in span if not t.is_punct), None)
    if first is None:
        return None
    # "Gretchen: most brewers start on the canning line" is what Gretchen said.
    colon = first.nbor() if first.i + 1 < span.end else None
    if first.i in own and colon is not None and colon.text == ":":
        for edit in (to_edit, about_edit):
            edit.drop(first)
            edit.drop(colon)
            edit.lower_first()
        to_edit.before, about_edit.before = "you said ", f"{reader_name} said "
        return Point("said", without_stop(to_edit.render()), without_stop(about_edit.render()))
    lead = _speech_lead(span)
    subject = subject_of(span.root) if lead is None else None
    if lead is None and subject is None and first.tag_ == "VB" and first.dep_ in _CLAUSE_DEPS:
        # "Ship small polished stuff": advice, written as they gave it.
        for edit in (to_edit, about_edit):
            edit.lower_first()
        to_edit.before, about_edit.before = "you said to ", f"{reader_name} said to "
        shift_person(to_edit, span, own, "you", pronouns=True)
        return Point("said", without_stop(to_edit.render()), without_stop(about_edit.render()))
    root = lead or span.root
    if lead is not None or (subject is None and root.pos_ in ("VERB", "AUX") and root.tag_ in ("VBZ", "VBD", "VBN")):
        # "Says most buyers learn on the job": a note with the reader as the unspoken subject.
        speech = lead is not None
        shift_person(to_edit, span, own, "you", pronouns=True)
        for edit in (to_edit, about_edit):
            if speech:
                _said(edit, root)
            edit.lower_first()
        if not speech and root.tag_ == "VBZ":
            to_edit.set(root, present_plural(root.text))
        to_edit.before, about_edit.before = "you ", f"{reader_name} "
        return Point("said" if speech else "about", without_stop(to_edit.render()), without_stop(about_edit.render()))
    if subject is not None:
        lower = subject.lower_
        if lower in ("we", "i"):
            if lower == "we":
                to_edit.lower_first()
            text = without_stop(to_edit.render())
            return Point("ours", text, text)
        is_reader = subject.i in own or lower in _THIRD
        speech = root.lemma_.lower() in words().speech_verbs
        shift_person(to_edit, span, own, "you", pronouns=True)
        if is_reader and speech:
            _said(to_edit, root)
            _said(about_edit, root)
        to_edit.lower_first()
        about_edit.lower_first()
        kind = ("said" if speech else "about") if is_reader else "claim"
        return Point(kind, without_stop(to_edit.render()), without_stop(about_edit.render()))
    # A fragment: what was discussed, as a phrase ("how hazard logs are kept", "portfolios vs degrees").
    shift_person(to_edit, span, own, "you", pronouns=True)
    to_edit.lower_first()
    about_edit.lower_first()
    return Point("topic", without_stop(to_edit.render()), without_stop(about_edit.render()))
