"""Headlines by dependency parse: the main clause, in headline tense, numbers whole."""

from __future__ import annotations

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from service.config import Settings
from service.errors import ModelLoadError
from workers.engines.availability import check_parser_available
from workers.engines.checks import unsourced_numbers
from workers.engines.compress import compress, compressions
from workers.engines.extractive import ExtractiveEngine
from workers.engines.headline import (
    checked_headline,
    clause_after_opening,
    make_headline,
    parse_text,
    parsed_headline,
)
from workers.engines.headline_scorer import TARGETS
from workers.engines.parsing import lemma, load_parser
from workers.engines.wellformed import flaws, well_formed


@pytest.fixture(scope="module")
def parser() -> Language:
    return load_parser(Settings().headline_parser)


def test_the_main_clause_in_headline_tense(parser: Language) -> None:
    # "will" -> "to"; the relative clause, the date and the shipping descriptor cut.
    sentence = "Danish shipping giant Maersk will cut 12,800 jobs, which is a lot, in 2005."
    assert compress(parser(sentence)) == "Maersk to cut 12,800 jobs"


def test_perfect_and_passive_take_headline_tense(parser: Language) -> None:
    assert compress(parser("Glenn Hoddle has been unveiled as the new Wolves manager.")) == (
        "Glenn Hoddle unveiled as new Wolves manager"
    )
    assert compress(parser("Iraq is to invite bids for two telephone licences.")) == (
        "Iraq to invite bids for two telephone licences"
    )
    ryanair = compress(
        parser("Budget airline Ryanair has placed an order for 70 Boeing 737-800 planes.")
    )
    assert ryanair is not None and ryanair.startswith("Ryanair places order")
    assert "737-800" in ryanair


def test_a_reported_clause_takes_its_speaker_for_a_pronoun(parser: Language) -> None:
    sentence = (
        "Deutsche Boerse, the German stock exchange that is trying to buy its London rival, "
        "has said it will boost its 2004 dividend payment by 27%."
    )
    headline = compress(parser(sentence))
    assert headline is not None
    assert headline.startswith("Deutsche Boerse to boost")
    assert "said" not in headline and "London" not in headline


def test_no_headline_without_a_subject_a_reader_could_name(parser: Language) -> None:
    assert compress(parser("He would fail in the end, they said.")) is None
    assert compress(parser("His side can upset England on Saturday.")) is None
    assert compress(parser("Quarterly results from the firm, in full.")) is None


def test_parentheses_are_left_out_and_numbers_stay_whole(parser: Language) -> None:
    sentence = (
        "Quarterly profits at US media giant TimeWarner jumped 76% to $1.13bn (£600m) "
        "for the three months to December."
    )
    headline = parsed_headline(parser, sentence)
    assert headline is not None
    assert "£600m" not in headline and "600" not in headline
    assert "76%" in headline
    assert unsourced_numbers(headline, sentence) == []


def test_a_missing_parser_is_a_clear_error_at_start() -> None:
    with pytest.raises(ModelLoadError, match="BRIEFING_HEADLINE_PARSER"):
        check_parser_available("no_such_spacy_pipeline")
    with pytest.raises(ModelLoadError, match="no_such_spacy_pipeline"):
        ExtractiveEngine(parser="no_such_spacy_pipeline")


def test_a_name_with_an_ampersand_stays_whole(parser: Language) -> None:
    sentence = (
        "Irish publishing group Independent News & Media is buying up a 26% stake in "
        "Indian newspaper company Jagran."
    )
    headline = compress(parser(sentence))
    assert headline is not None and "Independent News & Media" in headline


def test_it_of_it_is_okay_is_not_the_speaker(parser: Language) -> None:
    sentence = "Scotland's first minister has told pupils that it is okay to get drunk."
    headline = compress(parser(sentence))
    assert headline is None or "minister okay" not in headline


def test_a_copula_before_an_adjective_goes(parser: Language) -> None:
    headline = compress(parser("Rio Ferdinand says he is unsure of Malcolm Glazer's motives."))
    assert headline == "Rio Ferdinand unsure of Malcolm Glazer's motives"


def test_verb_lemmas_without_the_whole_sentence_lemmatized(parser: Language) -> None:
    doc = parser("Shares fell sharply as the ministers discuss the plan.")
    assert not doc[1].lemma_  # the lemmatizer does not run over the sentence...
    assert lemma(doc[1]) == "fall"  # ...only on the verb asked about
    assert lemma(doc[6]) == "discuss"


def test_only_a_verb_written_as_a_plain_word_is_inflected(parser: Language) -> None:
    # Hypothesis found the parser taking "atU" for a past-tense verb: "atus" came out.
    doc = parser("B P atU")
    assert any(token.tag_ == "VBD" for token in doc)
    headline = compress(doc)
    assert headline is None or set(headline) <= set("B P atU")
    inflected = compress(parser("The bank cut 12,800 jobs in Leeds."))
    assert inflected is not None and inflected.startswith("Bank cuts 12,800 jobs")


def test_a_participle_saying_what_is_counted_stays(parser: Language) -> None:
    # Without "sold", the number of cars falls: a different and wrong story.
    headline = compress(parser("The number of cars sold in France has fallen for the third month."))
    assert headline is not None and headline.startswith("Number of cars sold")


def test_whether_stays_with_what_is_to_be_decided(parser: Language) -> None:
    headline = compress(
        parser(
            "UK health and safety inspectors will decide on Monday whether to close the "
            "large chemical plant near the river at Hull."
        )
    )
    assert headline is not None and "decide whether to close" in headline


def test_one_of_the_men_keeps_what_picks_them_out_or_gives_way(parser: Language) -> None:
    # "Tom Ward is one of investors" says nothing; "... behind a bid" is the news.
    headline = compress(
        parser(
            "Veteran singer Tom Ward is one of the investors behind a bid to buy the old "
            "pier at Brighton."
        )
    )
    assert headline is None or "behind" in headline


def test_a_long_clause_loses_a_whole_coordinated_modifier_not_half(parser: Language) -> None:
    headline = compress(
        parser(
            "UK health and safety inspectors will decide on Monday whether to recommend the "
            "closure of the large chemical plant near Hull."
        )
    )
    assert headline is not None
    assert "whether to recommend closure" in headline
    assert "health" not in headline and "safety" not in headline  # not "health inspectors"


def test_a_descriptor_before_a_name_goes_where_the_headline_is_too_long(
    parser: Language,
) -> None:
    # The parser splits "winger Tom Hale" in two subjects; the name is the subject.
    hale = compress(
        parser(
            "Bristol's young winger Tom Hale has been named as a wing in the Welsh team to "
            "face Ireland in the opener in Dublin on Sunday."
        )
    )
    assert hale is not None and hale.startswith("Tom Hale named as wing")
    band = compress(
        parser(
            "London indie band The Lanterns have come top of the city council's Best of "
            "2006 poll to find the most popular local act."
        )
    )
    # The descriptor goes; the name stays whole, its "The" with it.
    assert band is not None and band.startswith("The Lanterns come top")
    assert band.endswith("Best of 2006 poll")  # the name of the poll stays whole


def test_a_coordinated_subject_is_not_cut_to_its_first_name(parser: Language) -> None:
    headline = compress(
        parser(
            "Electronics firms Sony, Philips and Samsung are developing a common way to "
            "protect music."
        )
    )
    assert headline is None or ("Philips" in headline and "Samsung" in headline)


def test_a_trailing_of_phrase_goes_after_a_modified_noun_only(parser: Language) -> None:
    squads = compress(
        parser(
            "Northern Athletics has agreed a new deal to supply the county squads of all "
            "ages with running kit for the next five years.",
        ),
        max_words=8,
    )
    assert squads is None or not squads.endswith(("of", "of all ages"))
    # "part of a pact" is not cut to "part": the noun names nothing without it.
    india = compress(
        parser(
            "India and Russia are to work together in a series of energy deals, part of a "
            "pact which could see India invest up to $20bn in oil and gas projects."
        )
    )
    assert india is None or not india.endswith("part")


def test_a_number_counted_out_of_a_group_keeps_its_determiner(parser: Language) -> None:
    # "14,000 of voters" is no English: the partitive keeps "its" / "the".
    for sentence, part in (
        ("Last week the council reported that more than 14,000 of its voters were not "
         "registered.", "14,000 of its voters"),
        ("More than 2,000 of the workers will lose their jobs at the plant, the union said.",
         "2,000 of the workers"),
    ):  # fmt: skip
        headline = compress(parser(sentence))
        assert headline is not None and part in headline


def test_a_modal_perfect_is_already_in_headline_tense(parser: Language) -> None:
    # "has said" cannot be put in headline tense, but "must have registered" needs not be.
    sentence = "People must have registered by Friday to be able to vote in the election."
    # 13 words with its deadline, which the modal perfect keeps ("by Friday").
    headline = compress(parser(sentence), max_words=13)
    assert headline is not None and "must have registered by Friday" in headline


def test_a_subject_the_parser_split_is_kept_whole(parser: Language) -> None:
    # "Idec" is read as a second subject: the phrase before the verb is one subject,
    # its conjunction kept, the verb agreeing with its first noun ("Shares").
    headline = compress(parser("Shares in Elan and Biogen Idec fell sharply on Monday."))
    assert headline == "Shares in Elan and Biogen Idec fall"
    # "Im" read as "I" + "m" is a piece of a name, no first person.
    headline = compress(
        parser("Japanese film director Im Sang-Soo has received an award at the Venice festival.")
    )
    assert headline is not None and headline.startswith("Japanese film director Im Sang-Soo")
    # A list whose commas would be lost, or a phrase with a verb of its own, is not joined.
    assert (
        compress(
            parser("Technology firms Sony, Philips, Nokia and Samsung are developing a new format.")
        )
        is None
    )
    assert (
        compress(
            parser("The man running the city's schools is worried and his deputy has resigned.")
        )
        is None
    )


def test_a_perfect_is_put_in_headline_tense(parser: Language) -> None:
    # "topped" after "has" is a participle whatever the tagger reads.
    assert compress(
        parser("The rival chipmaker has topped the sales chart for a third month.")
    ) == ("Rival chipmaker tops sales chart")
    # "have been marking" is headlinese "marking", as "are marking" is.
    headline = compress(
        parser("Protesters in the capital have been marking the anniversary of the uprising.")
    )
    assert headline is not None and headline.startswith("Protesters in capital marking anniversary")


def test_a_subject_keeps_both_its_conjuncts_or_gives_no_headline(parser: Language) -> None:
    # The second conjunct is kept however long; half a subject would mislead.
    headline = compress(
        parser(
            "Apple and the Japanese electronics group Sony Corporation have agreed to "
            "share patents."
        )
    )
    assert headline is not None and headline.startswith("Apple and")
    assert "Sony Corporation agree" in headline
    # A list of three loses its commas in a headline's words: no compression.
    assert compress(parser("Paris, Rome and Berlin have signed a new treaty on migration.")) is None


def test_a_clausal_subject_opening_the_sentence(parser: Language) -> None:
    # A noun phrase the parser read as a clause ("hit" as a verb) is the subject whole.
    headline = compress(
        parser("The launch of cable hit Lost Souls has helped lift the channel's audience share.")
    )
    assert headline is not None
    assert headline.startswith("Launch of cable hit Lost Souls helps lift")
    assert compress(
        parser("Reading novels on the train is one of the great pleasures of commuting.")
    ) == ("Reading novels is one of the great pleasures of commuting")
    # An infinitive opening says no one: no headline.
    assert compress(parser("To win the title is the dream of every player.")) is None


def test_a_negating_adverb_stays(parser: Language) -> None:
    headline = compress(parser("The firm is no longer a risky investment, analysts said."))
    assert headline == "Firm is no longer risky investment"


def test_a_root_the_parser_took_for_a_noun(parser: Language) -> None:
    # "understands" read as a plural noun heads the sentence: its clause is the headline.
    sentence = (
        "Chelsea striker Tom Brown is discussing a loan move to Celtic, BBC Sport understands."
    )
    assert compress(parser(sentence)) == "Tom Brown discussing loan move to Celtic"


def test_a_dative_preposition_keeps_its_object(parser: Language) -> None:
    sentence = "Music supremo Jack Smith has sold his record label to a US investor in a $50m deal."
    assert compress(parser(sentence)) == "Jack Smith sells record label to US investor"


def test_a_preposition_with_a_gerund_for_its_object(parser: Language) -> None:
    # "close to confirming ...": without the gerund, "Roddick is close" says nothing.
    sentence = "Andy Roddick is reportedly close to confirming Dean Goldfine as his new coach."
    headline = compress(parser(sentence))
    assert headline is not None and headline.startswith("Andy Roddick close to confirming")
    sentence = "Manager Graeme Souness is closing in on signing defender Celestine Babayaro."
    headline = compress(parser(sentence))
    assert headline is not None and "closing in on signing" in headline


def test_a_gerund_with_its_own_subject_or_a_cut_object_stays_out(parser: Language) -> None:
    sentence = (
        "Both parties have completed their moves, with Labour creating its hub near the Commons."
    )
    assert compress(parser(sentence)) == "Both parties complete moves"
    sentence = (
        "The council voiced doubts about plans for keeping UK and foreign suspects under arrest."
    )
    headline = compress(parser(sentence))
    assert headline is not None and "keeping" not in headline


def test_a_phrase_after_the_object_goes_where_the_headline_is_too_long(
    parser: Language,
) -> None:
    sentence = (
        "Wales captain Gareth Thomas will lead the Lions squad in the Rugby Aid charity match "
        "at Twickenham."
    )
    assert compress(parser(sentence), max_words=8) == "Gareth Thomas to lead Lions squad"
    # After a bare noun ("take part") the phrase is what the verb needs: it stays.
    sentence = "Hundreds of local fans will take part in a protest march through the town centre."
    headline = compress(parser(sentence), max_words=8)
    assert headline is None or "take part in" in headline


def test_an_undoubled_consonant_before_ed_keeps_the_e(parser: Language) -> None:
    # "staged" is "stage" + "d": "stag" would have made "stagged".
    for verb, base in (
        ("staged", "stage"),
        ("hoped", "hope"),
        ("planned", "plan"),
        ("opened", "open"),
    ):
        doc = parser(f"They have {verb} it.")
        assert lemma(doc[2]) == base
    sentence = "Hospital cleaners have staged a two-day strike at three hospitals."
    headline = compress(parser(sentence))
    assert headline is not None and headline.startswith("Hospital cleaners stage two-day strike")


def test_a_dative_after_any_kept_verb_goes_first_when_too_long(parser: Language) -> None:
    sentence = "Music tycoon Jack Smith is to sell his famous record label to a US investor."
    assert compress(parser(sentence), max_words=7) == "Jack Smith to sell famous record label"


def test_be_with_a_place_adverb_and_its_phrase(parser: Language) -> None:
    # "is up for": the adverb with its phrase completes "be", as a complement would, and
    # headline tense leaves "is" out as before an adjective.
    sentence = "The new comedy is up for three Golden Globe awards this year."
    assert compress(parser(sentence)) == "New comedy up for three Golden Globe awards"
    assert compress(parser("The striker is back.")) is None  # "is back" alone: too short


def test_a_described_subject_gives_way_to_the_name_beside_it(parser: Language) -> None:
    # Too long with the description; the name set off by commas is who "it" is.
    sentence = (
        "The world's largest coffee grower, Brazil, has said it will not allow any new "
        "plantations to be cleared."
    )
    assert compress(parser(sentence)) == "Brazil will not allow any new plantations to be cleared"


