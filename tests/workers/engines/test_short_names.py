"""Short names in headlines: a surname or initials only where the article uses them."""

from __future__ import annotations

import pytest

from workers.engines.base import ArticleInput
from workers.engines.extractive import ExtractiveEngine
from workers.engines.short_names import short_names


@pytest.fixture(scope="module")
def engine() -> ExtractiveEngine:
    return ExtractiveEngine()


PROFILE = (
    "Marta Okonkwo-Reyes won the regional cycling title on Sunday. "
    "Okonkwo-Reyes, 24, finished two minutes ahead of the field. "
    "Her coach said Okonkwo-Reyes had trained through the winter."
)
AGENCY = (
    "The Coastal Flood Protection Agency has approved new sea walls. "
    "The CFPA said the work would start in spring."
)


@pytest.mark.parametrize(
    ("headline", "article", "expected"),
    [
        # A person named in full once and by surname after: the surname.
        ("Marta Okonkwo-Reyes wins regional title", PROFILE, "Okonkwo-Reyes wins regional title"),
        # A title or descriptor before the name goes with the given name.
        ("Cyclist Marta Okonkwo-Reyes wins title", PROFILE, "Okonkwo-Reyes wins title"),
        # The possessive stays on the short form.
        (
            "Marta Okonkwo-Reyes's coach praises winter",
            PROFILE,
            "Okonkwo-Reyes's coach praises winter",
        ),
        # Initials the article uses, over "of" and "for" inside the name.
        ("Coastal Flood Protection Agency approves sea walls", AGENCY, "CFPA approves sea walls"),
        (
            "Office for Rail Safety fines operator",
            "The Office for Rail Safety fined the operator. ORS inspectors found faults.",
            "ORS fines operator",
        ),
    ],
)
def test_names_shorten_to_the_form_the_article_uses(
    headline: str, article: str, expected: str
) -> None:
    assert short_names(headline, article) == expected


@pytest.mark.parametrize(
    ("headline", "article"),
    [
        # The surname never stands alone in the article.
        ("Marta Okonkwo-Reyes wins title", "Marta Okonkwo-Reyes won the title on Sunday."),
        # The first word stands alone elsewhere: not a given name ("Real" plays again).
        (
            "Real Madrid sign striker",
            "Real Madrid signed a striker. Real play again on Sunday. Madrid fans cheered.",
        ),
        # The first word is an ordinary word the article uses in lower case.
        (
            "Hotel Rwanda wins award",
            "Hotel Rwanda won an award. The hotel in the film is real. Rwanda welcomed it.",
        ),
        # The "surname" is a common noun the article writes in lower case.
        (
            "Green Party gains seat",
            "The Green Party gained a seat. The party said the Party would grow.",
        ),
        # The whole name is used more often than the last word alone: a title, not a person.
        (
            "Star Trek fans buy advert",
            "Star Trek fans bought an advert. Star Trek ends in May. Trek fans are sad.",
        ),
        # Part of a longer name, or of a name with a number.
        (
            "Aero India 2005 opens",
            "Aero India 2005 opened in Bangalore. India hopes for orders.",
        ),
        # Initials the article never uses.
        ("Coastal Flood Protection Agency approves walls", "The agency approved new walls."),
    ],
)
def test_names_stay_whole_without_the_articles_evidence(headline: str, article: str) -> None:
    assert short_names(headline, article) == headline


def test_the_headlines_first_word_is_no_given_name_if_it_is_an_adjective(
    engine: ExtractiveEngine,
) -> None:
    # Capitalized only as the headline's first word; the parser's word lists know it.
    article = "Legendary Dutch coach Jan Kees dies. The Dutch mourned Kees."
    headline = "Legendary Dutch coach Jan Kees dies"
    assert short_names(headline, article, engine.adjectives) == "Legendary Dutch coach Kees dies"


CLUB_STORY = (
    "Northfield's Ade Okafor has been ruled out of Saturday's cup tie. "
    "Okafor hurt his knee in training, and Okafor will miss three weeks."
)


@pytest.mark.parametrize(
    ("headline", "article", "expected"),
    [
        # The possessor goes where the story also names the person without it, and
        # after the name is shortened ("Northfield's Ade Okafor" is "Northfield's Okafor").
        ("Northfield's Ade Okafor ruled out", CLUB_STORY, "Okafor ruled out"),
        ("Coach picks Northfield's Okafor", CLUB_STORY, "Coach picks Okafor"),
        # Only ever named with the possessor: it stays.
        (
            "Japan's Kanto Motors wins case",
            "Japan's Kanto Motors won a copyright case. Japan's Kanto Motors said so.",
            "Japan's Kanto Motors wins case",
        ),
        # "The Guide" is part of a title, not a name the story uses alone.
        (
            "Actor joins cast of Traveller's Guide",
            "The actor joins the cast of Traveller's Guide. He will voice The Guide.",
            "Actor joins cast of Traveller's Guide",
        ),
        # A possessive that ends a name ("Lenovo Group's") is the name's, not a possessor.
        (
            "Lenovo Group's Chen Li resigns",
            "Lenovo Group's Chen Li resigned. Chen Li led Lenovo Group's PC arm.",
            "Lenovo Group's Chen Li resigns",
        ),
    ],
)
def test_a_possessor_before_a_name_goes_where_the_story_names_it_alone(
    headline: str, article: str, expected: str
) -> None:
    assert short_names(headline, article) == expected


