"""The shape of a sentence that might ask for a job, read from its English parse.

The embedding says what a sentence is about; it hears "not asking for a job" and "asking for a job"
as nearly the same thing. The parse says how it is built: whether it asks (a question, "could you",
"I'd love", an "if…" offer), whether the job words sit under a negation in their own clause, whether
"me" is the one who gains, whether the question is *how* hiring works, and whether it only reports
something that happened. Each shape is one feature beside the embedding in the job-ask model, and
so is each word, marked when a negation governs it.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np
from spacy.tokens import Token

from coaching import english

# Words a sentence needs before its job words are looked for in the parse (kept apart from the gate
# in job_asks so each reads on its own).
JOB_TOKEN = re.compile(
    r"^(?:jobs?|hir\w*|roles?|positions?|openings?|vacanc\w*|refer\w*|recommend\w*|interview\w*|r[ée]sum[ée]s?|"
    r"cvs?|consider\w*|apply\w*|applications?|employ\w*|opportunit\w*|recruit\w*|headcount|posts?|work|"
    r"staff\w*|team|spot|place|seat|shift)$",
    re.I,
)
# Verbs of wanting: "I'd love…", "I'm hoping…", with the person as subject, ask as surely as a question.
WANTING = {"like", "love", "want", "hope", "appreciate", "welcome", "need", "seek", "look", "wish", "keen", "grateful",
           "thrill", "delight", "happy", "interested", "open", "available", "jump", "leap"}  # fmt: skip
# Verbs of a team taking someone on: "does your team need another analyst?", "is the crew short a cook?".
STAFFING = {"need", "hire", "recruit", "take", "add", "short", "look", "want", "bring", "grow", "expand", "fill",
            "use", "staff", "open", "come"}  # fmt: skip
# Words that make a person the object of staffing: "another analyst", "more nurses", "an extra pair of hands".
MORE = {"another", "more", "extra", "additional", "new", "any"}
# Clauses a negation does not reach: "I don't want just advice, I'm looking for a job".
CLAUSE_EDGES = {"conj", "parataxis", "advcl", "relcl"}
# Nouns that carry the person to someone else: "my CV", "my name", "my details".
CARRIED = {"cv", "resume", "résumé", "name", "details", "application", "profile", "portfolio"}

SHAPES = (
    "asks: a question",
    "asks: could you / would you",
    "asks: I'd love / I'm hoping",
    "asks: an if… offer",
    "me or my details gain",
    "job words not negated",
    "job words negated",
    "asks how or what about the job words",
    "reports the past",
    "asks about a team taking someone on",
)


def _clause_has(token, found: Callable[[Token], bool]) -> bool:
    """Whether `found` holds for a child of `token` or of a word above it, up to the edge of its own
    clause: a negation or a "how" governs only the clause it sits in."""
    while True:
        if any(found(child) for child in token.children):
            return True
        if token.dep_ in CLAUSE_EDGES or token.head.i == token.i:
            return False
        token = token.head


def _is_negation(token: Token) -> bool:
    return token.dep_ == "neg" or (token.dep_ == "det" and token.lower_ == "no")


def _is_wh(token: Token) -> bool:
    return token.lower_ in {"how", "what", "which", "why", "whether"}


def _negated(token: Token) -> bool:
    """Whether a negation governs `token` within its own clause."""
    return _clause_has(token, _is_negation)


def _clause_has_wh(token: Token) -> bool:
    """Whether a how/what/which sits in the clause that holds `token` ("how do people get hired")."""
    return _clause_has(token, _is_wh)


def marked_words(sentence: str) -> list[str]:
    """The sentence's words in lower case, each one a negation governs marked "not_": "I'm not after a
    job, just a chance to work with you" keeps "work" free while "job" is "not_job"."""
    return [
        ("not_" if _negated(token) else "") + token.lower_
        for token in english.parse(sentence)
        if not (token.is_space or token.is_punct)
    ]


def shape(sentence: str) -> np.ndarray:
    """One 0/1 feature per entry of SHAPES."""
    doc = english.parse(sentence)
    tokens = [token for token in doc if not token.is_space]
    if not tokens:
        return np.zeros(len(SHAPES), dtype=np.float32)
    first = tokens[0]
    question = sentence.rstrip().endswith("?") or (
        (first.tag_ == "MD" or first.lemma_ in {"do", "be", "have"})
        and any(token.dep_ in {"nsubj", "expl"} and token.i > first.i for token in first.head.children)
    )
    could_you = any(
        token.tag_ == "MD"
        and any(child.dep_ == "nsubj" and child.lower_ in {"you", "u"} for child in token.head.children)
        for token in tokens
    ) or any(token.lower_ in {"please", "pls"} for token in tokens)
    wanting = any(
        token.lemma_.lower() in WANTING
        and any(child.dep_ == "nsubj" and child.lower_ in {"i", "we"} for child in token.children)
        and not _negated(token)
        for token in tokens
    ) or any(
        token.lemma_.lower() in WANTING and token.head.lemma_ == "be" and token.dep_ == "acomp" for token in tokens
    )
    conditional = any(
        token.dep_ == "mark" and token.lower_ in {"if", "whenever", "once", "when"} for token in tokens
    ) or (first.lower_ in {"should", "were"} and first.dep_ == "aux" and first.head.dep_ == "advcl")
    gains = any(token.lower_ == "me" and token.dep_ in {"dobj", "dative", "iobj", "pobj", "nsubj"} for token in tokens)
    gains = gains or any(token.lower_ in {"my", "me"} and token.head.lower_ in CARRIED for token in tokens)
    job_tokens = [token for token in tokens if JOB_TOKEN.match(token.text)]
    negations = [_negated(token) for token in job_tokens]
    free, negated = not all(negations), any(negations)
    wh = any(_clause_has_wh(token) for token in job_tokens) or (
        first.lower_ in {"how", "what", "which"} and first.head.dep_ == "ROOT"
    )
    root = next((token for token in tokens if token.dep_ == "ROOT"), first)
    past = root.tag_ in {"VBD", "VBN"} and not question and not any(token.tag_ == "MD" for token in tokens)
    staffing = (question or conditional) and any(
        token.lemma_.lower() in STAFFING
        and any(child.dep_ in {"dobj", "attr", "acomp", "prt"} for child in token.children)
        and any(grand.lower_ in MORE for child in token.children for grand in child.children)
        for token in tokens
    )
    staffing = staffing or ((question or conditional) and any(
        token.lemma_.lower() in {"short", "hire", "recruit", "staff"} and not _clause_has_wh(token) for token in tokens
    ))  # fmt: skip
    values = (question, could_you, wanting, conditional, gains, free, negated, wh, past, staffing)
    return np.array(values, dtype=np.float32)