def test_a_subject_the_parser_hung_on_the_auxiliary_is_the_verbs(parser: Language) -> None:
    # "industry" the subject of "has", not of "registered", which a reporting verb at the
    # end then governs.
    tokens = "Chile 's copper industry has registered record earnings , the council has reported ."
    heads = [3, 0, 3, 4, 5, 12, 7, 5, 12, 10, 12, 12, 12, 12]
    deps = "poss case compound nsubj aux ccomp compound dobj punct det nsubj aux ROOT punct"
    tags = "NNP POS NN NN VBZ VBN NN NNS , DT NN VBZ VBN ."
    doc = _parsed(parser, tokens, heads, deps, tags)
    assert compress(doc) == "Chile's copper industry registers record earnings"


def test_a_verb_the_parser_took_for_the_subject_makes_no_headline(parser: Language) -> None:
    # en_core_web_sm makes "feed" the subject of "are getting": "Feed and shelter
    # getting helping hand" would be no one's news.
    sentence = (
        "Rescue teams trying to reach, feed and shelter thousands of stranded villagers in "
        "the remote valleys of Nepal are getting a helping hand from new drones."
    )
    headline = compress(parser(sentence))
    assert headline is None or not headline.lower().startswith("feed")


def _all_compressions(parser: Language, sentence: str) -> list[str]:
    """Every compression of the sentence, pruned variants too, as text."""
    return [c.text for c in compressions(parser(sentence), 12, TARGETS, None, prune=True)]


def _parsed(parser: Language, tokens: str, heads: list[int], deps: str, tags: str) -> Doc:
    """A parse as en_core_web_sm gives some leads, built by hand so that the test does
    not depend on the model reproducing its own mistake. ``tokens``, ``deps`` and
    ``tags`` are separated by spaces."""
    words = tokens.split()
    no_space_before = {")", ",", "'s", "."}
    spaces = [
        not (i + 1 < len(words) and words[i + 1] in no_space_before) and word != "("
        for i, word in enumerate(words)
    ]
    return Doc(
        parser.vocab, words=words, spaces=spaces, heads=heads, deps=deps.split(), tags=tags.split()
    )


def test_a_bracketed_short_name_the_parser_made_the_subject_leads(parser: Language) -> None:
    # "ARB" parsed as the subject, the full name hung on it: the headline names ARB,
    # where it used to have no subject at all ("Sees rise in deposits").
    tokens = (
        "Agricultural and Rural Bank ( ARB ) , Kenya 's biggest lender , has seen a rise in "
        "deposits ."
    )
    heads = [5, 0, 3, 0, 3, 14, 5, 5, 11, 8, 11, 5, 5, 14, 14, 16, 14, 16, 17, 14]
    deps = (
        "nmod cc compound conj punct nsubj punct punct poss case amod appos punct aux ROOT "
        "det dobj prep pobj punct"
    )
    tags = "JJ CC NNP NNP -LRB- NNP -RRB- , NNP POS JJS NN , VBZ VBN DT NN IN NNS ."
    assert compress(_parsed(parser, tokens, heads, deps, tags)) == "ARB sees rise in deposits"


def test_be_left_with_only_a_clause_makes_no_headline(parser: Language) -> None:
    # "The new law is [so poorly drafted] nobody can define the offence": cutting the
    # adjective's phrase left "New law is nobody can define offence".
    tokens = "The new law is so poorly drafted nobody can define the offence ."
    heads = [2, 2, 3, 3, 6, 6, 9, 9, 9, 3, 11, 9, 3]
    deps = "det amod nsubj ROOT advmod advmod advcl nsubj aux ccomp det dobj punct"
    tags = "DT JJ NN VBZ RB RB VBN NN MD VB DT NN ."
    assert compress(_parsed(parser, tokens, heads, deps, tags)) is None


def test_a_verb_read_as_an_adjective_makes_no_headline(parser: Language) -> None:
    # en_core_web_sm tags "honours" VBZ, the complement of "were": "Coldplay big
    # winners honours" was one of the compressions.
    sentence = (
        "Coldplay were the big winners in Britain's top music honours, the Brit Awards, "
        "picking up prizes for best band and album on Tuesday."
    )
    found = _all_compressions(parser, sentence)
    assert not any("winners honours" in text for text in found)


def test_a_quantifier_keeps_its_possessive(parser: Language) -> None:
    # "some of her young players", never "some of young players".
    sentence = (
        "Coach Maria Lopez hopes a run in the later rounds of the cup could help keep some "
        "of her young players at the club."
    )
    found = _all_compressions(parser, sentence)
    assert not any("some of young" in text for text in found)


def test_a_past_be_with_its_phrase_takes_headline_tense(parser: Language) -> None:
    sentence = "More than 3.1 million Spaniards were out of work in March, new figures show."
    assert compress(parser(sentence)) == "More than 3.1 million Spaniards out of work"


def test_a_quotation_mark_is_never_left_open(parser: Language) -> None:
    # The closing mark hangs on "said", which the headline leaves out: the opening one
    # goes too, as headlines drop quotation marks.
    sentence = (
        "The ending of a hit novel that millions of fans are likely to buy as a birthday "
        "present is 'absurd', a critic has said."
    )
    headline = compress(parser(sentence))
    assert headline is not None and "'" not in headline


def test_a_noun_the_parser_read_as_a_trailing_adjective_stays(parser: Language) -> None:
    # "a charity single": "single" an adjective after "charity" in the parse.
    sentence = (
        "Bands including The Vaccines and Blur are recording a charity single to help raise "
        "money for victims of the floods."
    )
    assert compress(parser(sentence)) == "Bands recording charity single"


def test_an_appositive_hung_on_the_verb_as_a_second_object_goes(parser: Language) -> None:
    sentence = (
        "Puzzle game Tetris has beaten the competition at a major industry ceremony, the "
        "Golden Pixel awards."
    )
    found = _all_compressions(parser, sentence)
    assert found
    assert not any("Golden Pixel" in text for text in found)


def test_an_article_inside_a_name_stays(parser: Language) -> None:
    sentence = "The station's long-running chart show Top of the Pops is to move to Sundays."
    assert compress(parser(sentence)) == "Top of the Pops to move to Sundays"
    assert compress(parser("Stars of the show will meet the Queen.")) == (
        "Stars of show to meet Queen"
    )
    # The rules' headline alike.
    sentence = "A statue of the actor from Pirates of the Caribbean was unveiled in the square."
    assert "Pirates of the Caribbean" in make_headline(sentence)


def test_leave_keeps_the_phrase_that_completes_it(parser: Language) -> None:
    # "leaves interest rates" alone says the bank walked away from them.
    sentence = (
        "The European Central Bank has left interest rates on hold at 2% for a third month "
        "in a row."
    )
    found = _all_compressions(parser, sentence)
    assert found
    assert all("rates on hold" in text for text in found)


def test_a_lower_case_noun_tagged_as_a_name_keeps_its_modifiers(parser: Language) -> None:
    # "ballerina" tagged NNP: "first prima" is no descriptor of a name to drop, and the
    # "be" of a noun stays.
    sentence = (
        "Dame Maria Lopez, who has died in York aged 91, was the UK's first prima ballerina "
        "of the modern age, and, in her prime, the finest in Europe."
    )
    found = _all_compressions(parser, sentence)
    assert found
    assert all("was UK's first prima ballerina" in text for text in found)


def test_due_to_stays_whole(parser: Language) -> None:
    tokens = "The sale failed due to a catalogue of errors ."
    heads = [1, 2, 2, 2, 3, 6, 3, 6, 7, 2]
    deps = "det nsubj ROOT prep pcomp det pobj prep pobj punct"
    tags = "DT NN VBD IN IN DT NN IN NNS ."
    headline = compress(_parsed(parser, tokens, heads, deps, tags))
    assert headline == "Sale fails due to catalogue of errors"


def test_a_passives_stranded_preposition_stays(parser: Language) -> None:
    tokens = "The speech will be looked back on as the key performance ."
    heads = [1, 4, 4, 4, 4, 4, 4, 4, 10, 10, 7, 4]
    deps = "det nsubjpass aux auxpass ROOT advmod prep prep det amod pobj punct"
    tags = "DT NN MD VB VBN RB RB IN DT JJ NN ."
    found = compressions(_parsed(parser, tokens, heads, deps, tags), 12, TARGETS, None)
    with_phrase = [c.text for c in found if " as " in c.text]
    assert with_phrase
    assert all("looked back on as" in text for text in with_phrase)


def test_an_object_cut_short_by_a_noun_taken_for_a_verb_makes_no_headline(
    parser: Language,
) -> None:
    # "lead" coordinated with "reduced": "Liverpool reduces Arsenal's Premiership".
    tokens = "Liverpool reduced Arsenal 's Premiership lead to four points ."
    heads = [1, 1, 4, 2, 1, 1, 5, 8, 6, 1]
    deps = "nsubj ROOT poss case dobj conj prep nummod pobj punct"
    tags = "NNP VBD NNP POS NNP NN IN CD NNS ."
    assert compress(_parsed(parser, tokens, heads, deps, tags)) is None


def test_one_person_with_two_roles_takes_a_singular_verb(parser: Language) -> None:
    # "comedian and broadcaster" with the name beside them: one man, "dies" not "die".
    tokens = "Veteran comedian and broadcaster Cyril Fletcher has died aged 91 ."
    heads = [1, 7, 1, 1, 5, 1, 7, 7, 7, 7, 7]
    deps = "compound nsubj cc conj compound appos aux ROOT acomp npadvmod punct"
    tags = "NN NN CC NN NNP NNP VBZ VBN JJ CD ."
    headline = compress(_parsed(parser, tokens, heads, deps, tags))
    assert headline is not None and "Cyril Fletcher dies aged 91" in headline


def test_between_keeps_both_sides_or_neither(parser: Language) -> None:
    sentence = (
        "Voters will have a clear choice between the politics of fear and the politics of "
        "hope in the next general election, said the party leader."
    )
    found = _all_compressions(parser, sentence)
    assert found
    assert all("between" not in text or "and politics of hope" in text for text in found)


def test_an_infinitive_relative_the_noun_needs_stays(parser: Language) -> None:
    # After "be", and after an ordinal: "the reason", "the first player" say nothing alone.
    reason = "The new stadium is the reason to visit the town this summer."
    assert compress(parser(reason)) == "New stadium is reason to visit town"
    first = "Veteran striker Tom Hale was the first player to score in the new stadium."
    headline = compress(parser(first))
    assert headline is not None and "first player to score" in headline
    # A passive one keeps who by: "the last song to be written" would not say whose.
    song = "The last song to be written by Ann Cole has been released."
    assert [c.text for c in compressions(parser(song), prune=True)] == [
        "Last song to be written by Ann Cole released"
    ]


def test_a_number_hung_past_a_phrase_comes_with_the_phrase(parser: Language) -> None:
    sentence = "The band has three singles in the US top five in the same week."
    found = [c.text for c in compressions(parser(sentence), prune=True)]
    assert found == ["Band has three singles in US top five"]  # never "three singles five"
    assert compress(parser("TV channel Five has been criticised for its adverts.")) == (
        "TV channel Five criticised for adverts"
    )


def test_a_clause_whose_subject_was_cut_gives_no_headline(parser: Language) -> None:
    # The parser hangs "claims" in a clause on "court" that goes: "tells court are false".
    sentence = "The firm has told a court that claims made against it are false."
    assert compress(parser(sentence)) is None
    # A subject read as the verb's object stays with its clause.
    warned = "The coach warned the visitors will be the toughest side yet."
    assert compress(parser(warned)) == "Coach warns visitors will be toughest side"


def test_a_that_clause_cut_short_of_its_verb_is_left_out(parser: Language) -> None:
    # Only the first 200 characters are parsed: "that the two most powerful" ends there.
    sentence = (
        "The remarks made by both senior ministers and party officials about the "
        "long-running quarrel between the two leaders clearly showed the widely-held view "
        "within the party that the two most powerful figures in the cabinet are damaging "
        "its chances."
    )
    assert compress(parser(parse_text(sentence))) == "Remarks show widely-held view"


def test_a_verb_keeps_the_phrase_its_object_needs(parser: Language) -> None:
    compared = "The minister has compared the plan with a tax on the poor."
    found = [c.text for c in compressions(parser(compared), prune=True)]
    assert "Minister compares plan" not in found  # compares it with what?
    assert "Minister compares plan with tax" in found
    held = "The central bank has left interest rates on hold at 3%."
    assert all("on hold" in c.text for c in compressions(parser(held), prune=True))
    consigned = "The coach consigned the champions to a third straight Premiership loss."
    assert [c.text for c in compressions(parser(consigned), prune=True)] == [
        "Coach consigns champions to third straight Premiership loss"
    ]


def test_a_comparison_keeps_what_it_compares_with(parser: Language) -> None:
    sentence = "The singer earned more than any other artist in 2004."
    assert compress(parser(sentence)) == "Singer earns more than any other artist"


def test_a_reported_clause_keeps_its_question_word(parser: Language) -> None:
    sentence = (
        "Officials have been asked to explain how the exam papers were leaked to a newspaper."
    )
    headline = compress(parser(sentence))
    assert headline is not None and "explain how exam papers were leaked" in headline


def test_a_hyphenated_word_is_no_time(parser: Language) -> None:
    # "quarter" of "quarter-finals" is not the time word "quarter".
    sentence = "Jane Smith moved into the quarter-finals of the Paris Open."
    assert compress(parser(sentence)) == "Jane Smith moves into quarter-finals of Paris Open"


def test_a_modifier_goes_with_the_phrase_it_was_grown_on(parser: Language) -> None:
    sentence = (
        "Chelsea condemned Arsenal to their second straight Premiership defeat at the weekend."
    )
    found = [c.text for c in compressions(parser(sentence), prune=True)]
    assert "Chelsea condemns Arsenal second straight" not in found
    assert "Chelsea condemns Arsenal to second straight Premiership defeat" in found


def test_an_adjective_keeps_the_clause_it_takes(parser: Language) -> None:
    sentence = "The singer is confident she can win her first major award."
    assert compress(parser(sentence)) == "Singer confident she can win first major award"
    # Two subjects the parser hung apart keep their "and".
    riders = "Jones is confident he and fellow rider Tom Hale will not be dropped for the race."
    headline = compress(parser(riders))
    assert headline is not None and headline.startswith("Jones confident he and Tom Hale")


def test_a_past_the_tagger_reads_as_a_present_takes_headline_tense(parser: Language) -> None:
    # "leapt" tagged VBZ, which would end in "s": a past, put in the present as any.
    assert compress(parser("Exports from India leapt during 2004.")) == "Exports from India leap"


def test_called_for_keeps_what_is_called_for(parser: Language) -> None:
    found = _all_compressions(
        parser,
        "A former transport minister has called for an independent body to be set up to "
        "monitor rail safety.",
    )
    assert found
    assert all("calls for independent body to be set up" in text for text in found)


def test_a_noun_the_tagger_read_as_a_participle_after_a_name_stays(parser: Language) -> None:
    found = _all_compressions(
        parser,
        "Leeds United avoided an FA Cup upset by edging past Wrexham in their third round replay.",
    )
    assert found
    assert all("FA Cup upset" in text for text in found)


def test_the_noun_after_be_keeps_the_clause_that_says_which(parser: Language) -> None:
    sentence = "By all accounts, 2026 will be the year that electric vans become cheaper."
    assert not any(text.endswith("to be year") for text in _all_compressions(parser, sentence))


