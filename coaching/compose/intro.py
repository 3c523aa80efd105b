""" "Tell me about yourself": spoken, first person, at most ninety seconds at 150 words a minute."""

from __future__ import annotations

from coaching.compose.common import (
    as_sentence,
    clip_words,
    join_names,
    lower_first,
    role_phrase,
    spoken_seconds,
    tone_of,
    unique,
    without_stop,
)
from coaching.models import CoachInput

MAX_SECONDS = 90
# Leave room for a breath: aim a little under the ninety-second line.
TARGET_WORDS = 200


def _parts(data: CoachInput, background_words: int) -> list[str]:
    profile = data.profile
    tone = tone_of(data).name
    industry = profile.target_industry
    background = clip_words(profile.background, background_words)
    parts = [
        {
            "warm": f"Here's the short version. {as_sentence(background)}",
            "formal": f"Briefly, my background: {as_sentence(background)}",
            "brief": f"In short: {as_sentence(background)}",
        }[tone]
    ]
    role = f", and in particular work as {role_phrase(profile.target_role)}," if profile.target_role else ""
    parts.append(
        {
            "warm": f"That experience is what draws me to {industry}{role} and I'd like to understand it from "
            "the inside before I decide how to get there.",
            "formal": f"That experience has led me towards {industry}{role} and I would like to understand the "
            "field properly before deciding how to enter it.",
            "brief": f"That's what draws me to {industry}{role} so I'm learning how the field works.",
        }[tone]
    )
    parts.append(
        {
            "warm": "I'm not applying for anything yet; right now I'm talking to people who do the work.",
            "formal": "I am not applying for positions at this stage; I am speaking with people in the field.",
            "brief": "I'm not applying yet, just learning from people in the field.",
        }[tone]
    )
    strengths = unique(profile.strengths)[:2]
    if strengths:
        label = "Two things I'd bring" if len(strengths) == 2 else "What I'd bring"
        if tone == "formal":
            label = label.replace("I'd", "I would")
        parts.append(f"{label}: {join_names([without_stop(s) for s in strengths])}.")
    if profile.goal:
        parts.append(f"My goal: {lower_first(without_stop(profile.goal))}.")
    parts.append(
        {
            "warm": "I'd love to hear how you came into the field yourself.",
            "formal": "I would be interested to hear how you entered the field yourself.",
            "brief": "How did you get into the field?",
        }[tone]
    )
    return parts


def compose_intro(data: CoachInput) -> str:
    """Shorten the background until the whole answer fits the ninety seconds."""
    for background_words in (90, 70, 50, 35, 20, 10):
        text = "\n".join(_parts(data, background_words))
        if spoken_seconds(text) <= MAX_SECONDS and len(text.split()) <= TARGET_WORDS:
            return text
    # Very long strengths or goal: keep every part but clip each to fit.
    parts = _parts(data, 10)
    share = max(8, TARGET_WORDS // len(parts))
    return "\n".join(clip_words(part, share) for part in parts)
