"""Whether a sentence asks for a job, judged by what it means rather than which words it uses: what
the `no-job-request` check runs. `make eval` prints its recall and precision on the held-back
labelled sentences, set by set, and every sentence it gets wrong.

A sentence that touches on jobs (hiring, a role, a referral, a résumé…) or asks for anything at all
("could you…", "count me in", "if…") is embedded with MiniLM and scored by a small logistic model
trained on labelled sentences in
`tests/data/job_asks_train*.json` (`bench/train_job_asks.py` writes `coaching/data/job_asks.npz`).
Beside the embedding the model sees cues a coach would notice (is it a question, does it ask "could
you", "keep me in mind", does it ask *how* hiring works) and the shape of its English parse
(`ask_shape`: whether a negation governs the job words in their own clause, who gains, whether it
only reports the past).
Every decision can be explained: the check quotes the sentence and names what it asks for, by a
vote of the labelled asks most like it ("asks for a referral"); a plain statement that neither
mentions work nor asks for anything is never read as an ask.
"""

from __future__ import annotations

import itertools
import re
import zlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from coaching import english
from coaching.checks.ask_shape import marked_words, shape

MODEL_FILE = Path(__file__).resolve().parent.parent / "data" / "job_asks.npz"
# Above this probability a sentence is an ask: on the held-back sentences, 0.6 trades a little recall
# for fewer false alarms on honest questions about hiring.
THRESHOLD = 0.6

# Words without which a sentence cannot be about getting a job: the classifier reads only these.
JOB_WORDS = re.compile(
    r"\b(?:jobs?|hir\w*|roles?|positions?|openings?|opening up|opens? up|vacanc\w*|refer\w*|recommend\w*|"
    r"interview\w*|r[ée]sum[ée]s?|cvs?|considered|consider me|apply\w*|applications?|employ\w*|"
    r"opportunit\w*|recruit\w*|foot in the door|good word|keep me in mind|comes? up|come up|"
    r"join (?:you|your)|fit for|headcount|offer|work\w*|team|staff\w*|crew\w*|"
    r"intake|apprentic\w*|trainee\w*|placement|internship|contract|shifts?|paid|start|chance|door|frame|nominat\w*|"
    r"behalf|place|part of|word (?:with|in)|tak(?:e|ing) \w+ on|looking for|"
    r"need (?:a|an|someone|anyone|any|more|another))\b",
    re.I,
)
# A sentence can only ask for something if it asks, hopes, wants or offers ("count me in"): a plain
# statement of background never goes to the model. Together with JOB_WORDS, the sentences it reads.
ASKING = re.compile(
    r"\?|\b(?:could|would|can|will|might|may) (?:you|i|we)\b|\bplease\b|\bpls\b|\bif\b|\blet me\b|\bkeep me\b|"
    r"\bcount me\b|\bi'?m (?:after|looking|hoping|seeking|interested|keen|open|available)\b|"
    r"\bi(?: |'d )(?:want|need|hope|love|like|welcome|be grateful|would love|would like|am looking|am hoping)\b|"
    r"\bi wanted\b|\bany chance\b|\bcandidate\w*\b|\bpost\b|\broom for\b|\bkept in\b|"
    r"\bwonder(?:ed|ing)?\b|\bmind\b|\bhappy to\b|\bme (?:on|in|up|a|an)\b|\bfor me\b|\bmy (?:name|details)\b|"
    r"^(?:is|are|r|do|does|did|will|can|have|has|any)\b|\b(?:u|ur|wld|keen|hoping|checking|asking)\b|"
    r"\b(?:could|would|should)\b",
    re.I,
)
# "Is Acme hiring product analysts?", "No pressure, but r u guys recruiting rn?": whether they are
# hiring, asked outright, is an ask whatever the model makes of the name. Not "how is Acme hiring" or "part of hiring".
HIRING_QUESTION = re.compile(
    r"(?:^|[,;:—–]\s+|\bbut\s+)\W*(?:(?:so|and|but|also|btw|just|quick question|hey|hi)\W+)*(?:is|are|r)\s+"
    r"(?!(?:there|it|most|many|any|some|other|all|few|lots)\b)"
    r"(?:(?!\b(?:how|what|when|why|where|which|to|of|for|about|in|on)\b)[^?.!]){1,60}?"
    r"\b(?:hiring|recruiting|taking on)\b[^?.!]*\?",
    re.I,
)
# Where one sentence holds two thoughts: a semicolon, or a dash with a space either side.
PART_BREAK = re.compile(r"\s*;\s*|\s+[—–-]\s+")
# The shape and wording of a sentence, as features beside its meaning: each says one thing a
# coach would notice (a question, a request, "is X hiring", a referral, a résumé passed on, "how do
# people get hired", a disclaimer that governs the job words, advice words, scheduling words…).
CUES = tuple(
    re.compile(cue, re.I)
    for cue in (
        r"\b(?:jobs?|roles?|positions?|openings?|vacanc\w*|posts?|seat|spot|place|work)\b",
        r"\b(?:is|are|does|do|will)\b.{0,50}\b(?:hiring|recruiting|taking on|looking for (?:people|staff|someone))\b"
        r"|\bhiring\?|\brecruiting\?",
        r"\b(?:refer(?:ring)? me|referral|recommend(?:ing)? me|recommendation|good word|talk me up|vouch|"
        r"put me forward|introduce me to (?:the )?(?:hiring|recruit))",
        r"\b(?:pass|send|forward|share|get|find its way|land\w*)\b.{0,40}"
        r"\b(?:cv|r[ée]sum[ée]|details|application|name)\b|\b(?:cv|r[ée]sum[ée])\b.{0,40}\b(?:to|along|with|through)\b",
        r"\b(?:consider(?:ed)?(?: me)?|keep me in mind|kept in (?:mind|view)|count me in|think of me|candidate|pool|"
        r"shortlist|see me (?:in|as))\b",
        r"\binterview\b",
        r"\b(?:looking for|after|need|want|seeking|hoping for)\b (?:a |an |any |some )?"
        r"(?:job|role|position|work|employment|opening)",
        r"\b(?:foot in the door|in the door|getting in|get in with|onto the team|on board|bring me on|take me on|"
        r"room for)\b",
        r"\bhow (?:do|did|does|would|people|to|they)\b|\bwhat (?:do|does|did)\b.{0,40}\b(?:look for|want|value|need)\b"
        r"|\bwhat makes\b",
        r"\b(?:advice|perspective|learn|understand|chat|coffee|call|conversation|minutes|mins|pointers|insight|"
        r"resources?|book|article)\b",
        r"\b(?:not|n't|never|no)\b.{0,30}\b(?:asking|looking|after|seeking|expecting|hoping|request)\b.{0,25}"
        r"\b(?:jobs?|roles?|positions?|referrals?|openings?|employment|interview|work)\b"
        r"|\bnot a job\b|\bno (?:hidden )?job\b",
        r"\b(?:me|my|i|i'm|i'd)\b",
        r"\b(?:could|would|can|will|might) you\b|\bplease\b|\bpls\b",
        r"\?\s*$",
        r"\bif\b|\bshould (?:you|your)\b|\bin case\b|\bwhenever\b|\bever\b",
        r"\b(?:calendar|schedule|next week|this week|friday|monday|slot in|time for a)\b",
        r"\b(?:name|someone|anyone|people|person)\b.{0,30}\b(?:talk|speak|chat|advice|ask)\b",
        r"\b(?:thank|thanks|grateful for the|appreciate)\b",
    )
)
# The cues count for more than any one of the 384 embedding dimensions (after scaling).
CUE_WEIGHT = 3.0
# Words and word pairs ("remember me", "not_job"), hashed into this many slots: the phrasings the
# embedding blurs together ("a kind word about me" and "a kind word from you") differ here.
WORD_SLOTS = 4096
WORD_WEIGHT = 4.0


