"""Points of the script against the take: paraphrase counts, a dropped point does not."""

from __future__ import annotations

import pytest

from coaching.errors import InputError
from coaching.rehearsal import rehearse_text
from coaching.rehearsal.points import check_points, split_points

SCRIPTS = {
    "teacher": (
        "I spent six years as a high school chemistry teacher in Ohio.\n"
        "I am moving into product management because I love turning messy problems into clear plans.\n"
        "I would like to learn how your team decides what to build next.\n"
        "My strengths are explaining hard ideas simply and running projects with many people.\n"
        "My goal is a junior product role at a health technology company within a year."
    ),
    "nurse": (
        "I have worked as an intensive care nurse for eight years. After a hospital redesign project, I became "
        "curious about how people use medical devices. I want to move into user experience research for health "
        "care products. I am good at noticing small details and staying calm under pressure. I hope to hear how "
        "you made a similar switch and what skills mattered most."
    ),
    "accountant": (
        "I am an accountant at a mid-sized logistics firm in Rotterdam.\n"
        "For the last two years I have automated our monthly reports with Python.\n"
        "That work made me want to become a data analyst in the energy sector.\n"
        "I bring careful work habits and a strong sense of how a business makes money.\n"
        "I would love your advice on which projects would make my portfolio stand out."
    ),
}


def test_points_are_the_scripts_sentences_in_order() -> None:
    script = "Hi, I'm Maya. I teach chemistry!\n- I want product work\n\n2. Why? Because plans matter…  Thanks."
    assert split_points(script) == [
        "Hi, I'm Maya.",
        "I teach chemistry!",
        "I want product work",
        "Why?",
        "Because plans matter…",
        "Thanks.",
    ]
    assert split_points("  \n - \n") == []


def test_abbreviations_quotes_and_bullets_do_not_break_a_point() -> None:
    script = (
        "I spent five years at Acme Inc. in Denver. I have a Ph.D. in operations research.\n"
        'Dr. Lee said "Try it." Then I did. J. K. Rowling is my hero, e.g. for her grit.\n'
        "(1) first point\na) second point\n– third point\n1.\n"
    )
    assert split_points(script) == [
        "I spent five years at Acme Inc. in Denver.",
        "I have a Ph.D. in operations research.",
        'Dr. Lee said "Try it."',
        "Then I did.",
        "J. K. Rowling is my hero, e.g. for her grit.",
        "first point",
        "second point",
        "third point",
    ]


def test_a_script_of_more_than_sixty_sentences_is_refused_not_cut() -> None:
    with pytest.raises(InputError, match="script: at most 60 sentences \\(this has 61\\)"):
        split_points("\n".join(f"Point {n} is here." for n in range(61)))


# (script, index of the point, what was said instead, covered?)
PARAPHRASES = [
    ("teacher", 0, "For six years, I taught chemistry to teenagers in Ohio.", True),
    ("teacher", 1, "I'm switching to product management since I enjoy making clear plans out of messy problems.", True),
    ("teacher", 2, "I'm curious how your team chooses what to build.", True),
    (
        "teacher",
        3,
        "I'm good at making difficult ideas easy to understand and I can run projects with lots of people.",
        True,
    ),
    ("teacher", 4, "In the next year I hope to land an entry-level product job at a health tech company.", True),
    ("nurse", 0, "I've been an ICU nurse for the past eight years.", True),
    ("nurse", 1, "A redesign project at the hospital got me interested in how people use medical equipment.", True),
    ("nurse", 2, "I'd like to switch to UX research on healthcare products.", True),
    ("nurse", 3, "I pay attention to small details and I stay calm when things get stressful.", True),
    ("accountant", 0, "I work as an accountant for a logistics company in Rotterdam.", True),
    ("accountant", 1, "Over the past two years I automated our monthly reporting using Python.", True),
    ("accountant", 2, "Because of that, I want to be a data analyst in energy.", True),
    ("accountant", 3, "I'm careful in my work and I understand how businesses make money.", True),
    ("accountant", 4, "Which projects would you recommend so my portfolio stands out?", True),
    # Same topic, but the point itself is not said.
    ("teacher", 1, "Product management is interesting.", False),
    ("teacher", 3, "I have many strengths.", False),
    ("teacher", 4, "I like health technology.", False),
    ("teacher", 0, "I live in Ohio.", False),
    ("teacher", 2, "Your team builds great products.", False),
    ("nurse", 4, "What skills do you use every day?", False),
    ("nurse", 2, "Research is important in health care.", False),
    ("accountant", 4, "I have a portfolio.", False),
    ("accountant", 1, "I know Python.", False),
    ("accountant", 2, "I have worked with data.", False),
]


@pytest.mark.parametrize(("script", "index", "said", "covered"), PARAPHRASES)
def test_a_point_is_covered_in_other_words_but_not_by_its_topic(script: str, index: int, said: str, covered: bool):
    checks = check_points(SCRIPTS[script], said)
    assert checks[index].covered is covered, f"{checks[index].score:.2f}: {said}"


@pytest.mark.parametrize("script", sorted(SCRIPTS))
def test_a_dropped_point_is_not_covered_by_the_rest_of_the_take(script: str) -> None:
    points = split_points(SCRIPTS[script])
    for dropped in range(len(points)):
        take = " ".join(p for i, p in enumerate(points) if i != dropped)
        checks = check_points(SCRIPTS[script], take)
        assert [c.covered for c in checks] == [i != dropped for i in range(len(points))], [c.score for c in checks]


def test_whispers_invented_thanks_covers_nothing() -> None:
    for script in SCRIPTS.values():
        assert not any(c.covered for c in check_points(script, "Thank you very much. Thank you very much."))


def test_a_point_said_with_fillers_inside_a_run_on_sentence_is_found() -> None:
    take = (
        "So, um, yeah, I was, uh, teaching for a while, and, like, I am moving into product management because, "
        "you know, I love turning messy problems into clear plans and, um, that's about it really"
    )
    checks = check_points(SCRIPTS["teacher"], take)
    assert [c.covered for c in checks] == [False, True, False, False, False]
    assert "product management" in checks[1].evidence


def test_the_typed_path_reports_points_in_script_order() -> None:
    metrics = rehearse_text("I've been an ICU nurse for the past eight years.", seconds=4, script=SCRIPTS["nurse"])
    dumped = metrics.model_dump(mode="json")["points"]
    assert [p["point"] for p in dumped] == split_points(SCRIPTS["nurse"])
    assert [p["covered"] for p in dumped] == [True, False, False, False, False]
    assert set(dumped[0]) == {"point", "covered"}


def test_a_sentence_that_only_leads_into_the_next_is_not_a_point() -> None:
    from coaching.rehearsal.points import split_points

    script = "Here's the short version. I was an ICU nurse for ten years.\nIn a nutshell.\nSo, long story short:"
    assert split_points(script) == ["I was an ICU nurse for ten years."]