def test_a_name_sharing_its_last_word_with_another_stays_whole() -> None:
    article = "The Daily and Sunday Ledger cut jobs. The Ledger said costs rose."
    assert short_names("Daily and Sunday Ledger cut jobs", article) == (
        "Daily and Sunday Ledger cut jobs"
    )


def test_names_inside_a_quotation_stay_as_quoted() -> None:
    article = 'Marta Okonkwo-Reyes won. Her coach said: "The great Marta Okonkwo-Reyes is back."'
    article += " Okonkwo-Reyes smiled. Okonkwo-Reyes thanked her team."
    headline = 'Coach says "the great Marta Okonkwo-Reyes is back"'
    assert short_names(headline, article) == headline


def test_the_engine_headline_and_candidates_use_the_short_names(engine: ExtractiveEngine) -> None:
    text = (
        "Marta Okonkwo-Reyes won the regional cycling title in Leeds on Sunday. "
        "Okonkwo-Reyes, 24, finished two minutes ahead of the rest of the field. "
        "Her coach said Okonkwo-Reyes had trained through the whole of the winter. "
        "Okonkwo-Reyes will now ride in the national championships in June."
    )
    [briefing] = engine.summarize([ArticleInput(text, headline_candidates=3)])
    assert briefing.headline.startswith("Okonkwo-Reyes ")
    assert "Marta" not in briefing.headline
    candidates = briefing.details["headline_candidates"]
    assert isinstance(candidates, list)
    assert all("Marta" not in candidate for candidate in candidates)


def test_an_engine_can_keep_names_as_written() -> None:
    text = (
        "Marta Okonkwo-Reyes won the regional cycling title in Leeds on Sunday. "
        "Okonkwo-Reyes, 24, finished two minutes ahead of the rest of the field. "
        "Her coach said Okonkwo-Reyes had trained through the whole of the winter."
    )
    [briefing] = ExtractiveEngine(shorten_names=False).summarize([ArticleInput(text)])
    assert briefing.headline.startswith("Marta Okonkwo-Reyes ")


def test_an_adjective_capitalized_only_where_a_sentence_opens_is_no_surname() -> None:
    # "Advanced consoles lead": the bare word is the adjective, not the product's short name.
    adjectives = frozenset(["advanced", "brown"])
    article = (
        "Nintendo's Gameboy Advanced is the top toy of 2005, a survey says.\n\n"
        "Advanced consoles lead the list of ten."
    )
    headline = "Nintendo's Gameboy Advanced is top toy"
    assert short_names(headline, article, adjectives) == headline
    # Used alone inside a sentence, the same word is a name.
    article = "Gordon Brown spoke on Monday. Later that day, Brown said rates would hold."
    assert (
        short_names("Gordon Brown speaks on rates", article, adjectives) == "Brown speaks on rates"
    )


def test_a_possessor_stays_where_they_after_the_name_stand_for_it() -> None:
    # "Duff believes they can win": "they" are Everton, the possessor, not Duff.
    article = (
        "Everton's Damien Duff believes they can win the league this season. "
        "Duff said the squad was stronger than last year."
    )
    headline = "Everton's Damien Duff believes they can win league"
    assert short_names(headline, article) == "Everton's Duff believes they can win league"
    # Without the pronoun, the possessor goes as before.
    assert short_names("Everton's Damien Duff wins award", article) == "Duff wins award"


def test_an_adjective_only_ever_after_another_capital_ends_a_name() -> None:
    # "Qatar Classic" where the story also says "Welsh Classic": the event, not a surname.
    adjectives = frozenset(["classic", "brown"])
    article = (
        "Anna Berg moved into the last four of the Qatar Classic on Tuesday.\n\n"
        "The Welsh Classic winner Lee beat Berg last year."
    )
    headline = "Anna Berg reaches last four of Qatar Classic"
    assert short_names(headline, article, adjectives) == "Berg reaches last four of Qatar Classic"
    # After a title, the same word stands alone as the person's surname.
    article = "Gordon Brown spoke on Monday. Later Mr Brown said rates would hold."
    assert short_names("Gordon Brown speaks on rates", article, adjectives) == (
        "Brown speaks on rates"
    )
