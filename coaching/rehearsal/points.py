"""Which sentences of the script the take says, tolerant of paraphrase.

Each script sentence (a line break also ends one) is embedded with the MiniLM model the coach
already ships and compared with windows of the take: its sentences and runs of 8, 16 and 24
words, so a point said inside a long run-on sentence is found too. The best window's cosine
similarity decides. Hesitation sounds are taken out of the take first; they only blur it.

`COVERED_AT` was tuned on espeak-ng recordings of three scripts at two speeds, transcribed by
the bundled Whisper model, and on typed paraphrases (tests/test_rehearsal_points.py): points
said aloud scored 0.78-1.00 even through Whisper's mishearings, close paraphrases 0.74-0.96,
while dropped points scored at most 0.51 and vague topic-only sentences ("Product management
is interesting.") at most 0.64. The threshold sits above those: a point counts as covered only
when the take really says it, and a loose paraphrase ("Before this I was a science teacher",
0.65) is marked dropped rather than a dropped point covered. A 90-second take makes about 100
windows: about a second of embedding.
"""

from __future__ import annotations

import re

from coaching.errors import InputError
from coaching.rehearsal.metrics import PointCheck

COVERED_AT = 0.68
WINDOW_SIZES = (8, 16, 24)
# Sentences longer than this are compared by their opening words (the model reads 256 pieces).
MAX_POINT_CHARS = 600
MAX_POINTS = 60

# A sentence ends at . ! ? or … (and any closing quote or bracket) when the next word does not
# start in lower case: "at Acme Inc. in Denver" and "a Ph.D. in physics" stay whole.
_END_MARK = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s)")
# ...nor after a title, "e.g." or an initial, which a name or an example follows.
_NOT_AN_END = re.compile(r"\b(?:Mr|Ms|Mrs|Dr|Prof|St|vs|e\.g|i\.e)\.$", re.IGNORECASE)
_INITIAL = re.compile(r"(?:^|[\s.(])[A-Z]\.$")  # "J. K. Rowling", "the U.S. Army"
_BULLET = re.compile(r"^\s*(?:[-*•·–—]|\(?\d+[.)]|\(?[a-z]\))\s+")
# A sentence that only leads into the next ("Here's the short version.") is not a point to cover.
_CONNECTIVE = re.compile(
    r"^(?:so|ok|okay|well|anyway)?[,\s]*"
    r"(?:here(?:'s| is) (?:the|my) (?:short|quick|long|brief) (?:version|story|summary)"
    r"|in short|in a nutshell|to sum (?:it )?up|long story short|that'?s me in a nutshell|let me explain"
    r"|(?:a|some) (?:bit of |quick )?background(?: on me)?|a bit about me|about me|quick intro)[\s.:!…-]*$",
    re.IGNORECASE,
)
_HESITATION = re.compile(r"(?<![\w'-])(?:u+h?m+|u+h+|e+r+m*|a+h+|h+m+|m{2,})(?![\w'-])[,.]?", re.IGNORECASE)


def split_sentences(text: str) -> list[str]:
    """The sentences of one line of text, each with its closing punctuation and quotes."""
    sentences, start = [], 0
    for mark in _END_MARK.finditer(text):
        rest = text[mark.end() :].lstrip()
        before = text[start : mark.end()]
        if not rest or rest[0].islower() or _NOT_AN_END.search(before) or _INITIAL.search(before):
            continue
        sentences.append(before)
        start = mark.end()
    sentences.append(text[start:])
    return [" ".join(s.split()) for s in sentences if s.strip()]


def split_points(script: str) -> list[str]:
    """The script's sentences in order; a line break ends one too, list bullets are dropped."""
    points = [
        sentence
        for line in script.splitlines()
        for sentence in split_sentences(_BULLET.sub("", line))
        if any(ch.isalpha() for ch in sentence) and not _CONNECTIVE.match(sentence)
    ]
    if len(points) > MAX_POINTS:
        raise InputError(
            f"script: at most {MAX_POINTS} sentences (this has {len(points)}).",
            "A ninety-second introduction has ten or so; keep the ones you mean to say.",
        )
    return points


def _windows(transcript: str) -> list[str]:
    text = " ".join(_HESITATION.sub(" ", transcript).split())
    words = text.split()
    if not words:
        return []
    windows = split_sentences(text)
    for size in WINDOW_SIZES:
        if size >= len(words):
            windows.append(" ".join(words))
            break
        step = max(2, size // 2)
        starts = list(range(0, len(words) - size + 1, step))
        if starts[-1] != len(words) - size:
            starts.append(len(words) - size)  # the take's last words get a window of their own
        windows.extend(" ".join(words[i : i + size]) for i in starts)
    return list(dict.fromkeys(windows))


def check_points(script: str, transcript: str) -> list[PointCheck]:
    """Each sentence of the script, marked covered when the take says it (in other words or not)."""
    points = split_points(script)
    if not points:
        return []
    windows = _windows(transcript)
    if not windows:
        return [PointCheck(point=point, covered=False) for point in points]

    from coaching.embedding import get_embedder

    embedder = get_embedder()
    vectors = embedder.embed([point[:MAX_POINT_CHARS] for point in points] + windows)
    similarity = vectors[: len(points)] @ vectors[len(points) :].T
    checks = []
    for point, row in zip(points, similarity, strict=True):
        best = int(row.argmax())
        score = float(row[best])
        checks.append(
            PointCheck(point=point, covered=score >= COVERED_AT, score=round(score, 3), evidence=windows[best])
        )
    return checks
