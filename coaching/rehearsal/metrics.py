"""Delivery metrics of one take: one function, `measure`, for every way a take comes in.

A take arrives as a `Transcript`: typed text with its length (the pasted-transcript path),
text with word timings (a transcribed recording), or only the stretches where the recording
has voice (transcription switched off). `measure` turns any of them into `DeliveryMetrics`,
whose JSON is the `rehearse --json` contract of DESIGN.md.

Definitions (the same on every path):
- the *talk span* runs from the first timed word (or voiced stretch) to the last one: quiet
  before the person starts and after they stop is not part of their ninety seconds, pauses in
  between are. A typed take's talk span is its given length;
- `words` counts the whitespace-separated tokens of the transcript that hold a letter or a
  digit (fillers included: they were said);
- `words_per_minute` = words / talk span; `fillers.per_minute` = fillers / talk span;
- `speaking_seconds` = talk span minus the gaps between words of at least `MIN_PAUSE_SECONDS`;
- `longest_pause_seconds` = the longest gap between consecutive words; unknown (null) for a
  typed take, which has no timings;
- `over_time_seconds` = talk span minus ninety seconds, never below zero.
"""

from __future__ import annotations

import re
from collections import Counter

from pydantic import BaseModel, Field

TARGET_SECONDS = 90.0
# A gap this long between two words is a pause, not the breath between syllables.
MIN_PAUSE_SECONDS = 0.3
# When a typed take comes without its length, it is timed at an ordinary speaking rate.
ESTIMATE_WPM = 150.0
COMFORTABLE_WPM = (100.0, 165.0)
# A few fillers a minute go unnoticed; the goal is not zero.
FILLER_TOLERANCE_PER_MINUTE = 4.0

_WORD = re.compile(r"\w")

# Hesitation sounds, each spelling mapped to one name. Whisper writes them in several ways
# ("Umm", "uhm", "Hmmm"); "uh-huh" and "mm-hmm" are answers, not fillers, so a hyphen next to
# the sound rules it out, and "mm" after a number is millimetres.
_SOUNDS = {
    "um": r"u+h?m+",
    "uh": r"u+h+",
    "erm": r"e+r+m+",
    "er": r"e+r+",
    "ah": r"a+h+",
    "hmm": r"h+m+",
    "mm": r"m{2,}",
}
_SOUND = re.compile(
    r"(?<![\w'-])(?<!\d )(?:"
    + "|".join(f"(?P<{name}>{pattern})" for name, pattern in _SOUNDS.items())
    + r")(?![\w'-])",
    re.IGNORECASE,
)
# Words that are fillers only in a filler's position, set off by punctuation, which Whisper
# writes from the speaker's intonation: "my strengths are, like, explaining" counts, "skills
# like Python" and "I'd like to" do not. Hedges ("kind of", "sort of") and emphasis
# ("I actually led it") are left alone on purpose: counting them would flag ordinary speech.
_START = r"(?:^|(?<=[.!?;:,…—–])\s*)"  # the start of the take, or right after punctuation
_SENTENCE_START = r"(?:^|(?<=[.!?…])\s*)"
_BREAK = r"(?=\s*(?:,|\.{2,}|…|—|–))"  # a comma, an ellipsis or a dash: the speaker's voice trails off
_PHRASES = {
    "like": re.compile(_START + r"\blike" + _BREAK, re.IGNORECASE | re.MULTILINE),
    # "…, you know." is a filler; "someone you know?" and "what you know." are not.
    "you know": re.compile(
        r"(?<!\bas )(?<!\bif )(?<!\bdo )(?<!\bdid )\byou know" + _BREAK + r"|(?<=, )you know(?=[.!?])", re.IGNORECASE
    ),
    "i mean": re.compile(_START + r"\bi mean" + _BREAK, re.IGNORECASE | re.MULTILINE),  # not "what I mean, …"
    "basically": re.compile(r"\bbasically" + _BREAK, re.IGNORECASE),
    "actually": re.compile(_START + r"\bactually" + _BREAK, re.IGNORECASE | re.MULTILINE),
    "so": re.compile(_SENTENCE_START + r"\bso" + _BREAK, re.IGNORECASE | re.MULTILINE),
}
FILLERS = (*_SOUNDS, *_PHRASES)


class TimedWord(BaseModel):
    """One recognised word and when it was said, in seconds from the start of the recording."""

    text: str
    start: float = Field(ge=0)
    end: float = Field(ge=0)