def test_a_superlative_keeps_most(parser: Language) -> None:
    found = _all_compressions(
        parser,
        "Comedy stars Jane Doe and John Roe have been named the most powerful people in "
        "British radio, in a poll by a listings magazine.",
    )
    assert found
    assert all("most powerful people" in text for text in found)


def test_go_ahead_keeps_ahead(parser: Language) -> None:
    found = _all_compressions(
        parser,
        "The merger of the two rail operators Northline and Southway is to go ahead, but "
        "will not include the night trains.",
    )
    assert found
    assert all(text.endswith("to go ahead") for text in found)


def test_the_next_clauses_subject_is_no_second_object(parser: Language) -> None:
    # "ends and banks": "banks" is the subject of "are tightening".
    found = _all_compressions(
        parser,
        "Instead viruses are now written for purely criminal ends and banks are tightening "
        "up their systems with new defences.",
    )
    assert found
    assert not any(text.endswith("and banks") for text in found)


def test_as_well_as_stays_whole(parser: Language) -> None:
    found = _all_compressions(
        parser,
        "Shoppers using the new app will soon be able to order groceries as well as book taxis.",
    )
    assert found
    assert all("groceries as book" not in text for text in found)


def test_a_particle_at_the_end_stays(parser: Language) -> None:
    sentence = (
        "The International Cricket Council may have to step in to stop angry captains and "
        "players from publicly abusing umpires when matches go wrong."
    )
    assert compress(parser(sentence)) == "International Cricket Council may have to step in"


def test_no_phrase_is_cut_from_between_the_verb_and_its_object(parser: Language) -> None:
    found = _all_compressions(
        parser,
        "Third seed Maria Lopez slumped to a straight sets defeat in her rain-interrupted "
        "Doha Open quarter-final against Ana Ruiz.",
    )
    assert found
    assert not any("slumps defeat" in text for text in found)


def test_a_name_is_not_left_beside_the_wrong_noun(parser: Language) -> None:
    found = _all_compressions(
        parser,
        "Shares in engineering group Carillion have soared more than 12% on news that it is "
        "selling its stake in the Manchester tram consortium.",
    )
    assert found
    assert not any(text.startswith("Shares Carillion") for text in found)


def test_a_counted_subject_takes_a_plural_verb(parser: Language) -> None:
    sentence = (
        "Two of the largest banks in Spain - Santander and BBVA - have blamed low interest "
        "rates for their disappointing quarterly results."
    )
    assert compress(parser(sentence)) == "Two of the largest banks blame low interest rates"


def test_a_noun_the_tagger_took_for_the_main_verb_makes_no_headline(parser: Language) -> None:
    # "rugby" tagged VBP, the sentence's root: no English verb.
    sentence = "Wales rugby union captain Sam Warburton has targeted a grand slam over France."
    assert not any(
        text.startswith("Wales rugby union captain") and "Warburton" not in text
        for text in _all_compressions(parser, sentence)
    )


def test_a_particle_read_as_a_preposition_before_another_stays(parser: Language) -> None:
    found = _all_compressions(
        parser,
        "Comedy Night At The Museum has held on to the number one spot at the North American "
        "box office for a third week.",
    )
    assert any("holds on to number one spot" in text for text in found)
    assert not any("holds to" in text for text in found)


def test_as_before_a_role_stays(parser: Language) -> None:
    # "as" hung on "coach" as a marker: "quit Scotland coach" says something else.
    tokens = "Williams will not quit as Scotland coach ."
    heads = [3, 3, 3, 3, 6, 6, 3, 3]
    deps = "nsubj aux neg ROOT mark compound dobj punct"
    tags = "NNP MD RB VB IN NNP NN ."
    headline = compress(_parsed(parser, tokens, heads, deps, tags))
    assert headline == "Williams will not quit as Scotland coach"


def test_a_name_tagged_plural_after_a_given_name_is_one_person(parser: Language) -> None:
    tokens = "Mervyn Davies hailed the win ."
    heads = [1, 2, 2, 4, 2, 2]
    deps = "compound nsubj ROOT det dobj punct"
    tags = "NNP NNPS VBD DT NN ."
    assert compress(_parsed(parser, tokens, heads, deps, tags)) == "Mervyn Davies hails win"


def test_a_that_clause_read_as_the_object_makes_no_headline(parser: Language) -> None:
    # "that" read as the determiner of "coach", "resigned" as a relative clause:
    # "Arnesen denies coach" would say what he never said.
    tokens = "Arnesen has denied that coach Santini resigned ."
    heads = [2, 2, 2, 4, 2, 6, 4, 2]
    deps = "nsubj aux ROOT det dobj nsubj relcl punct"
    tags = "NNP VBZ VBN DT NN NNP VBD ."
    assert compress(_parsed(parser, tokens, heads, deps, tags)) is None


def test_a_rate_after_a_number_stays_whole(parser: Language) -> None:
    sentence = "Half of the country's workers, 12 million people, earn $9,000 a year or less."
    assert compress(parser(sentence)) == "Half of country's workers earn $9,000 a year or less"


def test_an_amount_keeps_what_it_counts_past_brackets(parser: Language) -> None:
    found = _all_compressions(
        parser,
        "German drugmaker Bayer has announced 4.2bn euros ($5.1bn; £3.4bn) of purchases to "
        "make its consumer unit the world's biggest vitamin maker.",
    )
    assert found == ["Bayer announces 4.2bn euros of purchases"]


def test_between_without_its_and_is_no_headline(parser: Language) -> None:
    found = _all_compressions(
        parser,
        "A dispute between the Chilean State and mining firm Minera Andina, controlled by "
        "Canada's Teck, is casting doubt on the mine's future.",
    )
    assert found
    assert not any("between" in text for text in found)


def test_an_appositive_beyond_a_cut_phrase_goes_with_it(parser: Language) -> None:
    # "row" hung on "minister" past "at the centre of Lopez": "Minister doping row".
    tokens = "Minister at the centre of Lopez doping row will not apologise ."
    heads = [10, 0, 3, 1, 3, 4, 7, 0, 10, 10, 10, 10]
    deps = "nsubj prep det pobj prep pobj compound appos aux neg ROOT punct"
    tags = "NN IN DT NN IN NNP NN NN MD RB VB ."
    doc = _parsed(parser, tokens, heads, deps, tags)
    found = [c.text for c in compressions(doc, 12, TARGETS, None, prune=True)]
    assert not any("Minister doping row" in text for text in found)


def test_more_stays_with_its_number(parser: Language) -> None:
    tokens = "Four times more mobiles will be sold ."
    heads = [3, 0, 0, 6, 6, 6, 6, 6]
    deps = "nummod quantmod amod nsubjpass aux auxpass ROOT punct"
    tags = "CD NNS JJR NNS MD VB VBN ."
    headline = compress(_parsed(parser, tokens, heads, deps, tags))
    assert headline is not None and headline.startswith("Four times more mobiles")


def _swapped(parser: Language, tokens: str, source: str) -> Doc:
    """``tokens`` parsed as en_core_web_sm parses ``source`` (the same number of tokens,
    other words): the parse of a real lead, on words of the test's own."""
    parsed = parser(source)
    assert len(tokens.split()) == len(parsed), "the words must line up with the source's"
    return _parsed(
        parser,
        tokens,
        [t.head.i for t in parsed],
        " ".join(t.dep_ for t in parsed),
        " ".join(t.tag_ for t in parsed),
    )


def _texts(doc: Doc) -> list[str]:
    return [c.text for c in compressions(doc, 12, TARGETS, None, prune=True)]


def test_a_noun_with_a_clause_is_no_descriptor_of_the_name_after_it(parser: Language) -> None:
    # Parsed with two subjects, "violin" and "Walters": Walters is not the one sold.
    doc = _parsed(
        parser,
        "A violin belonging to legendary blues guitarist Johnny Walters is expected to fetch "
        "a record sum at an auction next month .",
        [1, 10, 1, 2, 5, 6, 3, 8, 10, 10, 10, 12, 10, 15, 15, 12, 12, 18, 16, 20, 18, 10],
        "det nsubjpass acl prep amod compound pobj compound nsubjpass auxpass ROOT aux xcomp "
        "det amod dobj prep det pobj amod npadvmod punct",
        "DT NN VBG IN JJ NN NN NNP NNP VBZ VBN TO VB DT NN NN IN DT NN JJ NN .",
    )
    assert not any("Walters" in text for text in _texts(doc))


def test_two_unjoined_clauses_of_one_verb_make_no_headline(parser: Language) -> None:
    doc = _swapped(
        parser,
        "The engineers behind the device claim it is a leap - forward in the way power is "
        "stored and shared .",
        "The developers behind the system claim it is a break-through in the way data is "
        "monitored and stored.",
    )
    assert not any("power is stored" in text for text in _texts(doc))


def test_an_adjective_keeps_the_amount_it_needs(parser: Language) -> None:
    doc = _swapped(
        parser,
        "Costa Rica 's president has launched a rebuilding drive worth $ 2.1bn by appealing "
        "for calm and national unity .",
        "Sri Lanka's president has launched a reconstruction drive worth $3.5bn by appealing "
        "for peace and national unity.",
    )
    texts = _texts(doc)
    assert not any(text.endswith("worth") for text in texts)


def test_a_two_word_preposition_goes_whole(parser: Language) -> None:
    doc = _swapped(
        parser,
        "Tickets will be harder to fake thanks to new anti - forgery marks devised by print "
        "security firm Secura .",
        "DVDs will be harder to copy thanks to new anti-piracy measures devised by copy "
        "protection firm Macrovision.",
    )
    texts = _texts(doc)
    assert "Tickets to be harder to fake" in texts
    assert not any(text.endswith("thanks") for text in texts)


def test_a_defining_clause_stays_and_a_claim_needs_what_is_claimed(parser: Language) -> None:
    doc = _swapped(
        parser,
        "Jan Berg 's feud with Ola Lund is damaging the way the city is governed , Green "
        "leader Anna Holm has claimed in a heated prime minister 's questions .",
        "Tony Blair's feud with Gordon Brown is damaging the way the UK is governed, Tory "
        "leader Michael Howard has claimed in a heated prime minister's questions.",
    )
    texts = _texts(doc)
    assert not any(text.endswith("way") for text in texts)  # "damaging way"
    assert not any("claims in" in text for text in texts)  # claims what?


def test_a_verb_ends_no_headline_without_its_purpose(parser: Language) -> None:
    doc = _swapped(
        parser,
        "A regional network of charities and aid agencies known as Relief is working to "
        "provide accurate and up to date maps .",
        "A European consortium of companies and university groups known as Respond is "
        "working to provide accurate and up to date maps.",
    )
    assert not any(text.endswith("working") for text in _texts(doc))


def test_a_noun_joined_to_the_subjects_of_phrase_stays(parser: Language) -> None:
    sentence = (
        "Bosses of Deutsche Boerse and the London Stock Exchange are to meet amid talk that "
        "a takeover bid for the LSE will be raised."
    )
    texts = _all_compressions(parser, sentence)
    assert texts
    assert all("London Stock Exchange" in text for text in texts)


def test_a_verb_joined_to_one_of_the_other_number_makes_no_headline(parser: Language) -> None:
    # "BBC hits" (the BBC's hit shows) read as subject and verb, "are" as a second verb
    # of "BBC": "BBC hits Little Britain" says what the source does not.
    tokens = (
        "BBC hits Little Britain and Strictly Come Dancing are among numerous British shows "
        "nominated for the prestigious Golden Rose television awards ."
    )
    heads = [1, 1, 3, 1, 1, 6, 1, 6, 1, 8, 12, 12, 9, 12, 13, 20, 20, 18, 20, 20, 14, 1]
    deps = (
        "nsubj ROOT compound dobj cc advmod conj dobj conj prep amod amod pobj acl prep det "
        "amod compound compound compound pobj punct"
    )
    tags = "NNP VBZ NNP NNP CC RB VB NN VBP IN JJ JJ NNS VBN IN DT JJ NNP NNP NN NNS ."
    doc = _parsed(parser, tokens, heads, deps, tags)
    assert compressions(doc, 12, TARGETS, None, prune=True) == []
    # A verb of the same number shares the subject: "BBC hits and is" would be English.
    agreeing = _parsed(parser, tokens, heads, deps, tags.replace("VBP", "VBZ"))
    assert compress(agreeing) == "BBC hits Little Britain"
    # A verb with nothing after it may be the last word of a lead parsed in part
    # (parse_text's first 200 characters: "... subsidising the handsets people are").
    cut_short = _parsed(
        parser,
        "Sending messages is important for operators and are",
        [2, 0, 2, 2, 3, 4, 2, 2],
        "csubj dobj ROOT acomp prep pobj cc conj",
        "VBG NNS VBZ JJ IN NNS CC VBP",
    )
    assert compress(cut_short) is not None


def test_an_adverbs_measure_stays_with_it(parser: Language) -> None:
    # "out" kept as the verb's adverb, "three weeks" hung on it: "faces out" is no English.
    tokens = (
        "Blackburn striker Matt Jansen faces three weeks out after surgery to treat a "
        "cartilage problem ."
    )
    heads = [1, 3, 3, 4, 4, 6, 7, 4, 4, 8, 11, 4, 14, 14, 11, 4]
    deps = (
        "compound compound compound nsubj ROOT nummod npadvmod advmod prep pobj aux advcl det "
        "compound dobj punct"
    )
    tags = "NN NN NNP NNP VBZ CD NNS RB IN NN TO VB DT NN NN ."
    found = [c.text for c in compressions(_parsed(parser, tokens, heads, deps, tags), 12)]
    assert found and all("three weeks out" in text for text in found)


def test_a_compound_descriptor_before_a_name_goes_where_the_headline_is_too_long(
    parser: Language,
) -> None:
    # 13 words with "DJ duo" and nothing else to cut: the rules' "DJ duo JK, Joel taking"
    # was the fallback.
    tokens = "DJ duo JK and Joel are taking over BBC Radio 1 's flagship chart show on Sunday ."
    heads = [1, 2, 6, 2, 2, 6, 6, 6, 9, 14, 9, 9, 13, 14, 6, 14, 15, 6]
    deps = (
        "compound compound nsubj cc conj aux ROOT prt compound poss nummod case compound "
        "compound dobj prep pobj punct"
    )
    tags = "NNP NNP NNP CC NNP VBP VBG RP NNP NNP CD POS NN NN NN IN NNP ."
    headline = compress(_parsed(parser, tokens, heads, deps, tags))
    assert headline == "JK and Joel taking over BBC Radio 1's flagship chart show"


def test_all_keeps_the_clause_that_says_which(parser: Language) -> None:
    # "found" hung on the verb, not on "athletes": "calls for all athletes" speaks of
    # every athlete where the source speaks of those found guilty.
    tokens = (
        "Paula Radcliffe has called for all athletes found guilty on drugs charges to be "
        "treated as criminals ."
    )
    heads = [1, 3, 3, 3, 3, 6, 4, 3, 7, 8, 11, 9, 14, 14, 11, 14, 15, 3]
    deps = (
        "compound nsubj aux ROOT prep det pobj advcl oprd prep compound pobj aux auxpass acl "
        "prep pobj punct"
    )
    tags = "NNP NNP VBZ VBN IN DT NNS VBD JJ IN NNS NNS TO VB VBN IN NNS ."
    doc = _parsed(parser, tokens, heads, deps, tags)
    assert compressions(doc, 12, TARGETS, None, prune=True) == []
    # A number says which already: "All four Britons [held by the US] to be returned".
    four = _parsed(
        parser,
        "All four Britons held by the US will be returned .",
        [2, 2, 9, 2, 3, 6, 4, 9, 9, 9, 9],
        "det nummod nsubjpass acl agent det pobj aux auxpass ROOT punct",
        "DT CD NNPS VBN IN DT NNP MD VB VBN .",
    )
    assert compress(four) == "All four Britons to be returned"