# What each kind of ask does, said to the person whose draft it is.
WHAT_IT_ASKS = {
    "a job": "asks for a job",
    "an interview": "asks for an interview",
    "a referral": "asks for a referral",
    "a recommendation": "asks for a recommendation",
    "to be considered": "asks to be considered for a role",
    "to forward my résumé": "asks them to pass on your résumé",
    "a good word": "asks them to put in a good word for you",
    "a foot in the door": "asks them to get you in the door",
    "whether you are hiring": "asks whether they are hiring",
}


@dataclass(frozen=True)
class JobAsk:
    sentence: str
    asks_for: str  # "a referral", "whether you are hiring"…
    score: float

    @property
    def what_it_asks(self) -> str:
        return WHAT_IT_ASKS.get(self.asks_for, "asks for a job")


def reads_as_possible_ask(sentence: str) -> bool:
    """Whether the model needs to read it at all: it mentions work, or it asks for something."""
    return bool(JOB_WORDS.search(sentence) or ASKING.search(sentence))


def cue_features(sentence: str) -> np.ndarray:
    return np.array([bool(cue.search(sentence)) for cue in CUES], dtype=np.float32)


def hand_features(sentences: list[str]) -> np.ndarray:
    """The cues and the parse's shapes of each sentence (0/1), one row per sentence."""
    return np.vstack([np.concatenate([cue_features(s), shape(s)]) for s in sentences])


def word_features(sentence: str) -> np.ndarray:
    """Which words and pairs of neighbouring words the sentence holds, negated ones marked (0/1)."""
    words = marked_words(sentence)
    present = np.zeros(WORD_SLOTS, dtype=np.float32)
    for gram in {*words, *(f"{a} {b}" for a, b in itertools.pairwise(words))}:
        present[zlib.crc32(gram.encode()) % WORD_SLOTS] = 1.0
    return present


def word_matrix(sentences: list[str]) -> np.ndarray:
    # Left 0/1 rather than scaled: scaling a rare word would make it shout.
    return np.vstack([word_features(s) for s in sentences]) * WORD_WEIGHT


