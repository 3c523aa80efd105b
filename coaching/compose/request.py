"""The meeting request (email or LinkedIn note) and the polite reminder when it has had no reply.

Moves: connection → who I am, chosen for this contact → why you → what I want to learn → the time
ask → not a job → an easy out. The wording lives in `data/phrasebooks/outreach.yaml` and `nudge.yaml`.
"""

from __future__ import annotations

from coaching.compose.common import SUBJECT_LIMIT, Writer, fit_subject, lower_first, words
from coaching.models import Task
from coaching.reading import Reading

EMAIL_WORDS = 190  # the check allows 200: leave a little room for the person's own edits


def _relation(reading: Reading) -> str:
    relation = reading.connection.relation
    return f", {relation}," if relation else ""


def connection_line(writer: Writer) -> str:
    """The opening: the referrer (and who they are to me), how I know of them, or why this person."""
    reading = writer.reading
    if reading.data.contact.referrer:
        opening = writer.say("connection.referrer", referrer_full=reading.referrer_name, relation=_relation(reading))
        opening = opening.replace(",, ", ", ").replace(",.", ".")
        return " ".join(filter(None, [opening, reading.connection.shared]))
    if reading.connection.known:
        return reading.connection.known
    place = reading.contact_place
    if place and reading.data.contact.role:
        return writer.say("connection.place", place=place)
    if place:
        return writer.say("connection.org", place=place)
    return writer.say("connection.none", **writer.slots())


def _about_me(writer: Writer, count: int) -> str:
    reading = writer.reading
    contact = reading.data.contact
    query = " ".join(filter(None, [reading.role, reading.industry, contact.role, contact.organization]))
    chosen = reading.background_for(query, count, max_words=32)
    if not chosen:
        return ""
    about = " ".join(chosen)
    return writer.say("who.plain", about_me=about, about_me_lower=lower_first(about, reading.casing))


def _why_you(writer: Writer) -> str:
    reading = writer.reading
    # The opening already said where they work when it was the reason for writing.
    said_place = not (reading.data.contact.referrer or reading.connection.known)
    where = "" if said_place or not reading.contact_place else f" as {reading.contact_place}"
    if reading.data.contact.organization and not reading.data.contact.role and where:
        where = f" at {reading.contact_place}"
    move = "why_you.role" if reading.role else "why_you.industry"
    if reading.in_field:
        move += "_inside"  # already in the field: the next step, not a move into it
    return writer.say(move, where=where, **writer.slots())


def _learn(writer: Writer) -> str:
    goal = writer.reading.goal
    return writer.say(f"learn.{goal.kind}", goal=goal.text) if goal and not goal.asks_for_a_job else ""


def subject_line(writer: Writer) -> str:
    slots = writer.slots()
    if writer.data.contact.referrer:
        return fit_subject(writer.say("subject.referrer", **slots), f"Via {writer.reading.referrer}")
    return fit_subject(writer.say("subject.cold", **slots), "A request for advice")


def compose_email(reading: Reading) -> str:
    writer = Writer(Task.outreach, reading)
    slots = writer.slots()
    opening = connection_line(writer)
    ask = " ".join([writer.say("ask", **slots), writer.say("not_a_job", **slots), writer.say("easy_out", **slots)])
    for count, with_goal in ((2, True), (1, True), (1, False), (0, False)):
        middle = " ".join(filter(None, [_why_you(writer), _learn(writer) if with_goal else ""]))
        paragraphs = [" ".join(filter(None, [opening, _about_me(writer, count)])), middle, ask]
        text = writer.letter(subject_line(writer), paragraphs)
        if len(words(text)) <= EMAIL_WORDS:
            return text
    return text


def compose_linkedin(reading: Reading) -> str:
    """A connection note within the account's limit: the fullest version that fits wins."""
    writer = Writer(Task.outreach, reading)
    slots = writer.slots()
    hello = f"Hi {reading.reader},"
    opening = lower_first(connection_line(writer), reading.casing)  # it carries on after "Hi Ana,"
    short_opening = f"{reading.referrer_name} suggested I write." if reading.data.contact.referrer else opening
    about = reading.background_for(reading.role or reading.industry, 1, max_words=16)
    thanks = writer.say("li.thanks", **{**slots, "writer": reading.writer_full})
    ask, short_ask = writer.say("li.ask", **slots), writer.say("li.short_ask", **slots)
    notes = [
        f"{hello} {opening} {' '.join(about)} {ask} {thanks}",
        f"{hello} {opening} {ask} {thanks}",
        f"{hello} {short_opening} {ask} {thanks}",
        f"{hello} {short_opening} {ask} {reading.writer_full}",
        f"{hello} {short_opening} {short_ask} {reading.writer_full}",
        f"{hello} {short_opening} {short_ask} {reading.writer}",
        f"{hello} {short_ask} {reading.writer}",
    ]
    return longest_that_fits([" ".join(note.split()) for note in notes], reading.data.options.linkedin_limit)


def longest_that_fits(notes: list[str], limit: int) -> str:
    """The first note (they go from fullest to shortest) within the LinkedIn limit; the last, cut, if none is."""
    return next((note for note in notes if len(note) <= limit), notes[-1][:limit])


def compose_outreach(reading: Reading) -> str:
    return compose_linkedin(reading) if reading.data.options.channel == "linkedin" else compose_email(reading)


def compose_nudge(reading: Reading) -> str:
    """A short, no-pressure reminder about a week after the request."""
    writer = Writer(Task.nudge, reading)
    slots = writer.slots()
    referred = f" (at {reading.referrer}'s suggestion)" if reading.data.contact.referrer else ""
    body = writer.say("body", referred=referred, **slots)
    if reading.data.options.channel == "linkedin":
        hello, sign = f"Hi {reading.reader},", f"Thanks, {reading.writer_full}"
        notes = [
            f"{hello} {lower_first(body, reading.casing)} {sign}",
            f"{hello} {writer.say('li', **slots)} {sign}",
            f"{hello} {writer.say('li_short', **slots)} {sign}",
            f"{hello} {writer.say('li_short', **slots)}",
        ]
        return longest_that_fits(notes, reading.data.options.linkedin_limit)
    subject = writer.say("subject", **slots)
    return writer.letter(subject if len(subject) <= SUBJECT_LIMIT else "Following up on my note", [body])