def test_an_as_phrase_after_the_object_says_what_the_verb_makes_of_it(parser: Language) -> None:
    texts = _all_compressions(
        parser, "The party leader has dismissed the Greens as a fading force in city politics."
    )
    assert texts
    assert all("Greens as fading force" in text for text in texts)
    branded = _all_compressions(
        parser,
        'Harbour chief Anna Holm has branded the union\'s planned appeal to the court as "absurd".',
    )
    assert branded
    assert all(text.endswith("as absurd") for text in branded)


def test_a_gerund_keeps_its_subject_and_a_noun_its_gerund(parser: Language) -> None:
    texts = _all_compressions(
        parser,
        "The minister insists there is no chance of prices rising again when the tax comes in "
        "next year.",
    )
    assert texts
    assert all("chance of prices rising" in text for text in texts)
    # Parsed the other way round: the gerund hung on its subject, "history".
    doc = _swapped(
        parser,
        "Anna Holm insists there is no chance of history repeating itself when Lund take on "
        "Oslo on Sunday .",
        "Marcel Desailly insists there is no chance of history repeating itself when Chelsea "
        "take on Barcelona on Wednesday.",
    )
    texts = _texts(doc)
    assert texts
    assert all("history repeating itself" in text for text in texts)


def test_a_verb_the_tagger_took_for_a_noun_keeps_its_to(parser: Language) -> None:
    doc = _swapped(
        parser,
        'Anna Holm has pledged to " never , ever , ever " attack Green leader Jan Berg over '
        "his Catholic beliefs .",
        'Tony Blair has pledged to "never, ever, ever" attack Tory leader Michael Howard over '
        "his Jewish beliefs.",
    )
    texts = _texts(doc)
    assert texts
    assert all("pledges to never attack" in text for text in texts)


def test_no_headline_drops_the_only_that_restricts_its_verb(parser: Language) -> None:
    sentence = (
        "Public trust in the handling of the city budget can only be restored if the mayor "
        "opens up his books for inspection, say the Greens."
    )
    assert not any("restored" in text for text in _all_compressions(parser, sentence))


def test_a_second_clause_loses_its_and() -> None:
    sentence = (
        "According to the regulator there were almost four million users in the country in "
        "April, and numbers are climbing fast."
    )
    assert make_headline(sentence) == "Numbers are climbing fast"


def test_a_phrase_set_off_whose_noun_is_said_by_its_clause_does_not_join(
    parser: Language,
) -> None:
    # ", in a move which it is hoped will cut ...": "approved in move" says nothing.
    doc = _swapped(
        parser,
        "A big sale of Leeds 's water company has been approved by the city 's council , "
        "in a deal which it is hoped will cut the price of water .",
        "A major reform of Brazil's bankruptcy laws has been approved by the country's "
        "Congress, in a move which it is hoped will cut the cost of borrowing.",
    )
    found = _texts(doc)
    assert found and not any(text.endswith(("in deal", "in a deal")) for text in found)
    assert "Sale of Leeds's water company approved" in found
    # Not set off, the noun is part of the news: "defaced by a virus [that used Google]".
    plain = _swapped(
        parser,
        "Hundreds of village football pitches have been flooded by a storm that used rivers "
        "to spread across the hills .",
        "Thousands of website bulletin boards have been defaced by a virus that used Google "
        "to spread across the net.",
    )
    assert any(text.endswith("by storm") for text in _texts(plain))


def test_a_participle_read_as_the_main_verb_makes_no_headline(parser: Language) -> None:
    # "The 12 players picked for a trophy are hoping": the parser makes "picked" the verb
    # and "are hoping" a clause on it; "12 players pick for trophy" is not what it says.
    doc = _swapped(
        parser,
        "The 12 players picked for a Smith and Jones golf trophy in 2006 are hoping for a "
        "rise in prizes following the win of last year 's champion .",
        "The 10 authors shortlisted for a Richard and Judy book award in 2005 are hoping "
        "for a boost in sales following the success of this year's winner.",
    )
    assert _texts(doc) == []
    assert not well_formed("12 players pick for Smith and Jones golf trophy", doc)


def test_the_subject_of_a_cut_be_stands_for_no_clause(parser: Language) -> None:
    # "Smith is that thing voters trust" parsed with "that" a mark and "trust" a clause
    # of "is": the rules' "John Smith that thing voters trust" lost its verb; the
    # opening clause after "By all accounts," is the last resort.
    doc = _swapped(
        parser,
        "By all accounts , London banker John Smith is that thing voters trust above "
        "anything else - a winner .",
        "By any measure, New Yorker Dick Morris is that thing Americans love over "
        "everything else - a winner.",
    )
    broken = "London banker John Smith that thing voters trust"
    assert not well_formed(broken, doc)
    assert clause_after_opening(doc, broken) == (
        "London banker John Smith is that thing voters trust above anything else"
    )
    # A reported clause's subject may still stand for the speaker's: "Maersk to cut".
    assert well_formed("Maersk to cut 900 jobs", parser("Maersk said it will cut 900 jobs."))


def test_a_past_progressive_without_the_event_it_frames_makes_no_headline(
    parser: Language,
) -> None:
    # "Brown was speaking [after Mr Green told members ...]": "Brown speaking" says
    # nothing happened.
    doc = _swapped(
        parser,
        "Party co - chairman John Brown was speaking after Mr Green told party members the "
        'Liberals offered a " soft left agenda " .',
        "Tory co-chairman Liam Fox was speaking after Mr Blair told Labour members the Tories "
        'offered a "hard right agenda".',
    )
    assert not any(text.endswith("speaking") for text in _texts(doc))
    assert not well_formed("John Brown speaking", doc)


def test_the_one_word_that_says_which_stays_in_the_subject(parser: Language) -> None:
    # "prime" said once in the article: "Minister ratchets up" would be any minister.
    doc = _parsed(
        parser,
        "The prime minister stepped up his party 's campaign at the weekend .",
        [2, 2, 3, 3, 3, 6, 5, 8, 3, 3, 11, 9, 3],
        "det amod nsubj ROOT prt poss poss case dobj prep det pobj punct",
        "DT JJ NN VBD RP PRP$ NN POS NN IN DT NN .",
    )
    salience = {"minister": 3, "campaign": 3, "party": 3}
    assert compress(doc, salience=salience) == "Prime minister steps up party's campaign"
    assert all(text.startswith("Prime") for text in _texts(doc))
    # A plural means them all anyway: "Profits rise".
    plural = _parsed(
        parser,
        "The quarterly profits rose to a record .",
        [2, 2, 3, 3, 3, 6, 4, 3],
        "det amod nsubj ROOT prep det pobj punct",
        "DT JJ NNS VBD IN DT NN .",
    )
    assert compress(plural, salience={"profits": 3, "record": 3}) == "Profits rise to record"


def test_a_verb_joined_to_a_noun_keeps_its_object(parser: Language) -> None:
    # "build" parsed as joined to "debate": kept, it comes with "trust", or not at all.
    texts = _all_compressions(
        parser,
        "Online forums set up by the city council could encourage public debate and build "
        "trust, says the Institute of Civic Studies.",
    )
    assert "Online forums could encourage public debate and build trust" in texts
    assert not any(text.endswith("build") for text in texts)


def test_a_preposition_of_several_words_goes_whole(parser: Language) -> None:
    closed = _all_compressions(
        parser,
        "The Oslo stock market has closed higher in response to the central bank's decision "
        "in the morning.",
    )
    assert closed
    assert not any(text.endswith("in response") for text in closed)
    # "close to record" read as an infinitive: "close" stays with its "to".
    doc = _swapped(
        parser,
        "The Swiss franc hovered close to record highs against the yen on Monday as worry "
        "grows about the size of the Swiss trade surplus .",
        "The US dollar hovered close to record lows against the euro on Friday as concern "
        "grows about the size of the US budget deficit.",
    )
    texts = _texts(doc)
    assert texts
    assert all("hovers close to record highs" in text for text in texts)


def test_a_comparative_keeps_what_it_compares_with(parser: Language) -> None:
    sentence = (
        "Female life expectancy is much lower than originally estimated, leading health "
        "researchers have said."
    )
    assert not any(text.endswith("lower") for text in _all_compressions(parser, sentence))
    assert "'lower' than what?" in flaws("Female life expectancy much lower", parser(sentence))


def test_a_subject_joined_by_and_keeps_the_sources_singular(parser: Language) -> None:
    # "has moved": one person, a councillor who was mayor; "move" would make two.
    doc = _swapped(
        parser,
        "A Green councillor and former mayor has moved to Reform .",
        "A Conservative MP and former minister has defected to Labour.",
    )
    texts = _texts(doc)
    assert "Green councillor and former mayor moves to Reform" in texts
    assert not any(" move " in f" {text} " for text in texts)


def test_a_reported_clause_keeps_its_only(parser: Language) -> None:
    # "he [only] has a 20% chance": without "only", the odds read as good news.
    doc = _swapped(
        parser,
        "Injured Leeds striker Tom Hale has admitted that he only has a 20 % chance of making a "
        "comeback against Milan in the Europa League .",
        "Injured Chelsea winger Arjen Robben has insisted that he only has a 10% chance of "
        "making a return against Barcelona in the Champions League.",
    )
    assert all("only" in text.split() for text in _texts(doc) if "chance" in text)


def test_an_aside_between_dashes_is_left_out_whole(parser: Language) -> None:
    doc = _swapped(
        parser,
        "Details of the next model of Acme 's compact city car - codenamed Zephyr - will most "
        "likely be shown in June , according to reports .",
        "Details of the next generation of Microsoft's Xbox games console - codenamed Xenon - "
        "will most likely be unveiled in May, according to reports.",
    )
    texts = _texts(doc)
    assert texts
    # "next model of Zephyr": the code name is the model's, not what it is a model of.
    assert not any("Zephyr" in text or " of to " in text for text in texts)
    # Dashes around the word the parser made the subject set off no aside: the name
    # before them stays ("Winner beats Kate Bush" would lose who won).
    named = _parsed(
        parser,
        "Singer Anna Berg - winner of the prize - has beaten Kate Bush .",
        [4, 4, 4, 4, 10, 4, 7, 5, 10, 10, 10, 12, 10, 10],
        "compound compound compound punct nsubj prep det pobj punct aux ROOT compound dobj punct",
        "NN NNP NNP HYPH NNP IN DT NN : VBZ VBN NNP NNP .",
    )
    assert all("Berg" in text for text in _texts(named))


def test_a_phrase_fronted_before_the_subject_does_not_join(parser: Language) -> None:
    # Without its comma, "In Geneva last month" runs into the subject.
    texts = _all_compressions(
        parser, "In Geneva last month, the World Trade Council unveiled its new tariff plan."
    )
    assert texts
    assert not any(text.startswith("In") for text in texts)


def test_an_adverb_before_a_clause_goes_with_that_clause(parser: Language) -> None:
    # "again" hung on "taking" though it says how the crews are "holding their nerve".
    doc = _swapped(
        parser,
        "The 12th yearly Harbour Games are taking place on 14 August with the crews of the "
        "boat - racing world once again holding their nerve to learn who will be crowned "
        "with the medals this summer .",
        "The 77th annual Academy Awards are taking place on 27 February with the stars of "
        "the movie-making world once again holding their breath to discover who will be "
        "showered with the honours this year.",
    )
    texts = _texts(doc)
    assert texts
    assert not any("again" in text for text in texts)


def test_a_possessive_after_a_names_phrase_closes_the_name(parser: Language) -> None:
    # Parsed as "Council [for Wales's review]": the review is what will be published.
    doc = _swapped(
        parser,
        "The Council for Wales 's review will be published on 3 June - Heritage Open day , "
        "Jane Hutt has said .",
        "The Commission for Africa's report will be released on 11 March - Comic Relief "
        "day, Tony Blair has said.",
    )
    texts = [c.text for c in compressions(doc, 14, (11, 14), None, prune=True)]
    assert texts
    assert all(text.startswith("Council for Wales's review to be published") for text in texts)


def test_a_second_object_of_a_preposition_does_not_join(parser: Language) -> None:
    # "giving" parsed as a second object of "to": it opens a participle clause.
    doc = _swapped(
        parser,
        "The railway brought about a lasting change to how farmers sold in markets , giving "
        "them the chance to ship out into the cities , whilst having speed and reach .",
        "The car brought about a crucial change to how people lived in cities, giving them "
        "the ability to move out into the suburbs, whilst having mobility and access.",
    )
    texts = _texts(doc)
    assert texts
    assert not any("to giving" in text for text in texts)


def test_a_particle_read_as_a_preposition_keeps_its_phrase(parser: Language) -> None:
    # "on" parsed as a preposition with no object before "to": "holds" alone says
    # something else, and the capital "The" inside the film's title stays.
    doc = _parsed(
        parser,
        "Drama Kill The Messenger has held on to the top ten spot at the South Korean box "
        "office for a third week .",
        [1, 3, 3, 5, 5, 5, 5, 5, 11, 11, 9, 7, 11, 17, 15, 17, 17, 12, 5, 21, 21, 18, 5],
        "compound nmod det nsubj aux ROOT prep prep det nmod nummod pobj prep det compound "
        "compound compound pobj prep det amod pobj punct",
        "NNP NNP DT NNPS VBZ VBN IN IN DT NN CD NN IN DT NNP NNP NN NN IN DT JJ NN .",
    )
    texts = _texts(doc)
    assert texts
    assert all("Kill The Messenger holds on to top ten spot" in text for text in texts)
    salient = compressions(doc, 12, TARGETS, {"kill": 5, "messenger": 4}, prune=True)
    assert [c.text for c in salient] == ["Drama Kill The Messenger holds on to top ten spot"]


def test_an_all_nouns_phrase_that_says_which_stays(parser: Language) -> None:
    # "to tax all card payments" without "in Swiss francs" taxes more than the plan does.
    doc = _parsed(
        parser,
        "Mr Lopez 's plan to tax all card payments in Swiss francs in Spain has once more "
        "turned the focus on Spain 's weak budget .",
        [
            1,
            3,
            1,
            17,
            5,
            3,
            8,
            8,
            5,
            8,
            11,
            9,
            5,
            12,
            17,
            16,
            17,
            17,
            19,
            17,
            17,
            24,
            21,
            24,
            20,
            17,
        ],
        "compound poss case nsubj aux acl det compound dobj prep compound pobj prep pobj aux "
        "advmod advmod ROOT det dobj prep poss case amod pobj punct",
        "NNP NNP POS NN TO VB DT NN NNS IN NNP NNS IN NNP VBZ RB RBR VBD DT NN IN NNP POS VBG NN .",
    )
    # 16 words: "turned the focus" keeps "on Spain's weak budget", whose aim it is.
    texts = [c.text for c in compressions(doc, 16, TARGETS, None, prune=True)]
    assert texts
    assert all("payments in Swiss francs" in text for text in texts)