def model_input(
    vectors: np.ndarray, hand: np.ndarray, words: np.ndarray, mean: np.ndarray, spread: np.ndarray
) -> np.ndarray:
    """What the full model reads: the embedding and the hand features scaled by the stored mean and
    spread (the hand ones weighted up), then the words."""
    z = (np.hstack([vectors, hand]) - mean) / spread
    z[:, -hand.shape[1] :] *= CUE_WEIGHT
    return np.hstack([z, words])


def screen_input(hand: np.ndarray, words: np.ndarray, mean: np.ndarray, spread: np.ndarray) -> np.ndarray:
    """What the screen reads: the same hand features and words, without the embedding."""
    z = (hand - mean[-hand.shape[1] :]) / spread[-hand.shape[1] :] * CUE_WEIGHT
    return np.hstack([z, words])


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-x))


def split_sentences(text: str) -> list[str]:
    """The sentences of a draft: lines, then sentence ends (a numbered question is a sentence too)."""
    found = []
    for line in text.splitlines():
        line = re.sub(r"^\s*(?:\d{1,2}[.)]|[-*•])\s+", "", line).strip()
        found += [part.strip() for part in re.split(r"(?<=[.!?])\s+(?=[A-Z\"“(])", line) if part.strip()]
    return found


@cache
def _model() -> dict[str, np.ndarray]:
    with np.load(MODEL_FILE, allow_pickle=False) as stored:
        return {key: stored[key] for key in stored.files}


def _model_scores(sentences: list[str]) -> np.ndarray:
    """The model's probability for each sentence (0 for sentences the gate keeps from it).

    Two stages, because the embedding is the slow part (about 5 ms a sentence): a screen reads the
    words and the parse alone and clears what is plainly no ask; the full model, embedding included,
    reads the rest. The screen's floor lets through 99.5 % of the asks it was not trained on."""
    from coaching.embedding import get_embedder

    result = np.zeros(len(sentences), dtype=np.float32)
    candidates = [i for i, s in enumerate(sentences) if reads_as_possible_ask(s)]
    if not candidates:
        return result
    texts = [sentences[i] for i in candidates]
    model = _model()
    english.parse_many(texts)
    hand, words = hand_features(texts), word_matrix(texts)
    screened = screen_input(hand, words, model["mean"], model["spread"]) @ model["screen_weights"]
    kept = _sigmoid(screened + model["screen_bias"]) >= model["screen_floor"]
    if not kept.any():
        return result
    vectors = get_embedder().embed([text for text, keep in zip(texts, kept, strict=True) if keep])
    x = model_input(vectors, hand[kept], words[kept], model["mean"], model["spread"])
    result[np.array(candidates)[kept]] = _sigmoid(x @ model["weights"] + model["bias"])
    return result


def parts(sentence: str) -> list[str]:
    """The sentence and, when a dash or semicolon joins two thoughts, each of them: "We needn't talk
    careers in general — what I really want is a job at your museum" asks in its second half."""
    halves = [half for half in PART_BREAK.split(sentence) if half.strip()]
    return [sentence, *halves] if len(halves) > 1 else [sentence]


def scores(sentences: list[str]) -> np.ndarray:
    """The probability that each sentence asks for a job: the highest of the sentence and its parts,
    and 1 for a question whether they are hiring."""
    pieces = [(i, piece) for i, sentence in enumerate(sentences) for piece in parts(sentence)]
    piece_scores = _model_scores([piece for _, piece in pieces])
    result = np.zeros(len(sentences), dtype=np.float32)
    for (i, piece), score in zip(pieces, piece_scores, strict=True):
        result[i] = max(result[i], 1.0 if HIRING_QUESTION.search(piece) else score)
    return result


def job_asks(text: str) -> list[JobAsk]:
    """The sentences of `text` that ask for a job, each with what it asks for."""
    sentences = split_sentences(text)
    probabilities = scores(sentences)
    asks = [i for i, p in enumerate(probabilities) if p >= THRESHOLD]
    if not asks:
        return []
    from coaching.embedding import get_embedder

    model = _model()
    vectors = get_embedder().embed([sentences[i] for i in asks])
    similar = vectors @ model["examples"].T
    return [
        JobAsk(
            sentences[i],
            "whether you are hiring" if HIRING_QUESTION.search(sentences[i]) else _kind_of_ask(row, model["asks_for"]),
            float(probabilities[i]),
        )
        for i, row in zip(asks, similar, strict=True)
    ]


def _kind_of_ask(similarity: np.ndarray, kinds: np.ndarray, neighbours: int = 7) -> str:
    """What the labelled asks most like this sentence ask for, by a vote weighted by likeness: one
    near example alone can be an odd one."""
    votes: dict[str, float] = {}
    for n in np.argsort(-similarity)[:neighbours]:
        votes[str(kinds[n])] = votes.get(str(kinds[n]), 0.0) + float(similarity[n])
    return max(votes, key=votes.__getitem__)
