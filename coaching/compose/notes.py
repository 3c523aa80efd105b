"""After the meeting: the prompt thank-you, and the longer note about a month later (plus the referrer's)."""

from __future__ import annotations

import re

from coaching.compose.common import (
    as_sentence,
    clip_words,
    first_name,
    fit_subject,
    greeting,
    join_names,
    lower_first,
    signature,
    tone_of,
    topic_phrase,
    without_stop,
)
from coaching.models import CoachInput

REFERRER_DIVIDER = "---"


def _topic(data: CoachInput, limit: int = 25) -> str:
    """What was discussed, as a phrase that can follow "our conversation about"."""
    return topic_phrase(clip_words(data.meeting.discussed, limit))


def _with_subject(data: CoachInput, subject: str, body: list[str]) -> str:
    parts = [greeting(data), *[b for b in body if b], signature(data)]
    if data.options.channel == "email":
        parts.insert(0, f"Subject: {subject}")
    return "\n\n".join(parts)


def _referral_line(data: CoachInput) -> str:
    names = data.meeting.referrals
    if not names:
        return ""
    who = join_names(names)
    return {
        "warm": f"Thank you too for suggesting I speak with {who}. I'll contact them myself and mention "
        "that you pointed me their way.",
        "formal": f"Thank you also for suggesting that I speak with {who}. I will contact them myself and, "
        "with your permission, mention your name.",
        "brief": f"Thanks for the suggestion of {who}; I'll get in touch and mention your name.",
    }[tone_of(data).name]


def compose_thank_you(data: CoachInput) -> str:
    tone = tone_of(data).name
    opening = {
        "warm": f"Thank you for your time and for talking with me so openly. What stayed with me most was "
        f"our conversation about {_topic(data)}.",
        "formal": f"Thank you for taking the time to meet me. I found our discussion of {_topic(data)} "
        "particularly useful.",
        "brief": f"Thanks for your time. Our talk about {_topic(data)} was just what I needed.",
    }[tone]
    closing = {
        "warm": "I'll let you know how I get on.",
        "formal": "I will let you know how my search progresses.",
        "brief": "I'll keep you posted.",
    }[tone]
    subject = fit_subject(f"Thank you, {first_name(data.contact.name)}", "Thank you")
    return _with_subject(data, subject, [opening, _referral_line(data), closing])


def _contacted(data: CoachInput) -> tuple[list[str], list[str]]:
    """The names offered at the meeting that the person reports contacting, and the rest."""
    actions = data.meeting.actions_taken.lower()
    done = [n for n in data.meeting.referrals if n.lower() in actions]
    return done, [n for n in data.meeting.referrals if n not in done]


# What people type as actions usually starts with what they did: "enrolled in…", "read the book…".
_DID = re.compile(
    r"^(?:\w+ed|read|met|wrote|rewrote|spoke|took|went|began|sent|made|built|joined|signed|set|ran|found|got|"
    r"bought|sat|gave|did)\b",
    re.I,
)


def since_then(actions: str) -> str:
    """ "Since then, I enrolled in…" from "enrolled in…"; a whole sentence or a list stays as written."""
    text = without_stop(actions)
    if _DID.match(text) and not text.split()[0][1:2].isupper():
        return f"Since then, I {text[0].lower()}{text[1:]}."
    if re.match(r"^I\b", text):
        return f"Since then, {text}."
    return f"Since then: {as_sentence(actions)}"


def _offer(data: CoachInput) -> str:
    strengths = data.profile.strengths
    if strengths:
        return (
            f"If {lower_first(without_stop(strengths[0]))} could ever be useful to you or your team, "
            "I'd be glad to help in return."
        )
    return "If there is ever anything I can do for you in return, I'd be glad to."


def compose_follow_up(data: CoachInput) -> str:
    tone = tone_of(data).name
    done, pending = _contacted(data)
    about = f" about {_topic(data)}" if _topic(data) else ""  # what was discussed is optional here
    report = [
        {
            "warm": f"It's been about a month since we talked{about}, and I wanted to tell "
            "you what I've done with your advice.",
            "formal": f"It has been about a month since our conversation{about}, and I "
            "wanted to let you know what I have done with your advice.",
            "brief": f"A quick update, a month on from our talk{about}.",
        }[tone],
        since_then(data.meeting.actions_taken),
    ]
    if done:
        report.append(f"Speaking with {join_names(done)} was especially useful, so thank you for the introduction.")
    if pending:
        report.append(f"Next, I plan to contact {join_names(pending)}, as you suggested.")
    body = [" ".join(report)]
    if data.profile.goal:
        body.append(f"It has made my next step clearer: {lower_first(without_stop(data.profile.goal))}.")
    offer = _offer(data)
    body.append(offer if tone != "formal" else offer.replace("I'd", "I would"))
    body.append(
        {
            "warm": "I'll keep you posted, and thank you again.",
            "formal": "I will keep you informed, and thank you again.",
            "brief": "More soon.",
        }[tone]
    )
    what_i_did = "What I did with your advice"
    subject = fit_subject(f"{what_i_did} on {data.profile.target_industry}", what_i_did)
    note = _with_subject(data, subject, body)
    if data.contact.referrer:
        note += f"\n\n{REFERRER_DIVIDER}\n\n{compose_referrer_note(data)}"
    return note


def compose_referrer_note(data: CoachInput) -> str:
    """A short thank-you to whoever made the introduction, saying how it went."""
    referrer = data.contact.referrer
    hello = f"{'Dear' if tone_of(data).name == 'formal' else 'Hi'} {first_name(referrer)},"
    spoke = f"We spoke about {_topic(data)}, and" if _topic(data) else "We spoke, and"
    actions = lower_first(without_stop(clip_words(data.meeting.actions_taken, 25)))
    helped = f"it helped: {actions}." if actions else "it was a real help."
    thanks = f"Thank you for putting me in touch with {data.contact.name}."
    body = f"{thanks} {spoke} {helped} I'm grateful for the introduction."
    return "\n\n".join([hello, body, signature(data)])