def test_a_participle_saying_which_subjects_stays_under_a_negation(parser: Language) -> None:
    # "Fans will not be allowed in" bars them all; the source bars those with flags. The
    # participle joins no compression, so none is made (the rule headline keeps it).
    doc = _parsed(
        parser,
        "Leeds Town fans carrying Tom Jones flags will not be allowed in Elland Road on Sunday .",
        [2, 2, 10, 2, 6, 6, 3, 10, 10, 10, 10, 10, 13, 11, 10, 14, 10],
        "compound compound nsubjpass acl nmod amod dobj aux neg auxpass ROOT prep compound "
        "pobj prep pobj punct",
        "NNP NNP NNS VBG NNP JJ NNS MD RB VB VBN IN NNP NNP IN NNP .",
    )
    assert not any("fans will not be allowed" in text for text in _texts(doc))


def test_a_gerund_joined_to_a_noun_does_not_join(parser: Language) -> None:
    # "walking" parsed as a second noun beside "machine": it is a second verb.
    doc = _parsed(
        parser,
        "The firm 's plan for the lone rider in the next decade involves the rider gliding by "
        "in a three - wheeled pod - like machine or walking along wrapped in a ball - shaped "
        "shell that rolls .",
        [
            1,
            3,
            1,
            12,
            3,
            7,
            7,
            4,
            3,
            11,
            11,
            8,
            12,
            14,
            15,
            12,
            15,
            15,
            25,
            21,
            21,
            25,
            24,
            24,
            25,
            17,
            25,
            25,
            27,
            25,
            29,
            35,
            34,
            34,
            35,
            30,
            37,
            35,
            12,
        ],
        "det poss case nsubj prep det amod pobj prep det amod pobj ROOT det nsubj ccomp prep "
        "prep det advmod punct amod npadvmod punct amod pobj cc conj prep acl prep det "
        "npadvmod punct amod pobj nsubj relcl punct",
        "DT NN POS NN IN DT JJ NN IN DT JJ NNP VBZ DT NN VBG IN IN DT CD HYPH VBN NN HYPH JJ "
        "NN CC VBG IN VBN IN DT NN HYPH VBN NN WDT VBZ .",
    )
    assert not any("or walking" in text for text in _texts(doc))


def test_an_amount_before_a_name_is_no_descriptor(parser: Language) -> None:
    # "7.25 m Euros": "m" a number compounded with the capitalized "Euros", the amount
    # it counts, not a word describing a name.
    doc = _parsed(
        parser,
        "Bloggs made 7.25 m Euros ( £ 5.10 m ) last year , according to a list drawn up by "
        "Spain 's El Pais newspaper .",
        [1, 1, 3, 4, 1, 4, 8, 8, 4, 4, 11, 1, 1, 1, 13, 16, 14, 16, 17, 17, 24, 20, 23, 24, 19, 1],
        "nsubj ROOT nummod compound dobj punct quantmod compound appos punct amod npadvmod "
        "punct prep prep det pobj acl prt agent poss case compound compound pobj punct",
        "NNP VBD CD CD NNP -LRB- $ CD CD -RRB- JJ NN , VBG IN DT NN VBN RP IN NNP POS NNP NNP NN .",
    )
    texts = _texts(doc)
    assert texts
    assert all("7.25 m Euros" in text for text in texts)


def test_a_name_known_only_as_a_verb_keeps_its_progressives_is(parser: Language) -> None:
    # "Persist using river water" would read as a command: the charity is the subject.
    doc = _swapped(
        parser,
        "Persist is using river water to grow fresh crops that can be sold in the town quickly .",
        "Respond is using satellite imagery to produce accurate maps that can be used in the "
        "field rapidly.",
    )
    texts = _texts(doc)
    assert texts
    assert all(text.startswith("Persist is using") for text in texts)


def test_a_superlative_keeps_the_span_that_bounds_it(parser: Language) -> None:
    # Without "in nearly four weeks" the pound's lowest point reads as its lowest ever.
    doc = _swapped(
        parser,
        "The pound has reached its lowest point against the yen in nearly four weeks after "
        "the Bank Council chief said the UK jobs market is due to recover .",
        "The dollar has hit its highest level against the euro in almost three months after "
        "the Federal Reserve head said the US trade deficit is set to stabilise.",
    )
    texts = _texts(doc)
    assert texts
    assert all("in nearly four weeks" in text for text in texts)


def test_a_superlative_keeps_the_set_it_tops(parser: Language) -> None:
    # Without "in the region" the farmers would be the biggest grain growers anywhere.
    doc = _swapped(
        parser,
        "Welsh farmers are the biggest grain growers in the region , according to new "
        "numbers published on Monday by the National Farming Union ( NFU ) .",
        "UK consumers are the biggest music buyers in the world, according to new figures "
        "released on Tuesday by the British Phonographic Industry (BPI).",
    )
    texts = _texts(doc)
    assert texts
    assert all("in region" in text for text in texts)


def test_rule_headline_keeps_an_adjective_after_a_degree_word() -> None:
    # "most" is about "skilful": "named most players" says something else.
    sentence = (
        "Rovers forwards Tom Hale and Sam Reid have been named the most skilful players in "
        "the league, in a vote by readers of the club magazine."
    )
    salience = {"skilful": 1, "play": 3, "rovers": 3, "hale": 3, "reid": 3, "named": 2}
    assert "most skilful players" in make_headline(sentence, salience=salience)


def test_what_is_counted_keeps_the_phrase_that_says_which(parser: Language) -> None:
    # "out of work" hung on "number": it says which people are counted.
    doc = _swapped(
        parser,
        "The number of workers out of work in Asia 's biggest economy has fallen for the "
        "fifth straight month as trade remains stubbornly strong .",
        "The number of people out of work in Europe's largest economy has risen for the "
        "tenth straight month as growth remains stubbornly slow.",
    )
    texts = _texts(doc)
    assert texts
    assert all("number of workers out of work" in text.lower() for text in texts)


def test_a_clause_with_its_own_subject_keeps_the_auxiliary_of_its_gerund(
    parser: Language,
) -> None:
    # "shoppers not receiving" has no verb: only the main verb's "is" may go.
    doc = _swapped(
        parser,
        "And there is growing fear that shoppers are not receiving the proper advice about 3D "
        "in the local stores .",
        "But there is real concern that people are not getting the right information about HD "
        "on the High Street.",
    )
    assert not well_formed("There is growing fear that shoppers not receiving proper advice", doc)
    assert well_formed("There is growing fear that shoppers are not receiving proper advice", doc)


def test_a_first_keeps_every_phrase_of_the_clause_that_bounds_it(parser: Language) -> None:
    # "first female artist to have four albums" is false: the claim is "in the UK top
    # ten in the same month"; too long whole, the rule headline's cut must not pass.
    doc = _swapped(
        parser,
        "Singer Big Sean has become the first female artist to have four albums in the UK top "
        "ten in the same month .",
        "Rapper 50 Cent has become the first solo artist to have three singles in the US top "
        "five in the same week.",
    )
    assert not well_formed("Singer Big Sean becomes first female artist to have four albums", doc)
    assert all("in UK top ten in same month" in text for text in _texts(doc))


def test_a_superlative_keeps_the_phrase_of_its_infinitive_that_bounds_it(
    parser: Language,
) -> None:
    # "biggest thing to come to the cinema" is of all time; the source says "since sound".
    doc = _swapped(
        parser,
        "In most areas of film and music companies , wide - screen ( WS ) is being hailed as "
        "the biggest thing to come to the cinema since sound .",
        "In most corners of TV and technology industries, high-definition (HDTV) is being "
        "heralded as the biggest thing to happen to the television since colour.",
    )
    texts = _texts(doc)
    assert texts
    assert all("since sound" in text for text in texts)


def test_an_as_phrase_before_the_object_stays_with_the_verb(parser: Language) -> None:
    # "The club will have the signing of a striker" says nothing: "as its first aim" is
    # what the signing is to the club, the object moved after it.
    doc = _swapped(
        parser,
        "The Scottish Arts project will have as its goal the creation of a totally new art "
        "form , which will allow pupils to make their own art works .",
        "The European Union project will have as its endgame the development of a completely "
        "new media genre, which will allow audiences to create their own media worlds.",
    )
    texts = _texts(doc)
    assert texts
    assert all("have as goal creation" in text for text in texts)


def test_a_name_keeps_the_for_phrase_that_names_with_it(parser: Language) -> None:
    # "Young Voices [for a Better Europe (YBE)]": the first two words name something else.
    doc = _swapped(
        parser,
        "Young Voices for a Better Europe ( YBE ) will have as its aim the creation of a "
        "totally new youth forum , which will allow pupils to create their own school councils "
        "based on their particular needs or hobbies .",
        "New Media for a New Millennium (NM2) will have as its endgame the development of a "
        "completely new media genre, which will allow audiences to create their own media "
        "worlds based on their specific interests or tastes.",
    )
    assert not any(text.startswith("Young Voices to") for text in _texts(doc))
    assert not well_formed("Young Voices to have as aim creation of new youth forum", doc)


def test_a_verb_keeps_the_from_phrase_that_says_what_is_barred(parser: Language) -> None:
    # "banned [from using tricks]": cut, the ban falls on the stadiums themselves.
    doc = _swapped(
        parser,
        "Large new city stadiums will be barred from selling cheap tickets of the season to "
        'ensure they are " financially sound " , it has been reported .',
        "Controversial new UK casinos will be banned from using American tricks of the trade "
        'to ensure they are "socially responsible", it has been suggested.',
    )
    assert not well_formed("Large new city stadiums to be barred", doc)
    assert well_formed("Large new city stadiums to be barred from selling cheap tickets", doc)


def test_an_ordinal_keeps_the_span_that_bounds_it(parser: Language) -> None:
    # "first race [in nearly six years]": cut, it reads as her first race ever.
    doc = _swapped(
        parser,
        "Maria Lopez won her first race in nearly six years with victory over Jean - Paul "
        "Dupont at the Paris Men 's Cup in Lyon , France .",
        "Conchita Martinez won her first title in almost five years with victory over "
        "Anna-Lena Groenefeld at the Volvo Women's Open in Pattaya, Thailand.",
    )
    texts = [text for text in _texts(doc) if "first race" in text]
    assert texts
    assert all("in nearly six years" in text for text in texts)


def test_a_plural_name_with_a_singular_verb_keeps_its_the(parser: Language) -> None:
    # "The Simpsons has": a title; "Simpsons overtakes" reads as a verb out of number.
    doc = _swapped(
        parser,
        "The Simpsons has overtaken Star Trek in the race for the longest running US shows "
        "at the Emmy Awards .",
        "The Producers has beaten Mary Poppins in the battle of the blockbuster West End "
        "musicals at the Olivier Awards.",
    )
    texts = _texts(doc)
    assert texts
    assert all(text.startswith("The Simpsons overtakes") for text in texts)


def test_no_headline_ends_on_a_pronoun_that_names_nothing(parser: Language) -> None:
    # "Jones praises it": praises what? The thing praised is never named.
    doc = _swapped(
        parser,
        "Football legend John Jones , a member of two of three FA Cup - winning sides of the "
        '1980s , praised it as " one of the fine games of the last three seasons " .',
        "Welsh legend Mervyn Davies, a member of two of three Grand Slam-winning sides of the "
        '1970s, hailed it as "one of the great performances of the past three decades".',
    )
    assert not any(text.endswith((" it", " praises it")) for text in _texts(doc))
    doc = _swapped(
        parser,
        "The top job of 11 Threadneedle Street may continue to escape him but , as he prepares "
        "to give a long - awaited tenth speech , Tom Jones can at least comfort himself with "
        "the fact that he is the longest serving governor of recent times .",
        "The ultimate prize of 10 Downing Street may continue to elude him but, as he prepares "
        "to deliver a record-breaking ninth budget, Gordon Brown can at least console himself "
        "with the thought that he is the longest serving chancellor of modern times.",
    )
    assert not well_formed("Top job of 11 Threadneedle Street may continue to escape him", doc)


def test_an_adjective_phrase_after_the_subject_says_which(parser: Language) -> None:
    # "workers [eligible for housing grants]": cut, the headline speaks of all workers.
    doc = _swapped(
        parser,
        "Workers eligible for housing grants should be given greater help from councils "
        "actively offering local homes , the Green Party say .",
        "People vulnerable to problem debts should be afforded greater protection from banks "
        "aggressively promoting financial products, the Lib Dems say.",
    )
    texts = _texts(doc)
    assert texts
    assert all(text.startswith("Workers eligible for") for text in texts)


def test_a_fallback_headline_keeps_what_bounds_its_superlative(parser: Language) -> None:
    # "most costly season [on record]": cut, the season is the costliest of anything.
    doc = _swapped(
        parser,
        "A run of floods , droughts and fires has made 2003 the most costly season on record "
        "for crop farmers , according to Farm Aid .",
        "A string of storms, typhoons and earthquakes has made 2004 the most expensive year on "
        "record for property insurers, according to Swiss Re.",
    )
    assert not well_formed("Run of floods, droughts, fires makes 2003 most costly season", doc)
    assert well_formed(
        "Run of floods, droughts, fires makes 2003 most costly season on record", doc
    )


def test_a_that_clause_ending_a_headline_keeps_the_phrase_its_verb_needs(
    parser: Language,
) -> None:
    # "that nothing will get [in the way]": cut, the clause says nothing.
    doc = _swapped(
        parser,
        "John Smith has tried to assure Tory voters that nothing will get in the way of the "
        "party 's hopes for a second win at elections .",
        "Tony Blair has sought to reassure Labour backbenchers that nothing will stand in the "
        "way of the party's bid for a third term in power.",
    )
    assert not well_formed("John Smith tries to assure Tory voters that nothing will get", doc)
    assert well_formed("Smith tries to assure voters that nothing will get in way of hopes", doc)


def test_a_noun_read_as_an_adverb_inside_a_name_chain_stays(parser: Language) -> None:
    # "forward" tagged an adverb hung on "England": cut, "England Michael Owen" is left.
    doc = _parsed(
        parser,
        "Wales back Gareth Thomas has told the club he is fit .",
        [3, 0, 3, 5, 5, 5, 7, 5, 9, 5, 9, 5],
        "compound advmod compound nsubj aux ROOT det dobj nsubj ccomp acomp punct",
        "NNP RB NNP NNP VBZ VBN DT NN PRP VBZ JJ .",
    )
    texts = _texts(doc)
    assert texts
    assert all(text.startswith("Wales back Gareth Thomas") for text in texts)


def test_a_goal_phrase_after_the_object_is_what_the_verb_needs(parser: Language) -> None:
    # "welcomes Danish pop group Aqua" leaves the verb half said: into what. Too long,
    # other words go first; and the phrase goes whole or not at all ("into false feeling").
    doc = _swapped(
        parser,
        "Minister Anna Sorensen has welcomed Danish pop group Aqua into the Song and Dance "
        "Hall of Fame , in Los Angeles .",
        "Singer Bruce Springsteen has inducted Irish rock band U2 into the Rock and Roll Hall "
        "of Fame, in New York.",
    )
    texts = _texts(doc)
    assert texts
    assert all("Aqua into" in text for text in texts)
    doc = _swapped(
        parser,
        'A " state funded publicity campaign " on the euro is being used to lure the French '
        "voters into a false feeling of safety , say the Greens .",
        'A "taxpayer subsidised propaganda exercise" on the EU is being used to lull the '
        "British public into a false sense of security, say the Tories.",
    )
    assert not any(text.endswith("false feeling") for text in _texts(doc))


def test_how_often_a_claim_holds_stays_with_its_verb(parser: Language) -> None:
    # Without "often" every father would be ignored, one case made all cases.
    doc = _swapped(
        parser,
        "Single fathers seeking contact with their daughters are often ignored by the "
        "benefits system , peers have said .",
        "Divorced parents seeking access to their children are often disadvantaged by the "
        "legal system, MPs have said.",
    )
    texts = _texts(doc)
    assert texts
    assert all("often ignored" in text for text in texts)


