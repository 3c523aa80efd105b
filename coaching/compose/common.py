"""Small pieces of wording that every offline draft shares: names, lists, tone and clean sentences."""

from __future__ import annotations

import re
from dataclasses import dataclass

from coaching.models import CoachInput

WORDS_PER_MINUTE = 150
# A subject line longer than this is cut off in most inboxes.
SUBJECT_LIMIT = 60

# First words that can be lowercased when a person's fragment is continued mid-sentence;
# anything else (a name, an acronym, a product) keeps its capital.
_FUNCTION_WORDS = {
    "a", "an", "the", "how", "what", "why", "when", "where", "which", "who", "whether", "about", "our",
    "their", "his", "her", "its", "my", "your", "some", "several", "two", "three", "one", "ways", "working",
    "understand", "learn", "find", "get", "move", "build", "help", "become", "make", "use", "work", "switch",
    "land", "explore", "keep", "read", "wrote", "met", "started", "joined", "attended", "signed", "took",
    "finished", "completed", "contacted", "spoke", "called", "emailed", "sent", "applied", "updated",
    "entry-level", "career", "careers", "role", "roles", "industry", "salary", "salaries", "pay", "hiring",
    "interview", "interviews", "projects", "project", "tools", "skills", "training", "courses", "books",
    "networking", "day-to-day", "typical", "common", "current", "recent", "new", "different",
}  # fmt: skip


@dataclass(frozen=True)
class Tone:
    """The wording that changes with `options.tone`."""

    name: str
    hello: str
    thanks_close: str
    sign_off: str


TONES = {
    "warm": Tone("warm", "Hi", "Thank you for considering it.", "Best wishes,"),
    "formal": Tone("formal", "Dear", "Thank you for considering my request.", "Kind regards,"),
    "brief": Tone("brief", "Hi", "Thanks for considering it.", "Best,"),
}


def fit_subject(preferred: str, shorter: str) -> str:
    """The preferred subject line when it fits the limit, else the shorter one (cut to fit if need be)."""
    return preferred if len(preferred) <= SUBJECT_LIMIT else shorter[:SUBJECT_LIMIT].rstrip()


def tone_of(data: CoachInput) -> Tone:
    return TONES[data.options.tone]


def first_name(full_name: str) -> str:
    """The name to greet someone by: a title keeps the surname ("Dr. Alice Brennan" → "Dr. Brennan"),
    "Lee, Sam" is Sam, and a name that opens with an initial or a particle ("J. R. R. Tolkien",
    "van der Berg") is used whole rather than guessed at."""
    if full_name.count(",") == 1:
        surname, _, given = full_name.partition(",")
        if given.strip() and surname.strip():
            full_name = f"{given.strip()} {surname.strip()}"
    parts = full_name.split()
    if not parts:
        return ""
    if parts[0].rstrip(".").lower() in {"dr", "prof", "professor", "mr", "mrs", "ms", "mx", "sir", "dame"}:
        return " ".join([parts[0], parts[-1]]) if len(parts) > 1 else parts[0]
    if len(parts) > 1 and (parts[0][:1].islower() or re.fullmatch(r"\w\.", parts[0])):
        return full_name
    return parts[0]


def greeting(data: CoachInput) -> str:
    tone = tone_of(data)
    name = data.contact.name
    return f"{tone.hello} {name if tone.name == 'formal' else first_name(name)},"


def signature(data: CoachInput) -> str:
    return f"{tone_of(data).sign_off}\n{data.profile.name}"


