"""Delivery metrics of a take: one function for typed, timed and timing-only takes."""

from __future__ import annotations

import pytest

from coaching.rehearsal import feedback, rehearse_text
from coaching.rehearsal.metrics import TimedWord, Transcript, count_words, find_fillers, measure

CONTRACT_KEYS = {
    "duration_seconds",
    "speaking_seconds",
    "words",
    "words_per_minute",
    "fillers",
    "longest_pause_seconds",
    "over_time_seconds",
    "transcript",
    "points",
}


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("I taught chemistry.", 3),
        ("Well — I mean , it's 2024 !", 5),
        ("   ", 0),
        ("um, uh, so", 3),
        ("state-of-the-art work", 2),
        ("uh...I think", 3),  # a dash or an ellipsis typed without spaces still parts two words
        ("Um—I think", 3),
        ("I led—and grew—a team", 6),
    ],
)
def test_words_are_tokens_with_a_letter_or_digit(text: str, words: int) -> None:
    assert count_words(text) == words


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Um, I taught, uh, chemistry.", {"um": 1, "uh": 1}),
        ("Umm... hmm, ahh, erm, er, mm.", {"um": 1, "hmm": 1, "ah": 1, "erm": 1, "er": 1, "mm": 1}),
        ("My strengths are, like, explaining things.", {"like": 1}),
        ("Like, I love it.", {"like": 1}),
        ("Skills like Python. I'd like to learn. I like, you know, data.", {"you know": 1}),
        ("Because, you know, it matters. You know what I mean?", {"you know": 1}),
        ("As you know, I mean, it was basically, fine.", {"i mean": 1, "basically": 1}),
        ("So, I moved. So I stayed. It was so, so good.", {"so": 1}),
        ("Actually, I led it. I actually led it.", {"actually": 1}),
        ("It was kind of hard and sort of new.", {}),
        ("The part is 5 mm wide. Uh-huh. Mm-hmm. Umbrella, hummus, summer.", {}),
        ("", {}),
        # What people say in these meetings that only looks like a filler:
        ("Is there anyone else you know? I'd love to hear what you know.", {}),
        ("That is exactly what I mean, and more.", {}),
        ("I was a nurse in the ER, then studied at UM.", {}),  # abbreviations in capitals
        # ...and fillers that trail off into an ellipsis or a dash:
        ("I mean... it was hard. Like… wow. It was hard, you know.", {"i mean": 1, "like": 1, "you know": 1}),
    ],
)
def test_fillers_are_counted_conservatively(text: str, found: dict[str, int]) -> None:
    assert dict(find_fillers(text)) == found


def test_typed_take_with_its_length() -> None:
    text = " ".join(["word"] * 147 + ["um,", "uh,", "done."])  # 150 words, 2 of them fillers
    metrics = rehearse_text(text, seconds=60)
    assert metrics.words == 150
    assert metrics.words_per_minute == 150.0
    assert metrics.duration_seconds == 60.0
    assert metrics.speaking_seconds == 60.0
    assert metrics.fillers.count == 2
    assert metrics.fillers.per_minute == 2.0
    assert metrics.fillers.found == {"uh": 1, "um": 1}
    assert metrics.longest_pause_seconds is None  # a typed take has no timings
    assert metrics.over_time_seconds == 0.0
    assert metrics.points == []


def test_typed_take_over_ninety_seconds() -> None:
    metrics = rehearse_text("word " * 300, seconds=120)
    assert metrics.words_per_minute == 150.0
    assert metrics.over_time_seconds == 30.0
    assert "30 s over ninety seconds" in feedback(metrics)[0]


def test_typed_take_without_length_is_estimated_at_150_words_a_minute() -> None:
    metrics = rehearse_text("word " * 250)
    assert metrics.duration_seconds == 100.0
    assert metrics.over_time_seconds == 10.0
    assert metrics.words_per_minute is None  # an estimate says nothing about the pace
    sentences = feedback(metrics)
    assert sentences[0].startswith("At an ordinary 150 words a minute this takes about 1 min 40 s")
    assert not any("pace was" in s for s in sentences)