def test_a_capital_the_on_a_one_word_name_after_a_small_word_stays(parser: Language) -> None:
    # "in Hague" is no place, "band Killers" no band: the "The" is the name's.
    doc = _swapped(
        parser,
        "The new album by the band The Killers has been launched in The Bronx .",
        "The last film by the director Theo Gogh has been premiered in The Hague.",
    )
    texts = _texts(doc)
    assert texts
    assert all(text.endswith("in The Bronx") for text in texts)


def test_a_reported_verb_keeps_its_phrase_on_the_speaker_or_is_not_made(
    parser: Language,
) -> None:
    # Cut, "with him" (the speaker) leaves the two swapping roles with each other.
    doc = _swapped(
        parser,
        "Arsenal manager Arsene Wenger has claimed that Sir Bobby Robson and Alan Curbishley "
        "would swap roles with him .",
        "Chelsea boss Jose Mourinho has insisted that Sir Alex Ferguson and Arsene Wenger "
        "would swap places with him.",
    )
    made = compressions(doc, 12, TARGETS, {}, prune=True)  # with the article's salience
    assert not any(c.text.endswith("swap roles") for c in made)
    assert not well_formed("Sir Bobby Robson, Alan Curbishley would swap roles", doc)


def test_a_set_counted_from_keeps_the_clause_that_says_which(parser: Language) -> None:
    # "three of the local families" points at nothing without "evicted from ...".
    doc = _swapped(
        parser,
        "The council has written to three of the local families evicted from Riverside Court "
        "telling them they will not be given homes .",
        "The government has written to two of the British men freed from Guantanamo Bay "
        "telling them they will not be allowed passports.",
    )
    made = compressions(doc, 12, TARGETS, {}, prune=True)
    assert all("evicted from Riverside Court" in c.text for c in made if "families" in c.text)
    assert not well_formed("Council writes to three of local families evicted", doc)


def test_a_bare_subject_keeps_the_clause_that_says_which(parser: Language) -> None:
    # "Group launches latest weapon" names no one: which group is in the clause.
    doc = _swapped(
        parser,
        "The group that represents the UK music industry has launched its latest weapon in "
        "its fight to crack down on music file - sharing , aimed at students .",
        "The body that represents the US movie industry has released its latest tool in its "
        "campaign to clamp down on movie file-sharing, aimed at parents.",
    )
    made = compressions(doc, 12, TARGETS, {}, prune=True)
    assert not any(c.text.startswith("Group launches") for c in made)


def test_a_negated_clause_that_says_which_is_not_cut_from_its_noun(parser: Language) -> None:
    # "unlikely to pick any riders [not entered in ...]" cut says he will pick none.
    doc = _swapped(
        parser,
        "Welsh and Scottish Cycling coach Tom Hale says he is unlikely to pick any riders not "
        "entered in this year 's UCI Road Race Championship .",
        "British and Irish Lions coach Clive Woodward says he is unlikely to select any "
        "players not involved in next year's RBS Six Nations Championship.",
    )
    assert all("riders not entered" in text for text in _texts(doc) if "any riders" in text)
    fallback = checked_headline(parser, doc.text, parsed={doc.text: doc})
    assert fallback is None or "any riders" not in fallback or "not entered" in fallback


def test_a_noun_keeps_the_that_clause_which_spells_it_out(parser: Language) -> None:
    # "dismisses rumours" says nothing of what was rumoured.
    doc = _swapped(
        parser,
        "Welsh coach Tom Hale has dismissed rumours that the league leaders are a side in crisis .",
        "England captain Jason Robinson has rubbished suggestions that the world champions "
        "are a team in decline.",
    )
    texts = _texts(doc)
    assert texts
    assert all("rumours that league leaders are side in crisis" in text for text in texts)


def test_a_that_clause_spelling_out_a_noun_is_kept_whole_or_not_at_all(
    parser: Language,
) -> None:
    # "plays down fears that it could weigh" lost the particle and what it would do.
    doc = _swapped(
        parser,
        "The Irish council has played down fears that it could weigh in to block the city 's "
        "biggest project .",
        "The Brazilian government has played down claims that it could step in to save the "
        "country's biggest airline.",
    )
    assert flaws("Irish council plays down fears", doc)
    assert flaws("Irish council plays down fears that it could weigh", doc)
    assert not flaws("Irish council plays down fears that it could weigh in to block project", doc)


def test_a_him_or_her_needs_a_name_before_it_to_say_who(parser: Language) -> None:
    # The name comes after the clause: "may continue to escape him" says of no one.
    doc = _swapped(
        parser,
        "The coveted crown of All England Club may continue to escape him but , as he "
        "prepares to play a record - breaking tenth final , Tom Hale can at least comfort "
        "himself with the fact that he is the most decorated player of recent years .",
        "The ultimate prize of 10 Downing Street may continue to elude him but, as he "
        "prepares to deliver a record-breaking ninth budget, Gordon Brown can at least "
        "console himself with the thought that he is the longest serving chancellor of "
        "modern times.",
    )
    assert not any(text.endswith("escape him") for text in _texts(doc))
    assert flaws("Crown of All England Club may continue to escape him", doc)


def test_a_bare_plural_keeps_the_participle_that_says_which(parser: Language) -> None:
    # "offered to children" speaks of all children, not those starting their first term.
    doc = _swapped(
        parser,
        "Bus passes could be offered to children starting their first term , Jane Hale has said .",
        "Citizenship ceremonies could be introduced for people celebrating their 18th "
        "birthday, Charles Clarke has said.",
    )
    texts = _texts(doc)
    assert texts
    assert all("children starting first term" in text for text in texts)


def test_a_participle_saying_which_keeps_its_agent(parser: Language) -> None:
    # "fined for fouls missed": missed by whom? The agent is what the participle says.
    doc = _swapped(
        parser,
        "Leeds 's Tom Hale and Sam Reid of Hull have both been fined for fouls missed by the "
        "umpire in a recent cup derby match .",
        "Celtic's Henri Camara and Nacho Novo of Rangers have both been suspended for "
        "offences missed by the referee in a recent Old Firm game.",
    )
    assert flaws("Tom Hale and Sam Reid of Hull fined for fouls missed", doc)
    assert not flaws("Tom Hale and Sam Reid of Hull fined for fouls missed by umpire", doc)


def test_a_noun_read_as_a_verb_before_a_name_makes_no_headline(parser: Language) -> None:
    # "prop" read as the verb, "Tom Hale" its object and "has denied" a clause of it.
    doc = _swapped(
        parser,
        "Leeds and Hull prop Tom Hale has denied press stories linking him to the leadership "
        "of the Lions trip to South Africa this winter .",
        "Ireland and Munster lock Paul O'Connell has dismissed media reports linking him to "
        "the captaincy of the Lions tour to New Zealand this summer.",
    )
    assert not any(text.startswith("Leeds and Hull prop") for text in _texts(doc))
    assert flaws("Leeds and Hull prop Tom Hale has denied press stories", doc)


def test_an_only_clause_that_says_which_is_not_cut_from_its_noun(parser: Language) -> None:
    # "pays $18,200 on castle" says a real one: it "stands only in a novel".
    doc = _swapped(
        parser,
        "A student has paid $ 18,200 on a castle that stands only in a novel .",
        "A gamer has spent $26,500 on an island that exists only in a game.",
    )
    texts = _texts(doc)
    assert "Student pays 18,200 on castle that stands only in novel" in texts
    assert all("castle that stands only in novel" in text for text in texts if "castle" in text)


def test_a_superlative_keeps_the_phrase_right_after_that_bounds_it(parser: Language) -> None:
    # "earn the lowest average weekly wage" alone claims the lowest anywhere.
    doc = _swapped(
        parser,
        "Welsh farmers earn the lowest average weekly wage in Britain - less than half that of "
        "English or Scottish farmers , a study finds .",
        "British children enjoy the highest average annual income in Europe - more than double "
        "that of Spanish or Italian youngsters, a report suggests.",
    )
    texts = [c.text for c in compressions(doc, 12, TARGETS, {}, prune=True)]
    assert any("lowest" in text for text in texts)
    assert all("in Britain" in text for text in texts if "lowest" in text)


def test_an_object_noun_keeps_the_clause_that_says_what_it_says(parser: Language) -> None:
    # "rejects claims" says nothing: the claims are "there will be a tax rise".
    doc = _swapped(
        parser,
        "Minister Tony Blair 's oldest friend has rejected claims there will be a tax rise on "
        "5 April .",
        "Chancellor Gordon Brown's closest ally has denied suggestions there will be a Budget "
        "giveaway on 16 March.",
    )
    texts = [c.text for c in compressions(doc, 20, TARGETS, None, prune=True)]
    assert any("claims there will be tax rise" in text for text in texts)
    assert not any(text.endswith("rejects claims") for text in texts)
    assert not well_formed("Minister Tony Blair's oldest friend rejects claims", doc)


def test_a_verb_keeps_the_question_it_finds_out_or_is_not_made(parser: Language) -> None:
    # "expected to find out" finds out nothing without "if they will be fined".
    doc = _swapped(
        parser,
        "Italian cyclists Marco Rossi and Paolo Bianchi are expected to find out on Friday if "
        "they will be fined for skipping team meetings this season .",
        "Greek sprinters Kostas Kenteris and Katerina Thanou are expected to find out on "
        "Wednesday if they will be banned for missing drugs tests this summer.",
    )
    assert not any(text.endswith("find out") for text in _texts(doc))
    assert not well_formed("Italian cyclists Rossi and Bianchi expected to find out", doc)


def test_a_nouns_clause_ending_on_an_adjective_keeps_its_phrase(parser: Language) -> None:
    # "rumours it may be open" is not said: open to a merger.
    doc = _swapped(
        parser,
        "US software maker Acme Systems has declined to comment on rumours it may be open to "
        "a merger later in 2006 .",
        "UK condom maker SSL International has refused to comment on reports it may be subject "
        "to a takeover early in 2005.",
    )
    assert not well_formed("Acme Systems declines to comment on rumours it may be open", doc)


def test_a_nouns_clause_keeps_the_phrase_of_its_bare_noun_after_be(parser: Language) -> None:
    # "claims that the champions are a side" claims nothing: a side in crisis.
    doc = _swapped(
        parser,
        "Wales coach Mike Ruddock has dismissed claims that the league champions are a side in "
        "crisis .",
        "England captain Jason Robinson has rubbished suggestions that the world champions are "
        "a team in decline.",
    )
    texts = [text for text in _texts(doc) if "claims" in text]
    assert texts
    assert all(text.endswith("side in crisis") for text in texts)


def test_an_appositive_read_as_a_second_subject_is_not_kept_beside_the_first(
    parser: Language,
) -> None:
    # "Ghana's coach, Appiah calm, hopeful" reads as a list of three.
    doc = _swapped(
        parser,
        "Ghana 's head coach , Kwesi Appiah is calm and hopeful ahead of the African Cup semi "
        "against Nigeria on Sunday in Accra .",
        "Zambia's technical director, Kalusha Bwalya is confident and cautious ahead of the "
        "Cosafa Cup final against Angola on Saturday in Lusaka.",
    )
    assert not well_formed("Ghana's coach, Appiah calm, hopeful ahead of African Cup semi", doc)


def test_a_cut_spelling_out_clause_is_kept_only_as_a_vague_last_choice(parser: Language) -> None:
    # "dismisses fears" says nothing of what was feared: marked vague, so the engine takes
    # it only where the sentence and the fallbacks give nothing whole.
    doc = _swapped(
        parser,
        "Jane Smith has rejected worries from some teachers that her plans for ten new school cuts "
        "are too harsh .",
        "Michael Howard has dismissed fears from some Conservatives that his plans for £4bn "
        "tax cuts are too modest.",
    )
    found = compressions(doc, 12, TARGETS, None, prune=True)
    assert found
    assert all(made.vague for made in found if made.text.endswith("rejects worries"))
    assert any(made.vague for made in found)
    assert compress(doc) is not None


def test_a_name_ending_on_a_word_read_as_adverb_keeps_it(parser: Language) -> None:
    # "Inside" of "The Sea Inside" hung on "movie" as an adverb: cut, another film.
    doc = _swapped(
        parser,
        "French film The Night Watch has been named best picture and star Pierre Morel best "
        "actor at the Paris International Film Festival .",
        "Spanish movie The Sea Inside has been named best picture and star Javier Bardem best "
        "actor at the Bangkok International Film Festival.",
    )
    made = _texts(doc)
    assert made and all("The Night Watch named" in text for text in made)


def test_a_bare_object_aimed_on_something_keeps_its_on_phrase(parser: Language) -> None:
    # "turns spotlight" aims at nothing: "on" the economy is what the news is about.
    doc = _swapped(
        parser,
        "Gordon Brown 's budget has once again shone the light on Britain 's struggling industry .",
        "Fidel Castro's decision has once more turned the spotlight on Cuba's ailing economy.",
    )
    made = _texts(doc)
    assert made and all(text.endswith("on Britain's struggling industry") for text in made)


def test_an_activity_keeps_the_phrase_that_says_which(parser: Language) -> None:
    # "Deer stalking illegal" outlaws every kind: only stalking with rifles is.
    doc = _swapped(
        parser,
        "Deer stalking with rifles is now illegal in Scotland and Ireland after a law on the "
        "practice came into force yesterday .",
        "Fox hunting with dogs is now illegal in England and Wales after a ban on the "
        "activity came into force overnight.",
    )
    made = _texts(doc)
    assert made and all("stalking with rifles" in text for text in made)


def test_a_named_object_led_to_a_state_keeps_where_it_was_led(parser: Language) -> None:
    # "Flashes of skill steer Arsenal" steers them nowhere: "to a win" is the news.
    doc = _swapped(
        parser,
        "Three flashes of skill from Thierry Henry steered Arsenal to a comfortable win over "
        "Everton .",
        "Two moments of magic from Brian O'Driscoll guided Ireland to a workmanlike victory "
        "against Italy.",
    )
    made = _texts(doc)
    assert made and all("steer Arsenal to comfortable win" in text for text in made)


def test_too_before_an_adjective_stays_with_whom_it_is_too_much_for(parser: Language) -> None:
    # "Real Madrid proves fast" says nothing of beating anyone; "too fast for Leeds" does.
    doc = _swapped(
        parser,
        "Real Madrid proved too fast for a Spanish - owned Leeds to finish off their long "
        "winning home run with a narrow defeat .",
        "New Zealand proved too strong for an Australian-dominated Barbarians to round off "
        "their unbeaten northern hemisphere tour with an easy win.",
    )
    texts = _texts(doc)
    assert texts
    assert all("too fast for" in text and "Leeds" in text for text in texts)


def test_an_and_left_with_no_conjunct_stays_between_its_two_words(parser: Language) -> None:
    # "Russian-born singer dancer" is no English; "singer and dancer" as written is.
    doc = _swapped(
        parser,
        "France has ordered the extradition of Russian - born singer and dancer Anna Petrova "
        "to Canada after finding she was living illegally on her permit .",
        "India has ordered the deportation of Iranian-born model and actress Negar Khan to "
        "Norway after saying she was working illegally on her visa.",
    )
    texts = _texts(doc)
    assert texts
    assert all("singer and dancer" in text for text in texts if "dancer" in text)
    assert any("dancer" in text for text in texts)


