"""The rules each draft is held to, taken from the guidance. Each message says how to fix the draft.

Every rule is a plain function `(text, reading) -> Check`; the task table (`coaching.tasks`) says which apply where.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from coaching.checks.job_asks import job_asks
from coaching.compose.common import MAX_SECONDS, SUBJECT_LIMIT, spoken_seconds, words
from coaching.models import Check
from coaching.names import TITLES, given_name
from coaching.reading import Reading

Rule = Callable[[str, Reading], Check]

EMAIL_WORD_LIMIT = 200
THANK_YOU_WORD_LIMIT = 150
NUDGE_WORD_LIMIT = 120
REFERRER_NOTE_WORD_LIMIT = 130
NUMBER_WORDS = {"ten": 10, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "forty-five": 45}
_JOB_ASK = re.compile(
    r"\b(hire me|a job (?:at|with|in)|any (?:job )?openings?|(?:job|position|role)s? (?:available|open)|"
    r"(?:are|is) (?:you|your team|your company|the team|the company) hiring|open (?:role|position)s?|"
    r"(?<!how )(?:are|is) (?-i:[A-Z][\w&.'-]*(?: [A-Z][\w&.'-]*){0,3}) (?:hiring|recruiting)|"
    r"keep me in mind|be considered for|willing to refer me|"
    r"(?:get|set up|land) me an interview|(?:love|like|want|hoping) to work (?:at|for) |an interview (?:at|with|for)|"
    r"vacanc(?:y|ies) (?:at|in|on)|consider me for|refer me (?:for|to)|pass (?:on )?my (?:cv|resume)|"
    r"forward my (?:cv|resume)|(?:looking|asking) for a job|give me a job|job opportunit(?:y|ies)|"
    r"employment opportunit(?:y|ies)|(?:apply|applying) (?:for|to) (?:a|the|your) (?:role|position|job))\b",
    re.I,
)
# A negation clears only its own clause: "I don't want just advice, I'm looking for a job" still asks.
_NEGATION = re.compile(r"(?:\b(?:not|never|no|without|rather than|instead of)\b|n't\b)[^.!?,;]{0,40}$", re.I)
_ADVICE = re.compile(
    r"\b(advice|advise|learn|perspective|insight|view|guidance|understand|questions?|tips|pointers|"
    r"hear (?:how|what|about|more|your)|ask you|pick up|your experience|how you (?:got|made|moved|went|found))\b",
    re.I,
)
_REFERRAL_ASK = re.compile(
    r"\b(who else|anyone else|someone else|two (?:people|names)|other people (?:I|to|who|you)|"
    r"names? of (?:people|anyone|someone|others|colleagues|a few)|(?:introduce|put) me in touch|"
    r"who (?:should|could|would|might) I (?:talk|speak|reach))\b",
    re.I,
)
_OFFER_HELP = re.compile(r"\b(help|in return|return the favou?r|anything I can do|glad to)\b", re.I)
_RESUME_ATTACHED = re.compile(
    r"\b(attached|enclosed|attaching|enclosing|included|including)\b[^.!?]{0,40}\b(cv|resume|résumé)\b|"
    r"\b(cv|resume|résumé)\b[^.!?]{0,30}\b(attached|enclosed|included|below)\b",
    re.I,
)


def _pass(rule: str, message: str) -> Check:
    return Check(rule=rule, passed=True, message=message)


def _fail(rule: str, message: str) -> Check:
    return Check(rule=rule, passed=False, message=message)


def _has_phrase(text: str, phrase: str) -> bool:
    """`phrase` as whole words in `text` ("Al" is not inside "really"), ignoring case."""
    return bool(phrase.strip()) and re.search(rf"(?<!\w){re.escape(phrase.strip())}(?!\w)", text, re.I) is not None


_TITLE = "|".join(sorted(TITLES, key=len, reverse=True))


def _mentions(text: str, name: str) -> bool:
    """The full name, the name without its title, the name the draft would greet them by, or a
    title with the family name ("Dear Mr. Hale", "Prof Greer suggested…") appears in the text."""
    if not name:
        return False
    untitled = [part for part in name.split() if part.rstrip(".").lower() not in TITLES]
    if any(_has_phrase(text, form) for form in (name, " ".join(untitled), given_name(name))):
        return True
    family = untitled[-1] if len(untitled) > 1 or len(untitled) < len(name.split()) else ""
    return bool(family) and re.search(rf"\b(?:{_TITLE})\.?\s+{re.escape(family)}\b", text, re.I) is not None


_COMMON = {"that", "this", "with", "have", "from", "about", "into", "them", "they", "their", "what", "when", "your"}


def _content_words(text: str) -> set[str]:
    """The words that carry meaning: Latin words of four letters or more, and words of other scripts."""
    tokens = re.findall(r"[^\W_]+", text.lower())
    return {t for t in tokens if (len(t) >= 4 if t.isascii() else len(t) >= 2)} - _COMMON


def _shares_detail(field: str, text: str) -> bool:
    """The draft picks up what the person wrote in `field`: a meaningful word of it, or (for a field
    of short words only, such as "AI" or "ran 5k") the field itself or one of its words."""
    meaningful = _content_words(field)
    if meaningful:
        return bool(meaningful & _content_words(text))
    return _has_phrase(text, field) or any(_has_phrase(text, w) for w in re.findall(r"[^\W_]{2,}", field))


def _sentence_at(text: str, at: int) -> str:
    """The sentence of `text` that holds the character at `at`, to quote in a message."""
    start = max(text.rfind(end, 0, at) for end in (". ", "! ", "? ", "\n")) + 1
    ends = [found for end in (".", "!", "?", "\n") if (found := text.find(end, at)) != -1]
    return text[start : min(ends) + 1 if ends else len(text)].strip()


def _negated(text: str, at: int) -> bool:
    """Whether the phrase at `at` is said not to happen ("I'm not asking for…", "I haven't attached…")."""
    return _NEGATION.search(text[max(0, at - 60) : at]) is not None


def job_requests(text: str) -> list[str]:
    """Phrases that ask for a job, leaving out negated ones ("I'm not asking for a job")."""
    return [match.group(0) for match in _JOB_ASK.finditer(text) if not _negated(text, match.start())]


def no_job_request(text: str, reading: Reading) -> Check:
    asks = job_asks(text)
    if asks:
        also = "".join(f' And "{ask.sentence}" {ask.what_it_asks}.' for ask in asks[1:3])
        return _fail(
            "no-job-request",
            f'"{asks[0].sentence}" {asks[0].what_it_asks}.{also} Ask for their advice instead, such as what they '
            "would do in your place: a job request puts people on the spot, and help comes more readily unasked.",
        )
    return _pass("no-job-request", "Does not ask for a job.")


def asks_for_advice(text: str, reading: Reading) -> Check:
    if _ADVICE.search(text):
        return _pass("asks-for-advice", "Asks for advice and information.")
    return _fail(
        "asks-for-advice", "Say plainly that you are asking for advice, for example on how people get into the field."
    )


def opening_connection(text: str, reading: Reading) -> Check:
    data = reading.data
    referrer = reading.referrer_name
    opening = " ".join(text.split("\n\n")[:3])
    if referrer:
        if _mentions(opening, referrer) or _mentions(opening, reading.referrer):
            return _pass("opening-connection", f"Opens with {referrer}, who referred you.")
        return _fail(
            "opening-connection",
            f"Name {referrer}, who referred you, in the first lines: it is the best reason for them to say yes.",
        )
    how = data.contact.how_we_know
    if how:
        if _content_words(how) & _content_words(opening):
            return _pass("opening-connection", "Opens with how you know of them.")
        return _fail("opening-connection", "Open with how you know of them (what you noted under 'how we know').")
    # Their role or organisation, not the field: "your view of telehealth" says why the field, not why them.
    place = " ".join([data.contact.role, data.contact.organization]).strip()
    if not place:
        return _pass(
            "opening-connection",
            "Nothing given about them yet: add their role, organisation or how you know of them, and say it.",
        )
    # A word of their role or organisation that is not the field itself ("energy" in "energy analyst").
    theirs = _content_words(place) - _content_words(data.profile.target_industry)
    if (theirs & _content_words(opening)) if theirs else _shares_detail(place, opening):
        return _pass("opening-connection", "Says why you chose this person.")
    who = " at ".join(part for part in (data.contact.role, data.contact.organization) if part)
    return _fail(
        "opening-connection",
        f"Say why you are writing to this person in particular ({who}), not only what the field is.",
    )


def asks_short_time(text: str, reading: Reading) -> Check:
    data = reading.data
    asked = [int(n) for n in re.findall(r"\b(\d{1,3})[ -]?(?:minutes?|mins?)\b", text, re.I)]
    asked += [v for k, v in NUMBER_WORDS.items() if re.search(rf"\b{k}[ -]minutes?\b", text, re.I)]
    long_ask = re.search(r"\b(an hour|half an hour|one hour|lunch)\b", text, re.I)
    if long_ask and not asked:
        return _fail(
            "asks-short-time",
            f'"{long_ask.group(0)}" is a lot to ask of someone busy. Ask for {data.options.minutes} minutes instead: '
            "a short, specific time is the easiest yes.",
        )
    if not asked:
        return _fail("asks-short-time", f"Ask for a specific short time, such as {data.options.minutes} minutes.")
    if any(minutes > 45 for minutes in asked):
        return _fail("asks-short-time", "Ask for 45 minutes at most; under 20 is the easiest yes.")
    return _pass("asks-short-time", f"Asks for {asked[0]} minutes, a short and specific time.")


def no_resume_up_front(text: str, reading: Reading) -> Check:
    sent = [m for m in _RESUME_ATTACHED.finditer(text) if not _negated(text, m.start())]
    if sent:
        return _fail(
            "no-resume-up-front",
            f'"{_sentence_at(text, sent[0].start())}" sends your resume up front, which makes the meeting look like '
            "a job application. Leave it out; share it later if they ask.",
        )
    return _pass("no-resume-up-front", "Does not send a resume up front.")


def fits_channel(text: str, reading: Reading) -> Check:
    data = reading.data
    if data.options.channel == "linkedin":
        limit = data.options.linkedin_limit
        if len(text) > limit:
            return _fail(
                "channel-limit",
                f"A LinkedIn connection note holds {limit} characters; this has {len(text)}. Cut it down.",
            )
        return _pass("channel-limit", f"Fits a LinkedIn note ({len(text)} of {limit} characters).")
    subject = next((line for line in text.splitlines() if line.lower().startswith("subject:")), None)
    if subject is not None and len(subject[8:].strip()) > SUBJECT_LIMIT:
        return _fail(
            "channel-limit",
            f'The subject line "{subject[8:].strip()}" runs to {len(subject[8:].strip())} characters. Keep it under '
            f"{SUBJECT_LIMIT} so it shows in full.",
        )
    if len(words(text)) > EMAIL_WORD_LIMIT:
        return _fail(
            "channel-limit",
            f"Keep the email under {EMAIL_WORD_LIMIT} words ({len(words(text))} now): short requests get answers.",
        )
    return _pass("channel-limit", "Short enough to read at a glance.")


def fits_ninety_seconds(text: str, reading: Reading) -> Check:
    seconds = spoken_seconds(text)
    if seconds > MAX_SECONDS:
        return _fail(
            "ninety-seconds",
            f"About {seconds:.0f} s aloud; cut it to ninety seconds or less ({int(MAX_SECONDS * 2.5)} words).",
        )
    return _pass("ninety-seconds", f"About {seconds:.0f} s aloud, within ninety seconds.")


def names_target_industry(text: str, reading: Reading) -> Check:
    data = reading.data
    industry = data.profile.target_industry
    if _has_phrase(text, industry) or _content_words(industry) & _content_words(text):
        return _pass("names-target-industry", f"Names where you are heading: {industry}.")
    return _fail("names-target-industry", f"Say where you are heading ({industry}) so they know how to help.")


_NUMBERED = re.compile(r"^\s*\d{1,2}[.)]\s+(.+)$", re.M)


def referral_question(text: str, reading: Reading) -> Check:
    """The ask for more names, and in a numbered list, last: the one question never squeezed out."""
    if not _REFERRAL_ASK.search(text):
        return _fail(
            "referral-question",
            "End by asking who else you should speak to (ask for two names) and whether you may use their name.",
        )
    asked = _NUMBERED.findall(text)
    if asked and not _REFERRAL_ASK.search(asked[-1]):
        return _fail(
            "referral-question",
            "Make asking for two more names (and whether you may use their name) your last question, so it is "
            "never squeezed out when time runs short.",
        )
    return _pass("referral-question", "Asks who else to speak to.")


def fits_the_meeting(text: str, reading: Reading) -> Check:
    """About one question per two minutes: a list longer than the meeting leaves the best ones unasked."""
    from coaching.compose.questions import question_budget

    minutes = reading.data.options.minutes
    most = question_budget(minutes) - 1  # besides the one thing to take away
    count = len(_NUMBERED.findall(text))
    if count <= most:
        return _pass("fits-the-meeting", f"{count} numbered questions fit {minutes} minutes.")
    return _fail(
        "fits-the-meeting",
        f"{count} questions are too many for {minutes} minutes: keep about {most}, the (core) ones first.",
    )


def core_questions(text: str, reading: Reading) -> Check:
    marked = len(re.findall(r"\(core\)\s*$", text, re.I | re.M))  # at the end of a question, not in a how-to line
    if 3 <= marked <= 5:
        return _pass("core-questions", f"{marked} questions are marked as core.")
    return _fail(
        "core-questions", f"Mark 3 to 5 questions as (core) so you know what to ask first; {marked} are marked now."
    )


def one_thing(text: str, reading: Reading) -> Check:
    if re.search(r"\bone thing\b|\btake away\b|\btakeaway\b", text, re.I):
        return _pass("one-thing", "Names the one thing to take away.")
    return _fail("one-thing", "Add the one thing you must take away from the meeting.")


def names_contact(text: str, reading: Reading) -> Check:
    data = reading.data
    if _mentions(text, data.contact.name) or _mentions(text, reading.reader):
        return _pass("names-contact", f"Addressed to {data.contact.name}.")
    return _fail("names-contact", f"Greet {data.contact.name} by name.")


def names_referrer(text: str, reading: Reading) -> Check:
    if _mentions(text, reading.referrer_name) or _mentions(text, reading.referrer):
        return _pass("names-referrer", f"Addressed to {reading.referrer_name}.")
    return _fail("names-referrer", f"Greet {reading.referrer_name}, who introduced you, by name.")


def mentions_contact(text: str, reading: Reading) -> Check:
    if _mentions(text, reading.data.contact.name) or _mentions(text, reading.reader):
        return _pass("mentions-contact", f"Says whom you met: {reading.data.contact.name}.")
    name = reading.data.contact.name
    return _fail("mentions-contact", f"Say that you met {name}, so they know the introduction worked.")


def mentions_discussed(text: str, reading: Reading) -> Check:
    """A point from the meeting notes, not the field restated: "great to chat about UX research" is
    not specific when UX research is where they are heading."""
    data = reading.data
    field = " ".join([data.profile.target_industry, data.profile.target_role, data.contact.role])
    specific = _content_words(data.meeting.discussed) - _content_words(field)
    if (specific & _content_words(text)) if specific else _shares_detail(data.meeting.discussed, text):
        return _pass("mentions-discussed", "Mentions something specific you discussed.")
    return _fail(
        "mentions-discussed", "Mention one specific thing you discussed, so it does not read as a form letter."
    )


def mentions_referrals(text: str, reading: Reading) -> Check:
    data = reading.data
    missing = [n for n in data.meeting.referrals if not _mentions(text, n)]
    if missing:
        return _fail("mentions-referrals", f"Thank them for the names they gave you ({', '.join(missing)}).")
    return _pass(
        "mentions-referrals",
        "Thanks them for the names they offered." if data.meeting.referrals else "No names to mention.",
    )


def short_note(limit: int) -> Rule:
    def rule(text: str, reading: Reading) -> Check:
        count = len(words(text))
        if count > limit:
            return _fail("short-note", f"Keep it short: under {limit} words ({count} now).")
        return _pass("short-note", f"Short ({count} words).")

    return rule


def reports_actions(text: str, reading: Reading) -> Check:
    data = reading.data
    if _shares_detail(data.meeting.actions_taken, text):
        return _pass("reports-actions", "Reports what you did with their advice.")
    return _fail("reports-actions", "Say what you did with their advice: people you contacted, events, reading.")


def offers_help(text: str, reading: Reading) -> Check:
    if _OFFER_HELP.search(text):
        return _pass("offers-help", "Offers something in return.")
    return _fail("offers-help", "Offer to help them in return: a way to add value from what they shared.")