class Transcript(BaseModel):
    """A take as it comes in: what was said, and as much about when as is known."""

    text: str = ""
    duration_seconds: float = Field(ge=0)
    # Word timings of a transcribed recording.
    words: list[TimedWord] | None = None
    # Stretches with voice, from the recording's loudness, when nothing was transcribed.
    voiced: list[tuple[float, float]] | None = None
    # A typed take without its length is timed at ESTIMATE_WPM: its pace then says nothing.
    duration_estimated: bool = False
    # False when transcription is off: the words, the pace and the fillers are unknown.
    words_known: bool = True


class Fillers(BaseModel):
    count: int | None
    per_minute: float | None
    found: dict[str, int]


class PointCheck(BaseModel):
    """One sentence of the script and whether the take says it."""

    point: str
    covered: bool
    # Not in the JSON contract: how close the take came, and where (for the page's highlight).
    score: float = Field(default=0.0, exclude=True)
    evidence: str = Field(default="", exclude=True)


class DeliveryMetrics(BaseModel):
    """What `rehearse --json` prints; the excluded fields feed the plain-sentence feedback."""

    duration_seconds: float
    speaking_seconds: float
    words: int
    words_per_minute: float | None
    fillers: Fillers
    longest_pause_seconds: float | None
    over_time_seconds: float
    transcript: str
    points: list[PointCheck] = Field(default_factory=list)
    talk_seconds: float | None = Field(default=None, exclude=True)
    duration_estimated: bool = Field(default=False, exclude=True)
    words_known: bool = Field(default=True, exclude=True)


# Words are separated by spaces, and by a dash or an ellipsis typed without them ("Um—I think").
_BETWEEN_WORDS = re.compile(r"\s+|—|–|\.{2,}|…")


def count_words(text: str) -> int:
    """Tokens with a letter or digit in them (a lone dash is not a word; "well-known" is one)."""
    return sum(1 for token in _BETWEEN_WORDS.split(text) if _WORD.search(token))


def estimate_seconds(text: str) -> float:
    """How long the text takes to say at an ordinary 150 words a minute."""
    return count_words(text) * 60.0 / ESTIMATE_WPM


def find_fillers(text: str) -> Counter[str]:
    """The filler words of a transcript by name ("um", "you know", …), counted conservatively."""
    found: Counter[str] = Counter()
    for match in _SOUND.finditer(text):
        if len(match.group(0)) > 1 and match.group(0).isupper():
            continue  # "ER", "UM", "MM": an abbreviation typed in capitals, not a sound
        found[match.lastgroup] += 1
    for name, pattern in _PHRASES.items():
        hits = len(pattern.findall(text))
        if hits:
            found[name] += hits
    return found


def _spans(transcript: Transcript) -> list[tuple[float, float]] | None:
    if transcript.words:
        return sorted((w.start, max(w.start, w.end)) for w in transcript.words)
    if transcript.voiced:
        return sorted((start, max(start, end)) for start, end in transcript.voiced)
    return None


def measure(transcript: Transcript) -> DeliveryMetrics:
    """The delivery metrics of a take (points are checked separately, against the script)."""
    spans = _spans(transcript)
    if spans:
        talk = spans[-1][1] - spans[0][0]
        # A word may overlap the next in Whisper's timings; only real gaps count.
        gaps, reached = [], spans[0][1]
        for start, end in spans[1:]:
            gaps.append(max(0.0, start - reached))
            reached = max(reached, end)
        longest_pause: float | None = max(gaps, default=0.0)
        speaking = talk - sum(gap for gap in gaps if gap >= MIN_PAUSE_SECONDS)
    else:
        talk = speaking = transcript.duration_seconds
        longest_pause = None
    # A take of a word or two has no meaningful rate; one second keeps the division sane.
    minutes = max(talk, 1.0) / 60.0

    text = " ".join(transcript.text.split()) if transcript.words_known else ""
    words = count_words(text)
    if transcript.words_known:
        found = find_fillers(text)
        count = sum(found.values())
        fillers = Fillers(
            count=count,
            per_minute=round(count / minutes, 1),
            found=dict(sorted(found.items(), key=lambda item: (-item[1], item[0]))),
        )
        wpm = None if transcript.duration_estimated else round(words / minutes, 1)
    else:
        fillers = Fillers(count=None, per_minute=None, found={})
        wpm = None

    return DeliveryMetrics(
        duration_seconds=round(transcript.duration_seconds, 2),
        speaking_seconds=round(speaking, 2),
        words=words,
        words_per_minute=wpm,
        fillers=fillers,
        longest_pause_seconds=None if longest_pause is None else round(longest_pause, 2),
        over_time_seconds=round(max(0.0, talk - TARGET_SECONDS), 2),
        transcript=text,
        talk_seconds=round(talk, 2),
        duration_estimated=transcript.duration_estimated,
        words_known=transcript.words_known,
    )