def test_a_subject_with_a_alone_keeps_the_phrase_that_says_what_it_is(parser: Language) -> None:
    # "Ridsdale hopes run could help" names no run: which one is "in the play-off rounds".
    doc = _swapped(
        parser,
        "Leeds chairman Peter Ridsdale hopes a run in the play - off rounds of the FA Cup "
        "could help keep some of his out - of - contract players at the ground .",
        "Hearts manager John Robertson hopes a place in the knock-out stages of the Uefa Cup "
        "could help keep some of his out-of-contract players at the club.",
    )
    assert not any("hopes run" in text for text in _texts(doc))
    made = _texts(parser("A rise in interest rates could hurt growth ."))
    assert made
    assert all(text.startswith("Rise in") for text in made)


def test_a_direction_adverb_keeps_its_phrase_where_the_verb_has_no_object(
    parser: Language,
) -> None:
    # "Straw arrives back" says nothing: where from is the news.
    doc = _swapped(
        parser,
        "Foreign Secretary Jack Straw has arrived back from his official visit to the Far East "
        "to try to restart the trade talks .",
        "Prime Minister Tony Blair has arrived back from his diplomatic mission to the Middle "
        "East to try to resurrect the peace process.",
    )
    texts = _texts(doc)
    assert texts
    assert all("arrives back from" in text for text in texts)


def test_the_two_of_a_subject_points_back_and_is_no_headline_subject(parser: Language) -> None:
    # "Two firms sign supply deal": which two was said before them, in the cut phrase.
    doc = _swapped(
        parser,
        "In a sign of a truce in talks between Ford and Fiat , the two firms have signed a "
        "supply deal with the EU , allowing Italian parts made in factories with German owners "
        "free access to European markets .",
        "In a sign of a thaw in relations between Egypt and Israel, the two countries have "
        "signed a trade protocol with the US, allowing Egyptian goods made in partnership with "
        "Israeli firms free access to American markets.",
    )
    assert not any(text.startswith("Two") for text in _texts(doc))
    assert not well_formed("Two firms sign supply deal", doc)


def test_a_participle_after_a_counted_noun_keeps_its_phrase(parser: Language) -> None:
    # "Millions of dollars spent should have gone": spent on what is what is said.
    doc = _swapped(
        parser,
        "Millions of dollars spent on roads in Texas and in the Deep South should have been "
        "used to fund schools , Senator John Smith - Jones has said .",
        "Billions of pounds spent on conflict in Iraq and in the Middle East should have been "
        "used to reduce poverty, Cardinal Cormac Murphy-O'Connor has said.",
    )
    texts = _texts(doc)
    assert not any("spent should" in text for text in texts)
    assert all("spent on roads" in text for text in texts if "spent" in text)


def test_own_stays_with_its_noun(parser: Language) -> None:
    # "Smith's try" scores for the other side: an own try is the opposite.
    doc = _swapped(
        parser,
        "Marcus Smith 's own try put Leicester on the winning path as rain - hit Bath were "
        "well beaten at Welford .",
        "Titus Bramble's own goal put Liverpool on the comeback trail as injury-hit Newcastle "
        "were well beaten at Anfield.",
    )
    made = compressions(doc, 12, TARGETS, {}, prune=True)  # every modifier said once
    assert made
    assert all("own try" in c.text for c in made)


def test_a_focus_adverb_stays_with_its_noun(parser: Language) -> None:
    # "Software is not going to help" denies what the source denies of software alone.
    doc = _swapped(
        parser,
        "Cheaper , faster or smarter software alone is not going to help car makers win more "
        "buyers , analysis suggests .",
        "Faster, better or funkier hardware alone is not going to help phone firms sell more "
        "handsets, research suggests.",
    )
    texts = _texts(doc)
    assert texts
    assert all("software alone" in text.lower() for text in texts)


def test_an_object_keeps_the_gerund_with_its_own_subject(parser: Language) -> None:
    # "trying to stop singer" stops the singer, not his appearing in Ohio.
    doc = _swapped(
        parser,
        "Local parents are trying to stop singer Eminem appearing in Ohio , saying they do not "
        'want his " crude and violent songs " in their city .',
        "Church ministers are trying to prevent rapper Nelly performing in Arkansas, saying "
        'they do not want his "vile and filthy lyrics" in their town.',
    )
    texts = _texts(doc)
    assert texts
    assert all("Eminem appearing" in text for text in texts if "stop" in text)


def test_a_bare_plural_after_a_preposition_keeps_the_participle_that_says_which(
    parser: Language,
) -> None:
    # "offered to people" is everyone: the participle clause says who.
    doc = _swapped(
        parser,
        "Bus passes could be offered to people reaching their 60th birthday , Tessa Jowell has "
        "said .",
        "Citizenship ceremonies could be introduced for people celebrating their 18th birthday, "
        "Charles Clarke has said.",
    )
    texts = _texts(doc)
    assert texts
    assert not any(text.endswith("to people") for text in texts)


def test_a_title_joined_by_and_keeps_its_the_before_a_singular_verb(parser: Language) -> None:
    # One title as the subject of "has": "Alice and Looking-Glass Queen" is no title.
    doc = _swapped(
        parser,
        "Alice Liddell and the Looking - Glass Queen has topped Waterstone 's book chart less "
        "than 48 hours after its release date - 14 October - was announced .",
        "Harry Potter and the Half-Blood Prince has topped Amazon's book chart less than 24 "
        "hours after its release date - 16 July - was announced.",
    )
    texts = _texts(doc)
    assert texts
    assert all("Liddell and the Looking" in text for text in texts if "Queen" in text)


def test_a_headline_does_not_end_on_a_participle_cut_from_its_phrase(parser: Language) -> None:
    # "sales lifted": lifted by what? The parser reads the participle as a clause.
    doc = _swapped(
        parser,
        "Nissan , the Japanese car maker , reported higher third quarter and half - year sales "
        "on Monday lifted by a strong season for its truck leasing arm .",
        "Ford, the US car company, reported higher fourth quarter and full-year profits on "
        "Thursday boosted by a buoyant period for its car loans unit.",
    )
    assert not any(text.endswith("lifted") for text in _texts(doc))


def test_a_modal_perfect_keeps_its_by_deadline(parser: Language) -> None:
    # Without "by 1800 BST", "drivers must have paid" is a guess about the past.
    doc = _swapped(
        parser,
        "Drivers in Kent , Essex and Surrey must have paid by 1800 BST to be able to park in the "
        "town centre if it is open , as planned , on 3 June .",
        "People in England, Scotland and Wales must have registered by 1700 GMT to be able to "
        "vote in the general election if it is held, as expected, on 5 May.",
    )
    # The rule fallback's looser compression, which the headline is cut back from.
    longer = compress(doc, max_words=20)
    assert longer is not None
    assert "must have paid by 1800 BST" in longer


def test_a_superlative_complement_keeps_the_phrase_that_bounds_it(parser: Language) -> None:
    # "named most influential people": of all people, which the source does not claim.
    doc = _swapped(
        parser,
        "Green Day stars Billie Armstrong and Mike Dirnt have been named the most influential "
        "people in US punk , in a poll by music magazine Rolling Stone .",
        "Little Britain stars Matt Lucas and David Walliams have been named the most powerful "
        "people in TV comedy, in a poll by listings magazine Radio Times.",
    )
    texts = _texts(doc)
    assert texts
    assert all("people in US punk" in text for text in texts if "influential" in text)


def test_a_name_joined_by_and_to_another_name_is_no_descriptor(parser: Language) -> None:
    # "Merger of Thyssen": the parser hangs the first party on the second as a descriptor.
    doc = _swapped(
        parser,
        "The merger of German steel maker Krupp and arms firm Thyssen is to go ahead , but will "
        "not include Blohm , which was controversially sold last month .",
        "The merger of Russian gas giant Gazprom and oil firm Rosneft is to go ahead, but will "
        "not include Yugansk, which was controversially bought last year.",
    )
    texts = _texts(doc)
    assert texts
    assert all("Krupp and" in text for text in texts if "Thyssen" in text)


def test_a_passive_relative_clause_without_its_auxiliary_is_not_well_formed(
    parser: Language,
) -> None:
    # "harming way club run": the relative clause has no verb left.
    doc = _swapped(
        parser,
        "Jack Smith 's row with Peter Jones is harming the way the club is run , Labour leader "
        "John Brown has claimed in a heated town council 's debate .",
        "Tony Blair's feud with Gordon Brown is damaging the way the UK is governed, Tory "
        "leader Michael Howard has claimed in a heated prime minister's questions.",
    )
    assert not well_formed("Smith's row with Jones harming way club run", doc)


def test_an_ordinal_keeps_the_since_phrase_that_bounds_it(parser: Language) -> None:
    # Without "since 1978" the title would be the first they ever went for.
    doc = _swapped(
        parser,
        "Wales are playing for their first league title since 1978 after three straight wins , "
        "and Scotland pose their hardest test of the season so far .",
        "Ireland are going for their first Grand Slam since 1948 after two opening wins, and "
        "England represent their sternest test of the Championship so far.",
    )
    texts = _texts(doc)
    assert texts
    assert all("since 1978" in text for text in texts if "first" in text)


def test_a_superlative_with_a_possessor_keeps_its_span_of_time(parser: Language) -> None:
    # "its worst fall" is no record of all time: only "in a week".
    doc = _swapped(
        parser,
        "The bond market in Lagos has seen its worst fall in a week , after the government "
        "raised the expected bill of recovering from the recent floods .",
        "The stock market in Jakarta has seen its biggest slide in a month, after the country "
        "doubled the likely cost of rebuilding from the Asian tsunami.",
    )
    texts = _texts(doc)
    assert texts
    assert all("worst fall in a week" in text for text in texts)


def test_a_modifier_after_a_superlative_says_among_what_it_ranks(parser: Language) -> None:
    # "biggest company" claims more than the biggest oil company.
    sentence = "The region's biggest oil company has cut its profit forecast for the year."
    salience = {"company": 3, "region": 2, "profit": 3, "forecast": 3, "oil": 1}
    found = _all_compressions(parser, sentence)
    found += [c.text for c in compressions(parser(sentence), 12, TARGETS, salience, prune=True)]
    assert found
    assert all("biggest oil company" in text for text in found)


def test_rule_headline_keeps_a_modifier_after_an_ordinal() -> None:
    # "third novel" is not the third historical novel.
    sentence = (
        "Tom Hale's third historical novel, Dusk, has topped the UK book charts for a second week."
    )
    salience = {"historical": 1, "novel": 3, "hale": 3, "dusk": 3, "top": 2, "chart": 2}
    assert "third historical novel" in make_headline(sentence, salience=salience)


def test_an_ordinal_noun_keeps_the_infinitive_that_says_at_what_it_ranks(
    parser: Language,
) -> None:
    # Parsed with "to blame" on "become": "second store" alone is second at nothing said.
    doc = _swapped(
        parser,
        "Red Rock has become the second biggest online music store this week to blame a slump "
        "in CD sales for falling profits .",
        "Ask Jeeves has become the third leading online search firm this week to thank a revival "
        "in internet advertising for improving fortunes.",
    )
    assert all("to blame slump in CD sales" in text for text in _texts(doc))
    assert flaws("Red Rock becomes second biggest online music store", doc)
    assert not flaws(
        "Red Rock becomes second biggest online music store to blame slump in CD sales", doc
    )


def test_an_infinitive_hung_on_the_verb_after_a_ranked_noun_is_kept(parser: Language) -> None:
    # "became the first club this year [to win the cup]", "to win" parsed as the verb's.
    doc = _parsed(
        parser,
        "Leeds became the first club this year to win the cup .",
        [1, 1, 4, 4, 1, 6, 1, 8, 1, 10, 8, 1],
        "nsubj ROOT det amod attr det npadvmod aux advcl det dobj punct",
        "NNP VBD DT JJ NN DT NN TO VB DT NN .",
    )
    assert "Leeds becomes first club to win cup" in _texts(doc)


def test_a_so_without_its_result_clause_goes(parser: Language) -> None:
    # "so keen on electric models" points at a result ("many are buying ...") it lost.
    doc = _swapped(
        parser,
        "Car fans are so keen on electric models many are buying the equivalent of 10 vans full "
        'of batteries in " power " .',
        "Gadget lovers are so hungry for digital data many are carrying the equivalent of 10 "
        'trucks full of paper in "weight".',
    )
    texts = _texts(doc)
    assert "Car fans keen on electric models" in texts
    assert not any("so keen" in text for text in texts)


def test_as_the_noun_keeps_the_clause_that_says_which_or_no_headline(parser: Language) -> None:
    # "looked back on as knock": which knock? "that turned round the test series" says.
    doc = _swapped(
        parser,
        "Sam Reid 's long innings will be looked back on as the knock that turned round the "
        "test series .",
        "Tony Blair's big speech will be looked back on as the performance that kicked off the "
        "election campaign.",
    )
    assert not any(text.endswith("as knock") for text in _texts(doc))


def test_a_passive_verb_keeps_its_stranded_preposition(parser: Language) -> None:
    # "to be looked back" is no English: "looked back on" is the verb.
    doc = _swapped(
        parser,
        "Sam Reid 's long innings will be looked back on as the knock that turned round the "
        "test series .",
        "Tony Blair's big speech will be looked back on as the performance that kicked off the "
        "election campaign.",
    )
    assert flaws("Sam Reid's long innings to be looked back", doc)


def test_a_possessive_pronoun_subject_makes_no_headline(parser: Language) -> None:
    # "His was speech": whose?
    found = _all_compressions(
        parser, "His was more a speech designed to remind voters what the party stood for."
    )
    assert not any(text.lower().startswith("his") for text in found)


def test_a_to_before_its_verb_aligns_with_the_infinitive(parser: Language) -> None:
    # "letter to set out": the "to" is the infinitive's, not the cut "to a small panel".
    doc = _swapped(
        parser,
        "The chief executive used her letter to a small panel in the north west to set out her "
        "broad brush savings plan .",
        "The prime minister used his speech to a selected audience in the south east to set out "
        "his broad brush election manifesto.",
    )
    assert not flaws("Chief executive used letter to set out broad brush savings plan", doc)


def test_a_name_read_as_a_subject_clause_leaves_its_aside_out(parser: Language) -> None:
    # "Ask Frank" read as a clause: its aside between commas ran on without them.
    doc = _swapped(
        parser,
        "Ask Frank , once among the very best loved shops on the street , is now a fairly "
        "small store .",
        "Ask Jeeves, once among the best-known names on the web, is now a relatively modest "
        "player.",
    )
    texts = _texts(doc)
    assert "Ask Frank is small store" in texts
    assert not any("once among" in text for text in texts)


def test_used_with_an_object_before_its_infinitive_takes_headline_tense(
    parser: Language,
) -> None:
    # "used her letter to set out" is no past habit, as "used to set out" would be.
    found = _all_compressions(parser, "The chief executive used her letter to set out her plan.")
    assert "Chief executive uses letter to set out plan" in found
    habit = _all_compressions(parser, "The old mill used to employ hundreds of local workers.")
    assert not any("uses to" in text for text in habit)


def test_a_modifier_of_a_modifier_is_never_left_out(parser: Language) -> None:
    # "[back] row crisis", "[civil] service union": without the first word the second
    # names another thing, however rarely the article repeats it.
    doc = _swapped(
        parser,
        "Ireland 's front row worry has grown ahead of the Heineken European Cup with word "
        "that Tom Hale will miss out on the early rounds .",
        "Scotland's back row crisis has worsened ahead of the RBS Six Nations with news that "
        "Scott Gray will miss out on the opening matches.",
    )
    salience = {"row": 1, "worri": 5, "front": 1}
    texts = [c.text for c in compressions(doc, 12, TARGETS, salience, prune=True)]
    assert texts
    assert all("front row worry" in text for text in texts)


