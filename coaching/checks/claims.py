"""The claim guard: every number, date, year, organisation and name in a draft must come from
the person's input or from the guidance it cites. Anything else is an `unsupported detail`.

Names are found two ways: a capitalised word that does not start a sentence (or a run of two or
more at the start of one) is treated as a name, and the English model's recogniser finds people,
organisations and places whatever their case ("my friend john smith at microsoft") or place ("Sarah
said hello"). Subject lines are title-cased by habit, so only their numbers are checked.
"""

from __future__ import annotations

import calendar
import re
from functools import cache
from pathlib import Path

from spacy.lang.en.stop_words import STOP_WORDS

from coaching import english
from coaching.models import CoachInput

# Capitalised words that are not claims about anyone.
_ALWAYS_FINE = {
    "i", "i'm", "i've", "i'd", "i'll", "ok", "ps", "p.s", "mr", "mrs", "ms", "mx", "dr", "prof", "re", "fw", "fwd",
    "linkedin", "email", "subject", "hi", "hello", "dear", "thanks", "thank", "best", "kind", "warm", "regards",
    "wishes", "hey", "hiya", "professor", "doctor", "sir", "madam",
    "english", "internet", "ai", "ceo", "cv", "q&a", "faq", "r&d", "hr", "it", "ux", "ui", "qa", "mba", "phd",
    "zoom", "teams", "skype", "slack", "google meet",
    # Days and months say when, not who: "On Monday I read…", "the course in September".
    *(name.lower() for name in calendar.day_name), *(name.lower() for name in calendar.month_name if name),
    *(f"{name.lower()}s" for name in calendar.day_name),  # "free on Mondays"
}  # fmt: skip
# Numbers people write out: "six years" supports "6 years", and "ten years" is checked like "10".
# "One" and "two" alone are ordinary words ("one thing", "two people"); in "forty-two" they count.
_UNITS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_NUMBER_WORDS = {
    **{word: value for word, value in _UNITS.items() if value >= 3}, **_TENS,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "hundred": 100, "dozen": 12, "decade": 10, "decades": 10,
}  # fmt: skip
# A web or e-mail address is a detail like a name: "Book me at calendly.com/…" when nobody typed it.
_ADDRESS = re.compile(
    r"https?://[^\s<>\"')]+|\bwww\.[^\s<>\"')]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|"
    r"\b[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|io|co|edu|gov|ly|me|app|dev)\b(?:/[^\s<>\"')]*)?",
    re.I,
)
_NUMBER_WORD = re.compile(
    rf"\b(?:(?P<tens>{'|'.join(_TENS)})[- ](?P<unit>{'|'.join(_UNITS)})|{'|'.join(_NUMBER_WORDS)})\b", re.I
)


def _word_value(match: re.Match[str]) -> str:
    """The number a written-out number stands for, as digits: "forty-five" is "45"."""
    if match.group("tens"):
        return str(_TENS[match.group("tens").lower()] + _UNITS[match.group("unit").lower()])
    return str(_NUMBER_WORDS[match.group(0).lower()])


# A time of day says when, not a fact about anyone: "free after 3:30", "grading at 11pm".
_TIME_OF_DAY = re.compile(r"\b\d{1,2}(?::\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)(?!\w)|\b\d{1,2}:\d{2}\b", re.I)
# "a few hundred dollars" claims no number.
_VAGUE = re.compile(r"\b(?:a few|few|several|a couple of|many|some)\s*$", re.I)
_NUMBER = re.compile(r"(?<![\w.])\d[\d,.:/]*\d%?|(?<![\w.])\d%?")
# Any letter of any script starts a word, so an invented "Иван Петров" is seen as well as "John Smith".
_WORD = re.compile(r"[^\W\d_][\w'’&.-]*")
_LIST_MARKER = re.compile(r"^\s*(?:[-*•]|\d{1,2}[.)])\s+", re.M)
# What comes before a sentence's first word: the end of another, or nothing, or an opening quote.
_SENTENCE_END = re.compile(r"[.!?:;]\s*[\"“‘(]?\s*$|^\s*[\"“‘(]?\s*$")
_CONNECTORS = {"of", "and", "&", "de", "da", "del", "van", "von", "der", "la", "le", "du", "bin", "al"}
# Words that start sentences, capitalised only for that: "If Python could help" names Python alone.
_SENTENCE_STARTERS = {
    "a", "an", "the", "if", "when", "while", "since", "as", "because", "before", "after", "and", "but", "or", "so",
    "then", "also", "my", "our", "your", "their", "his", "her", "its", "this", "that", "these", "those", "we",
    "you", "they", "he", "she", "it", "in", "on", "at", "for", "with", "from", "to", "by", "about", "during",
    "what", "which", "who", "how", "why", "where", "is", "are", "was", "were", "do", "does", "did", "could",
    "would", "should", "can", "will", "may", "might", "any", "every", "each", "some", "one", "two", "both",
}  # fmt: skip


def _typed(data: CoachInput) -> str:
    """Everything in the input, as text (the person's fields and the options)."""
    return " ".join(str(v) for v in data.model_dump(mode="json").values())


def _support_text(typed: str, extra: list[str]) -> str:
    return " ".join([typed, *extra]).lower().replace("’", "'")


def _support_numbers(data: CoachInput, support: str) -> set[str]:
    numbers = {m.group(0).rstrip(".,").replace(",", "") for m in _NUMBER.finditer(support)}
    numbers |= {_word_value(m) for m in _NUMBER_WORD.finditer(support)}
    numbers.add(str(data.options.minutes))
    if data.meeting.date:
        day = data.meeting.date
        numbers |= {str(day.year), str(day.month), str(day.day), f"{day.day:02d}", f"{day.month:02d}"}
    return numbers


