"""After the meeting: the thank-you now, the longer note a month later, and the note to the referrer.

Each is its own draft. What the contact said is restated to them ("you said…"), what the person did
is reported as it happened (a name only emailed is never thanked as a conversation), and the
wording lives in `data/phrasebooks/thank_you.yaml`, `follow_up.yaml` and `referrer_note.yaml`.
"""

from __future__ import annotations

from coaching.actions import Action
from coaching.compose.common import Writer, capitalised, clip_words, fit_subject, when, words
from coaching.english import content_words, join_names
from coaching.models import Task
from coaching.names import given_name
from coaching.reading import Reading
from coaching.restate import Point

THANK_YOU_WORDS = 140
FOLLOW_UP_WORDS = 210


def _point(writer: Writer, point: Point | None) -> str:
    if point is None:
        return ""
    text = clip_words(point.to_reader, 28)
    return writer.say(f"point.{point.kind}", point=text, point_cap=capitalised(text))


def _goal_short(reading: Reading) -> str:
    """The goal as a short noun phrase for a closing line ("the move into health tech" otherwise)."""
    goal = reading.goal
    if goal and goal.kind == "thing" and len(goal.text.split()) <= 6:
        return goal.text
    return ""


def compose_thank_you(reading: Reading) -> str:
    writer = Writer(Task.thank_you, reading)
    slots = writer.slots()
    said_when, when_short = when(reading.data.meeting.date)
    thanks = writer.say("thanks", when=said_when, when_short=when_short, **slots)
    referrals = reading.referrals
    them = "them" if len(referrals) > 1 else given_name(referrals[0]) if referrals else ""
    names_line = writer.say("names", names=join_names(referrals), them=them) if referrals else ""
    goal = _goal_short(reading)
    close = writer.say("close.goal", goal_short=goal, **slots) if goal else writer.say("close.industry", **slots)
    subject = fit_subject(writer.say("subject", when_short=when_short, **slots), "Thank you")
    for point in (reading.key_point, None):
        text = writer.letter(subject, [" ".join(filter(None, [thanks, _point(writer, point)])), names_line, close])
        if len(words(text)) <= THANK_YOU_WORDS:
            return text
    return text


def _did(actions: list[Action], to_reader: bool = True) -> str:
    """What was done, in one clause: "I read the book you recommended, emailed Priya and met Hana"
    (to someone else, the contact is named: "the book Dana recommended")."""
    clauses = [action.said(to_reader, about=not to_reader) for action in actions]
    pairs = zip(actions[1:], clauses[1:], strict=True)
    rest = [clause if action.own_subject else clause.removeprefix("I ") for action, clause in pairs]
    return join_names([clauses[0], *rest])


def _changed(writer: Writer, actions: list[Action]) -> str:
    """What their advice changed: said only when an action plainly takes up a point they made (two
    words in common, "the RAC course"), never as a cause the person did not give."""
    done = set().union(*(content_words(a.did) for a in actions)) if actions else set()
    for point in writer.reading.points:
        shared = content_words(point.to_reader) & done
        if point.kind == "said" and len(shared) >= 2 and len(point.to_reader.split()) <= 20:
            return writer.say("changed", point=point.to_reader)
    return ""


def _next(writer: Writer, actions: list[Action]) -> str:
    reading = writer.reading
    touched = {person for action in reading.actions for person in action.people}  # written to counts too
    pending = [name for name in reading.referrals if name not in touched]
    if pending:
        return writer.say("next.people", names=join_names(pending))
    # Their goal is not restated as the next step: the meeting may well have answered it.
    return ""


def compose_follow_up(reading: Reading) -> str:
    writer = Writer(Task.follow_up, reading)
    slots = writer.slots()
    opening = writer.say("open", **slots)
    # What was done, as it happened: not "haven't emailed Dee", and not someone else's news.
    actions = [a for a in reading.actions if not a.negated and not a.own_subject][:3]
    report = [opening]
    if actions:
        report.append(writer.say("did", did=_did(actions)))
    met = [p for a in actions if a.kind == "met" for p in a.people if p in reading.referrals]
    waiting = [p for a in reading.actions if a.waiting for p in a.people if p in reading.referrals]
    if met:
        report.append(writer.say("met_thanks", names=join_names(met), names_cap=capitalised(join_names(met)),
                                 was="were" if len(met) > 1 else "was"))  # fmt: skip
    if waiting:
        report.append(writer.say("waiting", names=join_names(waiting), names_cap=capitalised(join_names(waiting)),
                                 has="have" if len(waiting) > 1 else "has"))  # fmt: skip
    changed = _changed(writer, actions)
    offer = writer.say("offer.plain", **slots)
    subject = fit_subject(writer.say("subject", **slots), "An update")
    body = [" ".join(report), " ".join(filter(None, [changed, _next(writer, actions)])),
            " ".join([writer.say("more_names", **slots), offer])]  # fmt: skip
    text = writer.letter(subject, body)
    if len(words(text)) > FOLLOW_UP_WORDS:
        text = writer.letter(subject, [" ".join(report[:2]), _next(writer, actions), body[2]])
    return text


def compose_referrer_note(reading: Reading) -> str:
    """A short note to whoever made the introduction: we talked, what I took from it, what I did."""
    writer = Writer(Task.referrer_note, reading)
    slots = {**writer.slots(), "contact": reading.reader}
    said_when, _ = when(reading.data.meeting.date)
    thanks = writer.say("thanks", when=said_when or " recently", **slots)
    point = reading.key_point
    if point is not None and point.kind in ("said", "claim", "about"):
        heard = writer.say("point", point=clip_words(point.about, 28))
    else:
        topic = clip_words(point.about, 20) if point is not None else reading.industry
        heard = writer.say("topic", topic=topic)
    done = [a for a in reading.actions if a.kind in ("met", "alone") and not a.own_subject and not a.negated][:2]
    helped = writer.say("helped", did=_did(done, to_reader=False)) if done else ""
    subject = fit_subject(writer.say("subject", **slots), "Thank you for the introduction")
    greeting = writer.greeting(reading.referrer_name)
    return writer.letter(subject, [" ".join([thanks, heard]), helped, writer.say("close", **slots)], greeting)