def test_a_verb_keeps_the_of_phrase_after_its_object(parser: Language) -> None:
    # "accused Tom Brown [of ...]": accused of nothing, the charge is lost.
    doc = _swapped(
        parser,
        "Party leader Jane Smith has accused Tom Brown of making back - flips over plans on "
        "raising tax against savers .",
        "Tory leader Michael Howard has accused Tony Blair of performing U-turns over rules on "
        "using force against burglars.",
    )
    texts = _texts(doc)
    assert texts
    assert all("Tom Brown of making" in text for text in texts)


def test_a_particle_with_an_object_of_its_own_does_not_dangle(parser: Language) -> None:
    # "over plans" read as a particle with an object: kept alone, "back-flips over".
    doc = _swapped(
        parser,
        "Party leader Jane Smith has accused Tom Brown of making back - flips over plans on "
        "raising tax against savers .",
        "Tory leader Michael Howard has accused Tony Blair of performing U-turns over rules on "
        "using force against burglars.",
    )
    texts = _texts(doc)
    assert texts
    assert not any(text.endswith(" over") or " over on " in text for text in texts)


def test_a_superlative_read_as_an_adverb_keeps_its_rank(parser: Language) -> None:
    # "the second quickest outdoor 200m": without the rank the feat is anyone's swim.
    doc = _swapped(
        parser,
        "Veteran Jo Baker swam the second quickest outdoor 200 m of all time at the Leeds "
        "Summer gala .",
        "Teenager LaShawn Merritt ran the third fastest indoor 400m of all time at the "
        "Fayetteville Invitational meeting.",
    )
    texts = _texts(doc)
    assert texts
    assert all("second quickest outdoor" in text for text in texts)


def test_an_adjective_phrase_after_its_noun_stays_past_a_degree_adverb(
    parser: Language,
) -> None:
    # "costs [far] nearer to hand": cut, "looking at costs" says which costs no more.
    doc = _swapped(
        parser,
        "As Asian ministers meet in Delhi on Monday to agree the new trade pact , most farmers "
        "will be looking at costs far nearer to hand - namely how to pay for seed .",
        "As European leaders gather in Rome on Friday to sign the new EU constitution, many "
        "companies will be focusing on matters much closer to home - namely how to stay in "
        "business.",
    )
    texts = _texts(doc)
    assert texts
    assert all("costs far nearer to hand" in text for text in texts)


def test_a_clause_before_a_root_be_is_its_subject_not_a_report(parser: Language) -> None:
    # "The image [that] Tony Blair says keeps returning ... is that of a boy": read as a
    # clause "is" reports, it made "Image Tony Blair says keeps returning".
    doc = parser(
        "The image Tony Blair says keeps returning to him - the one that he says is etched into "
        "him - is that of a young boy, whose parents died of hunger, and who is now alone "
        "himself."
    )
    texts = [c.text for c in compressions(doc, 12, TARGETS, {}, prune=True)]
    assert not any("says keeps" in text for text in texts)


def test_a_change_measured_in_per_cent_keeps_what_changed(parser: Language) -> None:
    # "sees 18% jump [in profits]": cut, the jump is of nothing.
    doc = _swapped(
        parser,
        "Northern and Western Mills ( NWM ) , Europe 's largest weaver , has reported a 12 % "
        "fall in orders during March .",
        "Industrial and Commercial Bank (ICBC), China's biggest lender, has seen an 18% jump "
        "in profits during 2004.",
    )
    texts = _texts(doc)
    assert texts
    assert all("fall in orders" in text for text in texts)


def test_a_name_particle_read_as_a_verb_stays_in_the_name(parser: Language) -> None:
    # "David [dal] Maso": "dal" tagged a past tense with "David" its subject, then cut
    # as a descriptor before the name, which left another man's name ("Maso").
    doc = _parsed(
        parser,
        "Marco del Piero has been given the job of leading the young squad .",
        [1, 2, 5, 5, 5, 5, 7, 5, 7, 8, 12, 12, 9, 5],
        "nsubj compound nsubjpass aux auxpass ROOT det dobj prep pcomp det amod dobj punct",
        "NNP VBD NNP VBZ VBN VBN DT NN IN VBG DT JJ NN .",
    )
    texts = _texts(doc)
    assert texts
    assert all(text.startswith("Marco del Piero") for text in texts)


def test_what_there_is_keeps_its_of_phrase(parser: Language) -> None:
    # "there is a hive [of scandal]": cut, the clause says only that a hive exists.
    doc = _swapped(
        parser,
        "In a dusty shed at the end of Summerfield there is a box of letters .",
        "In a locked room at the heart of Parliament there is a hive of scandal.",
    )
    cut = "In dusty shed at end of Summerfield there is box"
    assert "'box' without its 'of' phrase" in flaws(cut, doc)
    assert "'box' without its 'of' phrase" not in flaws(cut + " of letters", doc)


def test_the_amount_after_up_stays_with_it(parser: Language) -> None:
    # "closed up [$2.80] to $51.15": cut, "up to" reads as "as much as".
    doc = _swapped(
        parser,
        "A tonne of Chilean refined copper finished up $ 9.40 to $ 312.60 in Buenos Aires "
        "on Monday .",
        "A barrel of US crude oil closed up $2.80 to $51.15 in New York on Tuesday.",
    )
    texts = _texts(doc)
    assert texts
    assert all("up 9.40 to" in text.replace("$", "") for text in texts)


def test_a_capitalized_adverb_inside_a_name_stays_in_it(parser: Language) -> None:
    # "Graham Norton's [Strictly] Dance Fever": cut, the show is another one.
    doc = _swapped(
        parser,
        "The ITV spokesman said Ant McPartlin 's Simply Quiz Night would be a hit in 2006 .",
        "The BBC spokeswoman said Graham Norton's Strictly Dance Fever would be a priority "
        "for 2005.",
    )
    texts = _texts(doc)
    assert texts
    assert all("Simply Quiz Night" in text for text in texts)


def test_a_demonstrative_on_a_possessor_is_kept(parser: Language) -> None:
    # "this year's festival": "year's festival" says no year and is no English.
    doc = _swapped(
        parser,
        "Engineers say this season 's Paris Motor Show , which starts on Monday with sports "
        "model Car to Car , will launch a rebuilt French industry .",
        "Organisers say this year's Berlin Film Festival, which opens on Thursday with period "
        "epic Man to Man, will celebrate a revitalised European cinema.",
    )
    texts = _texts(doc)
    assert any("this season's Paris Motor Show" in text for text in texts)
    assert all("this season's" in text.lower() or "season's" not in text for text in texts)


def test_a_noun_after_a_bracketed_abbreviation_is_the_phrase_head_not_an_aside(
    parser: Language,
) -> None:
    # "mobile (3G) networks": the parser hangs "networks" as an appositive in brackets.
    doc = _swapped(
        parser,
        "Low - cost digital ( 4 K ) cameras need to get cheaper if they are to reach wide "
        "consumer use in the home and small new markets .",
        "Third-generation mobile (3G) networks need to get faster if they are to deliver fast "
        "internet surfing on the move and exciting new services.",
    )
    texts = _texts(doc)
    assert texts
    assert all("digital cameras need" in text for text in texts)


def test_an_indefinite_object_keeps_the_phrase_that_says_what_it_is(parser: Language) -> None:
    # "made an appeal [for unity]": "makes appeal" names nothing.
    doc = _swapped(
        parser,
        "Maria Lopez has lodged a complaint about noise after neighbours said Mr Hill moved out "
        "on a promise to stay on until the next school year .",
        "Gordon Brown has made an appeal for unity after reports claimed Mr Blair went back on "
        "a pledge to stand down before the next general election.",
    )
    texts = _texts(doc)
    assert "Maria Lopez lodges complaint about noise" in texts
    assert not any(text.endswith("complaint") for text in texts)


def test_the_article_of_a_title_after_its_colon_is_kept(parser: Language) -> None:
    # "Exorcist: The Beginning": "Exorcist Beginning" is no film's name.
    doc = _swapped(
        parser,
        "The first cut of comedy sequel Voyager : The Return , shelved by studios over fears it "
        "was not funny enough , is to get its cinema release .",
        "The original version of horror prequel Exorcist: The Beginning, dropped by producers "
        "over claims it was not scary enough, is to have its world premiere.",
    )
    texts = _texts(doc)
    assert texts
    assert all("Voyager The Return" in text for text in texts)


def test_a_noun_parsed_with_its_own_object_keeps_it_or_is_no_headline(parser: Language) -> None:
    # "could help to make learning [languages much less of a chore]": "make learning" dangles.
    doc = _swapped(
        parser,
        "The simple joy of word puzzles could help to make teaching children far less of a "
        "task , said Mr Kaur .",
        "The inherent fun of game playing could help to make learning languages much less of "
        "a chore, said Mr Purushotma.",
    )
    assert not any(text.endswith("make teaching") for text in _texts(doc))


def test_a_bare_plural_object_keeps_the_who_clause_that_says_which_or_goes(
    parser: Language,
) -> None:
    # "launches legal action to sue people [who facilitate illegal film downloading]":
    # without the clause it says it will sue everyone.
    doc = _swapped(
        parser,
        "The UK music industry has started court action to fine users who enable illegal song "
        "swapping .",
        "The US movie industry has launched legal action to sue people who facilitate illegal "
        "film downloading.",
    )
    texts = _texts(doc)
    assert texts
    assert not any(text.endswith("fine users") for text in texts)


def test_a_noun_read_as_a_verb_after_its_modifiers_is_not_cut_off_them(parser: Language) -> None:
    # "consigned England to their third straight Six Nations [defeat]": the parser reads
    # "defeat" as a verb; cut, "to third Six Nations" dangles.
    doc = _swapped(
        parser,
        "Leeds condemned Derby to their fourth successive Premier League loss with a late "
        "winner at Elland Road .",
        "Ireland consigned England to their third straight Six Nations defeat with a stirring "
        "victory at Lansdowne Road.",
    )
    assert not any(text.endswith("Premier League") for text in _texts(doc))


def test_a_future_perfect_is_no_headline_tense(parser: Language) -> None:
    # "fans will have become used to ...": "Football fans to have become used" is no
    # headline.
    doc = _swapped(
        parser,
        "For the last year or so the keen chess players among us will have grown tired of the "
        "weekly column of Grandmaster Corner ( GC ) .",
        "For the past decade or so the virtual football fans among us will have become used to "
        "the annual helping of Championship Manager (CM).",
    )
    assert not any("to have" in text for text in _texts(doc))


def test_an_ordinal_subject_keeps_the_for_phrase_that_says_of_what(parser: Language) -> None:
    # "The second Pop Idol-style search [for literary talent] has begun": without it, the
    # second such search of any kind.
    doc = _swapped(
        parser,
        "The third X Factor - type hunt for comic talent has started with the support of the "
        "sister of Jane Grant .",
        "The second Pop Idol-style search for literary talent has begun with the help of the "
        "brother of Simon Cowell.",
    )
    assert "hunt for comic talent starts" in (compress(doc, max_words=20) or "")


def test_a_noun_keeps_the_infinitive_the_parser_calls_its_xcomp(parser: Language) -> None:
    # "Plans [to abolish 162 quangos] have been unveiled": "Plans unveiled" says nothing.
    doc = _swapped(
        parser,
        "Proposals to close 40 depots have been approved by the council as part of its drive "
        "to prove how local bus services can be saved .",
        "Plans to abolish 162 quangos have been unveiled by the Conservatives as part of "
        "their effort to show how government red tape can be cut.",
    )
    texts = _texts(doc)
    assert texts
    assert all("Proposals to close 40 depots" in text for text in texts)


def test_a_from_phrase_is_not_kept_without_the_to_phrase_of_its_range(parser: Language) -> None:
    # "Technologies, from e-mail, to net chatrooms, ...": "Technologies from e-mail" says
    # they come from e-mail.
    doc = _swapped(
        parser,
        "Gadgets , from pen - pals , to video calls , online forums and blogs , have proved "
        "to be a great help with those hunting for work .",
        "Technologies, from e-mail, to net chatrooms, instant messaging and mobiles, have "
        "proved to be a big pull with those looking for love.",
    )
    texts = _texts(doc)
    assert texts
    assert all(("from pen pals" in text) == ("to video calls" in text) for text in texts)


def test_a_comparative_is_not_kept_without_the_than_hung_on_its_noun(parser: Language) -> None:
    # "can be cheaper and higher quality [than those from High Street developers]": the
    # parser hangs "than" on "quality"; cut, it claims the pictures are cheap outright.
    doc = _swapped(
        parser,
        "Home cooked meals can be healthier and better value than those from fast food outlets .",
        "Home printed pictures can be cheaper and higher quality than those from High Street "
        "developers.",
    )
    texts = _texts(doc)
    assert all("than" in text for text in texts if "healthier" in text)


def test_a_so_without_its_result_clause_is_no_whole_headline(parser: Language) -> None:
    # "People becoming so dependent on mobile phones [that one in three ...]": "so" points
    # at a clause that is cut.
    doc = _swapped(
        parser,
        "Drivers are growing so attached to their electric cars that two in five are worried "
        "that selling their car would mean they miss their trips .",
        "People are becoming so dependent on their mobile phones that one in three are "
        "concerned that losing their phone would mean they lose their friends.",
    )
    assert not well_formed("Drivers growing so attached to electric cars", doc)
    assert well_formed("Drivers growing attached to electric cars", doc)


def test_a_counted_share_of_a_plural_noun_takes_a_plural_verb(parser: Language) -> None:
    # "More than 50% of mobile owners reports": the owners report, not the share.
    doc = _swapped(
        parser,
        "Well over 40 % of small farmers claimed they had had their crop spoiled or sold in the "
        "past two seasons .",
        "More than 50% of mobile owners reported they had had their phone stolen or lost in "
        "the last three years.",
    )
    texts = _texts(doc)
    assert any("of small farmers claim they" in text for text in texts)
    assert not any(" claims " in text for text in texts)


def test_a_predicate_noun_keeps_the_rank_said_of_it(parser: Language) -> None:
    # "helps make it [the fourth most digitally-savvy] nation": the rank is the news.
    doc = _swapped(
        parser,
        "The city 's investment in solar power and wind has helped make it the third most "
        "environmentally - friendly town in Germany , according a study by Green Research .",
        "The UK's adoption of digital TV and broadband has helped make it the fourth most "
        "digitally-savvy nation in Europe, according a report by Jupiter Research.",
    )
    assert not any(text.endswith("make it town") for text in _texts(doc))
    assert not well_formed("City's investment in solar power and wind helps make it town", doc)


def test_a_him_inside_the_headline_needs_a_name_before_it(parser: Language) -> None:
    # Not at the end, so the trailing-pronoun check does not see it: "elude him" who?
    doc = parser(
        "The top job at the club may yet elude him this season, but John Smith can at least "
        "take comfort in his record."
    )
    assert not well_formed("Top job at club may elude him this season", doc)


def test_a_possessive_her_needs_no_name_before_it(parser: Language) -> None:
    # "loses her case": "her" is the executive's, said in the headline itself.
    doc = parser("A former executive has lost her £2m sex discrimination case against the bank.")
    assert well_formed("Former executive loses her £2m sex discrimination case", doc)
