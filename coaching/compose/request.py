"""The meeting request (email or LinkedIn note) and the polite reminder when it has had no reply."""

from __future__ import annotations

import re

from coaching.compose.common import (
    as_sentence,
    contact_place,
    first_name,
    fit_subject,
    greeting,
    lower_first,
    role_phrase,
    short_background,
    signature,
    tone_of,
    without_stop,
)
from coaching.models import CoachInput

# Words that show how_we_know already reads as a sentence of its own, or starts with what "I" did.
_OWN_SUBJECT = re.compile(r"^(i|we|my|our)\b", re.I)
_PAST_VERB = re.compile(r"^(read|met|saw|heard|spoke|worked|attended|listened|found|follow(ed)?|watched|\w+ed)\b", re.I)
# Things two people do together: "met at the ACS conference" is "We met at…", not "I met at…".
_TOGETHER = re.compile(r"^(met|spoke|talked|worked|studied|chatted|connected|served|trained)\b", re.I)


def connection_line(data: CoachInput) -> str:
    """The opening: the referrer, or how the person knows the contact, or why this person."""
    tone = tone_of(data).name
    referrer = data.contact.referrer
    if referrer:
        return {
            "warm": f"{referrer} suggested I get in touch with you.",
            "formal": f"{referrer} kindly suggested that I contact you.",
            "brief": f"{referrer} suggested I write to you.",
        }[tone]
    how = without_stop(data.contact.how_we_know)
    if how:
        if _OWN_SUBJECT.match(how):
            return as_sentence(how)
        if _TOGETHER.match(how):
            return as_sentence(f"We {how[0].lower()}{how[1:]}")
        if _PAST_VERB.match(how):
            return as_sentence(f"I {how[0].lower()}{how[1:]}")
        return as_sentence(f"I know of you through {lower_first(how)}")
    place = contact_place(data)
    industry = data.profile.target_industry
    if not place:
        return {
            "warm": f"I'm writing to ask for your view of {industry}.",
            "formal": f"I am writing to ask for your perspective on {industry}.",
            "brief": f"I'm writing for your view of {industry}.",
        }[tone]
    return {
        "warm": f"I'm writing to you because of your work {place}.",
        "formal": f"I am writing to you because of your work {place}.",
        "brief": f"I'm writing because of your work {place}.",
    }[tone]


def _why_you(data: CoachInput) -> str:
    tone = tone_of(data).name
    industry = data.profile.target_industry
    role = data.profile.target_role
    aim = f"{industry}, in particular work as {role_phrase(role)}" if role else industry
    # The opening already said where they work when there was no referrer or shared history.
    said_already = not (data.contact.referrer or data.contact.how_we_know)
    place = "" if said_already else contact_place(data)
    where = f" {place}" if place else ""
    comma = "," if role else ""
    return {
        "warm": f"I'm exploring a move into {aim}{comma} and your experience{where} is the view I'm missing.",
        "formal": f"I am exploring a move into {aim}{comma} and would value your perspective{where}.",
        "brief": f"I'm moving towards {aim}; your view{where} would help.",
    }[tone]


def _ask(data: CoachInput) -> str:
    minutes = data.options.minutes
    return {
        "warm": f"Would you have {minutes} minutes for a call or a coffee, at a time that suits you? "
        "I'm not asking about jobs; I'd simply value your advice on how people get into the field.",
        "formal": f"Might you be able to spare {minutes} minutes for a conversation, at a time and in a way "
        "that suits you? I am not asking about vacancies; I would value your advice on the field.",
        "brief": f"Could you spare {minutes} minutes, whenever suits you? I'm after advice, not a job.",
    }[tone_of(data).name]


def subject_line(data: CoachInput) -> str:
    """A short subject: the referrer's name opens doors, else the field."""
    if data.contact.referrer:
        subject = f"{data.contact.referrer} suggested I write"
    else:
        subject = f"{data.options.minutes} minutes of advice on {data.profile.target_industry}?"
    return fit_subject(subject, f"Advice on {data.profile.target_industry}")


def compose_email(data: CoachInput) -> str:
    about_me = short_background(data)
    intro = {"warm": "A little about me", "formal": "By way of introduction", "brief": "About me"}[tone_of(data).name]
    body = [connection_line(data), f"{intro}: {about_me}." if about_me else "", _why_you(data), _ask(data)]
    paragraphs = [
        f"Subject: {subject_line(data)}",
        greeting(data),
        " ".join(part for part in body[:2] if part),
        " ".join(body[2:]),
        tone_of(data).thanks_close,
        signature(data),
    ]
    return "\n\n".join(paragraphs)


