from service.text import clean_line, content_hash, html_to_text, normalize_text
from service.text.html import decode_html


def test_normalize_composes_unicode_and_drops_control_characters() -> None:
    decomposed = "Cafe\u0301 opens\x00 to\x07day\u200b.\r\n\r\n\r\n\r\nSecond   line  "
    assert normalize_text(decomposed) == "Café opens today.\n\nSecond line"


def test_same_text_with_different_noise_hashes_the_same() -> None:
    a = normalize_text("Prices rose.\r\nMarkets fell.  ")
    b = normalize_text("Prices rose.\nMarkets\u00a0fell.")
    assert content_hash(a) == content_hash(b)
    assert content_hash(a) != content_hash(normalize_text("Prices fell."))


def test_html_is_reduced_to_the_main_text() -> None:
    body = " ".join(["The river flooded the old town after three days of rain."] * 8)
    html = (
        "<html><head><title>Floods hit town</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
        f"<article><h1>Floods hit town</h1><p>{body}</p></article>"
        "<footer>Copyright 2024 Example News. All rights reserved.</footer></body></html>"
    )
    page = html_to_text(html)
    assert "river flooded" in page.text
    assert "Copyright" not in page.text
    assert page.title == "Floods hit town"


def test_bidi_controls_zero_width_and_lone_surrogates_are_removed() -> None:
    hostile = "Pay \u202eredaeh\u202c now\u2066!\u2069 \ud800ok\u200d\x00"
    assert normalize_text(hostile) == "Pay redaeh now! ok"
    assert clean_line(" two\nlines\t\u202aand\u00a0spaces ") == "two lines and spaces"


def test_latin1_page_declaring_its_charset_only_in_meta_is_decoded_right() -> None:
    body = " ".join(["Le gouvernement du Québec a présenté son budget mardi."] * 6)
    page = (
        "<html><head><meta charset='iso-8859-1'><title>Québec</title></head>"
        f"<body><article><p>{body}</p></article></body></html>"
    ).encode("latin-1")
    extracted = html_to_text(page)
    assert "Québec a présenté" in extracted.text and extracted.title == "Québec"
    # Short pages defeat the guessers ("là" came back as "lŕ"); the declaration does not.
    short = "<meta charset=latin1><p>Québec est là</p>".encode("latin-1")
    assert decode_html(short).endswith("Québec est là</p>")
    # The HTTP header, when there is one, wins over a guess.
    assert "Québec" in decode_html("<p>Québec</p>".encode("latin-1"), declared_charset="latin1")
    assert decode_html("<p>Québec</p>".encode()) == "<p>Québec</p>"