def _support_words(data: CoachInput, support: str) -> set[str]:
    found = {w.lower().strip(".'’-") for w in _WORD.findall(support)}
    found |= {part for word in found for part in re.split(r"[-.]", word) if part}  # "Jean-Luc": "jean", "luc"
    if data.meeting.date:
        day = data.meeting.date
        found |= {calendar.month_name[day.month].lower(), calendar.month_abbr[day.month].lower()}
        found.add(calendar.day_name[day.weekday()].lower())
    return found


def _initials(support: str) -> set[str]:
    """The acronyms the person's words stand for: "product manager" gives "pm", "intensive care unit" "icu"."""
    words = re.findall(r"[^\W\d_]+", support)
    return {"".join(w[0] for w in words[i : i + n]).lower() for n in (2, 3, 4) for i in range(len(words) - n + 1)}


def _candidate_names(line: str) -> list[str]:
    """Runs of capitalised words in a line that are not merely starting a sentence."""
    line = _LIST_MARKER.sub("", line)
    names: list[str] = []
    run: list[str] = []
    run_at_start = False
    previous_end = 0
    previous_start = 0  # where the word before began: a sentence can only have ended since then

    def close() -> None:
        nonlocal run_at_start
        while run and run[-1].lower() in _CONNECTORS:
            run.pop()
        if run_at_start and len(run) > 1 and run[0].lower() in _SENTENCE_STARTERS:
            run.pop(0)
            run_at_start = False
        if run and (not run_at_start or len(run) > 1):
            names.append(" ".join(run))
        run.clear()

    for match in _WORD.finditer(line):
        word = match.group(0).rstrip(".'’-")
        contiguous = not line[previous_end : match.start()].strip()
        previous_end = match.start() + len(word)  # a trailing full stop ends the run
        capitalised = word[:1].isupper()
        connector = word.lower() in _CONNECTORS
        if run and not (contiguous and (capitalised or connector)):
            close()
        if capitalised:
            if not run:
                # Only the stretch since the word before can end a sentence ("…in 2019. We"), so the
                # search looks there, not at the whole line so far: linear in the line's length.
                run_at_start = _SENTENCE_END.search(line[previous_start : match.start()]) is not None
            run.append(word)
        elif connector and run:
            run.append(word)
        previous_start = match.start()
    close()
    return names


PHRASEBOOKS = Path(__file__).resolve().parent.parent / "data" / "phrasebooks"


@cache
def _coach_words() -> frozenset[str]:
    """Every word of the coach's own phrasebooks, in lower case."""
    text = " ".join(path.read_text(encoding="utf-8") for path in sorted(PHRASEBOOKS.glob("*.yaml")))
    return frozenset(word.lower().strip(".'’-") for word in _WORD.findall(text))


def recognised_names(text: str, familiar: set[str]) -> tuple[tuple[str, str], ...]:
    """The people, organisations and places the recogniser finds in the draft (subject line aside).
    It reads the draft only when a word in it is new: used neither by the person, the guidance, the
    coach's phrasebooks nor everyday English, since a name nobody gave must hold such a word. That
    keeps a check of the coach's own draft fast; the whole draft is read, for the context."""
    body = "\n".join(line for line in text.splitlines() if not line.lower().startswith("subject:"))
    words = {word.lower().strip(".'’-").removesuffix("'s") for word in _WORD.findall(body)}
    if not words - familiar - _coach_words() - STOP_WORDS - _ALWAYS_FINE:
        return ()
    return english.named_things(body)


def unsupported_details(text: str, data: CoachInput, guidance: list[str]) -> list[str]:
    """Each detail in `text` that neither the input nor the guidance supports, in order, once."""
    typed = _typed(data)
    support = _support_text(typed, guidance)
    numbers = _support_numbers(data, support)
    known_words = _support_words(data, support)
    acronyms = _initials(typed)

    def supported(name: str) -> bool:
        pieces = [p.lower().replace("’", "'").removesuffix("'s").strip(".") for p in re.split(r"[\s-]+", name)]
        pieces = [p for p in pieces if p and p not in _CONNECTORS]
        if all(p in _ALWAYS_FINE or p in known_words or p in STOP_WORDS for p in pieces):
            return True
        if name.isupper() and 2 <= len(name) <= 4 and name.lower() in acronyms:
            return True  # "PM" for the product manager they typed
        return name.lower() in support

    found: list[str] = []
    for line in text.splitlines():
        is_subject = line.lower().startswith("subject:")
        body = _LIST_MARKER.sub("", line)
        times = [match.span() for match in _TIME_OF_DAY.finditer(body)]
        for match in _NUMBER.finditer(body):
            number = match.group(0).rstrip(".,").replace(",", "")
            if any(start <= match.start() < end for start, end in times):
                continue
            if number not in numbers and match.group(0) not in found:
                found.append(match.group(0))
        for match in _NUMBER_WORD.finditer(body):
            # The words just before: a bounded look back keeps the check linear in the draft's length.
            if _VAGUE.search(body, max(0, match.start() - 64), match.start()):
                continue
            if _word_value(match) not in numbers and match.group(0) not in found:
                found.append(match.group(0))
        for match in _ADDRESS.finditer(body):
            address = match.group(0).rstrip(".,;:")
            if address.lower() not in support and address not in found:
                found.append(address)
        if is_subject:
            continue
        found += [name for name in _candidate_names(line) if name not in found and not supported(name)]
    for name, _kind in recognised_names(text, known_words):
        name = name.strip(" .,'’")
        seen = any(name.lower() in other.lower() or other.lower() in name.lower() for other in found)
        if not seen and not supported(name):
            found.append(name)
    return found
