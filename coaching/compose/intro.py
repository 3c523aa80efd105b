""" "Tell me about yourself": spoken, first person, at most ninety seconds at 150 words a minute.

Moves: where I come from → why the change → what I bring, with a word of evidence → where I'm
heading → hand back. The wording lives in `data/phrasebooks/intro.yaml`; every fact is the person's.
"""

from __future__ import annotations

import re

from coaching.compose.common import MAX_SECONDS, TARGET_WORDS, Writer, clip_words, lower_first, spoken_seconds
from coaching.english import content_words, sentence
from coaching.models import Task
from coaching.reading import Reading

# Words that show a background sentence says why the person is moving, not what they did.
_REASON = re.compile(
    r"\b(?:want|wanted|wanna|love|loved|enjoy|interested|curious|fascinated|drawn|passion|aiming|hope|hoping|"
    r"because|tired|burnt|burned|realised|realized|fell in love|excited|care about|would like|i'd like)\b",
    re.I,
)


def _why(writer: Writer, used: list[str]) -> str:
    """Why the change: their motivation, a background sentence that gives a reason, or their goal
    (then marked used, so the goal is not said twice); never invented."""
    reading, slots = writer.reading, writer.slots()
    if reading.motivation:
        return writer.say("why.motivation", motivation=reading.motivation,
                          motivation_lower=lower_first(reading.motivation, reading.casing), **slots)  # fmt: skip
    reasons = [s for s in reading.background if _REASON.search(s) and s not in used and len(s.split()) <= 30]
    if reasons:
        return writer.say(
            "why.motivation", motivation=reasons[0], motivation_lower=lower_first(reasons[0], reading.casing), **slots
        )
    return ""  # no reason given: none is made up


def _bring(writer: Writer, used: list[str]) -> str:
    """Two strengths, and a background sentence that shows one of them when there is one."""
    strengths = writer.reading.strengths[:2]
    if not strengths:
        return ""
    if len(strengths) == 2:
        said = writer.say("bring.two", first=strengths[0], second=strengths[1])
    else:
        said = writer.say("bring.one", first=strengths[0])
    wanted = set().union(*(content_words(s) for s in strengths))
    unused = [s for s in writer.reading.background if s not in used and len(s.split()) <= 28]
    evidence = [s for s in unused if wanted & content_words(s)]
    if evidence:
        used.append(evidence[0])
        said += " " + writer.say(
            "evidence", evidence=evidence[0], evidence_lower=lower_first(evidence[0], writer.reading.casing)
        )
    return said


def _heading(writer: Writer, used: list[str]) -> str:
    reading, slots = writer.reading, writer.slots()
    move = "heading.role" if reading.role else "heading.industry"
    where = writer.say(f"{move}_inside" if reading.in_field else move, **slots)
    goal = reading.goal
    if goal and goal.text not in used and not goal.asks_for_a_job:
        where += " " + writer.say(f"heading.goal_{goal.kind}", goal=goal.text)
    return where


def _parts(writer: Writer, background_count: int) -> list[str]:
    reading = writer.reading
    chosen = reading.background_for(" ".join(filter(None, [reading.role, reading.industry])), background_count, 34)
    used = list(chosen)
    parts = []
    if chosen:
        background = " ".join(chosen)
        parts.append(
            writer.say("open", background=background, background_lower=lower_first(background, reading.casing))
        )
    why = _why(writer, used)
    parts += [why, _bring(writer, used), _heading(writer, used), writer.say("hand_back", **writer.slots())]
    return [sentence(p) if p and p[-1] not in ".!?" else p for p in parts if p]


def compose_intro(reading: Reading) -> str:
    """Use fewer background sentences until the whole answer fits the ninety seconds."""
    writer = Writer(Task.intro, reading)
    for count in (4, 3, 2, 1, 0):
        text = "\n".join(_parts(writer, count))
        if spoken_seconds(text) <= MAX_SECONDS and len(text.split()) <= TARGET_WORDS:
            return text
    parts = _parts(writer, 0)
    share = max(8, TARGET_WORDS // len(parts))
    return "\n".join(sentence(clip_words(part, share)) for part in parts)
