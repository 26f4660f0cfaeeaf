from service.text import content_hash, html_to_text, normalize_text


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