def join_names(items: list[str]) -> str:
    """ "A", "A and B", "A, B and C"."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def unique(items: list[str]) -> list[str]:
    """The items in order, each once, whatever its case ("python" and "PYTHON" are one)."""
    seen: dict[str, str] = {}
    for item in items:
        seen.setdefault(item.casefold(), item)
    return list(seen.values())


def lower_first(text: str) -> str:
    """Lowercase the first word when it is an ordinary word, so a fragment can continue a sentence."""
    head, _, _ = text.partition(" ")
    if head.lower() in _FUNCTION_WORDS and head[:1].isupper() and (len(head) == 1 or head[1:].islower()):
        return text[0].lower() + text[1:]
    return text


def upper_first(text: str) -> str:
    """Capitalise the first letter, unless the word is written that way on purpose ("iOS", "eBay")."""
    if text[1:2].isupper():
        return text
    return text[:1].upper() + text[1:]


def as_sentence(text: str) -> str:
    """Capitalised and ending with a full stop (or the person's own ! or ?)."""
    text = text.strip()
    if not text:
        return ""
    text = upper_first(text)
    return text if text[-1] in ".!?…" else text + "."


def without_stop(text: str) -> str:
    """The text without its closing punctuation, so a sentence can carry on or end it once."""
    return text.strip().rstrip(".;:,!? ")


# "We discussed how she moved…" reads as "…our conversation about how she moved…".
_TOPIC_LEAD = re.compile(
    r"^(?:(?:we|i)\s+)?(?:discussed|talked about|spoke about|chatted about|covered|talked through)\s+", re.I
)


def topic_phrase(text: str) -> str:
    """What was discussed, as a phrase that can follow "about"."""
    return lower_first(without_stop(_TOPIC_LEAD.sub("", text.strip())))


def sentences(text: str) -> list[str]:
    """Split into sentences on . ! ? or a line break."""
    parts = re.split(r"(?<=[.!?])\s+|\n+", text.strip())
    return [p.strip() for p in parts if p.strip()]


def words(text: str) -> list[str]:
    return [w for w in text.split() if any(ch.isalnum() for ch in w)]


def spoken_seconds(text: str) -> float:
    """Seconds to say `text` aloud at 150 words a minute."""
    return round(len(words(text)) * 60 / WORDS_PER_MINUTE, 1)


def clip_words(text: str, limit: int) -> str:
    """At most `limit` words, cut at a sentence or clause boundary where one is near."""
    found = words(text)
    if len(found) <= limit:
        return text.strip()
    kept = []
    for sentence in sentences(text):
        if len(words(" ".join([*kept, sentence]))) > limit:
            break
        kept.append(sentence)
    if kept:
        return " ".join(kept)
    # The first sentence alone is too long: end it at the last clause boundary within the limit.
    head = " ".join(text.split()[:limit])
    cut = max(head.rfind(","), head.rfind(";"), *(head.rfind(f" {w} ") for w in ("and", "but", "or", "which")))
    if cut > len(head) // 3:
        return head[:cut].rstrip(",; ") + "."
    return head.rstrip(",; ") + "…"


def short_background(data: CoachInput, limit: int = 40) -> str:
    """The first sentence or so of the background, small enough for a message."""
    first = sentences(data.profile.background)[0] if data.profile.background else ""
    return without_stop(clip_words(first, limit))


def target(data: CoachInput) -> str:
    """ "health technology" or "health technology, as a clinical safety officer"."""
    industry = data.profile.target_industry
    role = data.profile.target_role
    return f"{industry}, as {role_phrase(role)}" if role else industry


# Spelt-out letters that start with a vowel sound: "an MBA", "an SRE", but "a UX researcher".
_VOWEL_LETTERS = set("AEFHILMNORSX")
_VOWEL_BUT_A = ("uni", "use", "usu", "eu", "one", "once", "ur")
_SILENT_H = ("hour", "honest", "honor", "honour", "heir")


def article(noun: str) -> str:
    """ "a" or "an", by how the word sounds."""
    word = noun.strip().split(" ")[0].split("-")[0]
    if len(word) > 1 and word.isupper():  # an acronym, read letter by letter
        return "an" if word[0] in _VOWEL_LETTERS else "a"
    lower = word.lower()
    if lower.startswith(_SILENT_H):
        return "an"
    if lower.startswith(_VOWEL_BUT_A):
        return "a"
    return "an" if lower[:1] in set("aeiou") else "a"


_DETERMINED = re.compile(r"^(?:a|an|the|one of|my|our)\s", re.I)  # "a senior analyst", "one of the leads"


def role_phrase(role: str) -> str:
    """ "a research associate" and "a UX researcher"; a title such as "Head of Product", or a role the
    person already gave an article, as it is."""
    role = without_stop(role)
    first = role.split()[0] if role.split() else role
    is_title = first[:1].isupper() and not (len(first) > 1 and first.isupper())
    return role if is_title or _DETERMINED.match(role) else f"{article(role)} {role}"


def contact_place(data: CoachInput) -> str:
    """How the draft refers to the contact's position, from what the person supplied; "" when they
    gave neither role nor organisation (the draft must not guess where the contact works)."""
    role = data.contact.role
    org = re.sub(r"^at\s+", "", without_stop(data.contact.organization), flags=re.I)
    if role and org:
        return f"as {role_phrase(role)} at {org}"
    if role:
        return f"as {role_phrase(role)}"
    if org:
        return f"at {org}"
    return ""