def test_json_has_exactly_the_contract_keys() -> None:
    dumped = rehearse_text("Um, hello there.", seconds=3).model_dump(mode="json")
    assert set(dumped) == CONTRACT_KEYS
    assert set(dumped["fillers"]) == {"count", "per_minute", "found"}


def _timed(*words: tuple[str, float, float]) -> Transcript:
    timed = [TimedWord(text=t, start=a, end=b) for t, a, b in words]
    return Transcript(text=" ".join(t for t, _, _ in words), duration_seconds=12.0, words=timed)


def test_timed_take_measures_the_talk_span_and_pauses() -> None:
    # Quiet before the first word (1 s) and after the last (3 s) is not talk; the 2.5 s gap is a pause.
    metrics = measure(
        _timed(
            ("I", 1.0, 1.2),
            ("teach", 1.2, 1.6),
            ("um,", 1.7, 2.0),
            ("chemistry.", 4.5, 5.5),
            ("Now", 5.6, 6.0),
            ("product.", 6.0, 9.0),
        )
    )
    assert metrics.duration_seconds == 12.0
    assert metrics.longest_pause_seconds == 2.5
    assert metrics.speaking_seconds == 5.5  # 8 s of talk span minus the 2.5 s pause (short gaps are not pauses)
    assert metrics.words == 6
    assert metrics.words_per_minute == 45.0  # 6 words in the 8 s talk span
    assert metrics.fillers.found == {"um": 1}
    assert metrics.over_time_seconds == 0.0


def test_overlapping_word_timings_make_no_negative_pause() -> None:
    metrics = measure(_timed(("a", 0.0, 2.0), ("b", 1.0, 1.5), ("c", 2.2, 3.0)))
    assert metrics.longest_pause_seconds == 0.2
    assert metrics.speaking_seconds == 3.0


def test_timing_only_take_when_transcription_is_off() -> None:
    transcript = Transcript(duration_seconds=100.0, voiced=[(0.5, 40.0), (44.0, 95.5)], words_known=False)
    metrics = measure(transcript)
    assert metrics.duration_seconds == 100.0
    assert metrics.speaking_seconds == 91.0
    assert metrics.longest_pause_seconds == 4.0
    assert metrics.over_time_seconds == 5.0
    assert (metrics.words, metrics.words_per_minute, metrics.transcript) == (0, None, "")
    assert metrics.fillers.model_dump() == {"count": None, "per_minute": None, "found": {}}
    assert "only the timing was measured" in " ".join(feedback(metrics))


@pytest.mark.parametrize(
    ("words", "seconds", "says"),
    [
        (80, 60, "on the slow side"),
        (130, 60, "comfortable"),
        (190, 60, "fast"),
    ],
)
def test_pace_is_judged_against_a_comfortable_band(words: int, seconds: float, says: str) -> None:
    sentences = feedback(rehearse_text("word " * words, seconds=seconds))
    assert any(says in s and "100–165" in s for s in sentences)


def test_a_few_fillers_a_minute_are_fine_and_zero_is_not_the_goal() -> None:
    few = feedback(rehearse_text("um, " + "word " * 140 + "uh, done", seconds=60))
    many = feedback(rehearse_text("um, " * 10 + "word " * 130, seconds=60))
    none = feedback(rehearse_text("word " * 140, seconds=60))
    assert any("no need to chase zero" in s for s in few)
    assert any("10 filler words" in s and "more than the 4" in s for s in many)
    assert any("zero is not the goal" in s for s in none)


@pytest.mark.parametrize(
    ("text", "seconds", "message"),
    [
        ("  \n", 10, "--transcript: the transcript is empty."),
        ("hello", 0, "--seconds: must be more than 0"),
        ("hello", 601, "--seconds: must be more than 0 and at most 600"),
    ],
)
def test_bad_typed_takes_are_refused(text: str, seconds: float, message: str) -> None:
    from coaching.errors import InputError

    with pytest.raises(InputError, match=message.replace("(", r"\(")):
        rehearse_text(text, seconds=seconds)