def compose_linkedin(data: CoachInput) -> str:
    """A connection note within the account's limit: the longest version that fits wins."""
    hello = f"Hi {first_name(data.contact.name)},"
    minutes = data.options.minutes
    industry = data.profile.target_industry
    opening = connection_line(data)
    me = short_background(data, 12)
    sign = first_name(data.profile.name)
    tone = tone_of(data).name
    ask = {
        "warm": f"I'm exploring {industry} and would love {minutes} minutes of your advice (not a job request).",
        "formal": f"I am exploring {industry} and would value {minutes} minutes of advice; I am not seeking a job.",
        "brief": f"I'm exploring {industry}; could I have {minutes} minutes of advice? Not a job request.",
    }[tone]
    close = {"warm": "Thank you", "formal": "With thanks", "brief": "Thanks"}[tone]
    # The referrer is the best reason to say yes: a short note keeps them before anything else.
    short_opening = f"{data.contact.referrer} suggested I write." if data.contact.referrer else opening
    candidates = [
        f"{hello} {opening} About me: {as_sentence(me)} {ask} {close}, {sign}",
        f"{hello} {opening} {ask} {close}, {sign}",
        f"{hello} {opening} I'm exploring {industry} and would value {minutes} minutes of your advice, "
        f"not a job. Thanks, {sign}",
        f"{hello} {opening} Could I ask for {minutes} minutes of advice on {industry}? Not a job request. {sign}",
        f"{hello} {short_opening} Could I ask for {minutes} minutes of advice on {industry}? Not a job. {sign}",
        f"{hello} {short_opening} Could I ask for {minutes} minutes of your advice? Not a job. {sign}",
        f"{hello} I'm exploring {industry}. Could I ask for {minutes} minutes of your advice? Not a job. {sign}",
        f"{hello} could I ask for {minutes} minutes of advice? Not a job. {sign}",
    ]
    return _longest_that_fits(candidates, data.options.linkedin_limit)


def _longest_that_fits(notes: list[str], limit: int) -> str:
    """The first note (they go from fullest to shortest) within the LinkedIn limit; the last, cut, if none is."""
    return next((note for note in notes if len(note) <= limit), notes[-1][:limit])


def compose_outreach(data: CoachInput) -> str:
    return compose_linkedin(data) if data.options.channel == "linkedin" else compose_email(data)


def compose_nudge(data: CoachInput) -> str:
    """A short, no-pressure reminder about a week after the request."""
    minutes = data.options.minutes
    industry = data.profile.target_industry
    body = {
        "warm": f"I wrote about a week ago to ask for {minutes} minutes of your advice on {industry}. "
        "I know your time is limited, so no pressure at all: if now isn't a good moment, or if someone "
        "else would be better placed, a name would help just as much.",
        "formal": f"I wrote about a week ago to ask whether you could spare {minutes} minutes to advise me "
        f"on {industry}. I appreciate how busy you must be; if another person would be better placed, "
        "I would be grateful for a name.",
        "brief": f"A short follow-up to my note last week asking for {minutes} minutes of advice on "
        f"{industry}. If now isn't a good time, a name of someone else would help too.",
    }[tone_of(data).name]
    if data.options.channel == "linkedin":
        hello, sign = f"Hi {first_name(data.contact.name)},", f"Thanks, {first_name(data.profile.name)}"
        shorter = [
            f"{hello} {lower_first(body)} {sign}",
            f"{hello} a short follow-up to my note last week asking for {minutes} minutes of advice on {industry}. "
            f"If now isn't a good time, a name of someone else would help too. {sign}",
            f"{hello} following up on my note asking for {minutes} minutes of advice. No pressure; a name "
            f"would help too. {sign}",
            f"{hello} following up on my note asking for {minutes} minutes of advice. {sign}",
        ]
        return _longest_that_fits(shorter, data.options.linkedin_limit)
    subject = fit_subject(f"Re: {subject_line(data)}", "Re: my request for your advice")
    return "\n\n".join([f"Subject: {subject}", greeting(data), body, signature(data)])
