"""Japanese pages carry the font of their own characters (sim.webfont)."""

import base64
import io
import re

from fontTools.ttLib import TTFont

from sim.plots import JAPANESE_FONT_PATH
from sim.webfont import subset_font, with_japanese_font

PAGE = ("<!doctype html><html lang='ja'><head><meta charset='utf-8'><title>東北の将来像</title></head>"
        "<body><h1>ありたい姿までの距離</h1><table><tr><th>総人口</th><td>709.7万人</td></tr></table></body></html>")


def _codepoints(font_bytes: bytes) -> set[int]:
    return set(TTFont(io.BytesIO(font_bytes)).getBestCmap())


def test_the_subset_holds_every_character_of_the_text_and_little_else():
    text = "東北の戦略シナリオと10年後のありたい姿（億円・兆円・万人）"
    font = subset_font(text)
    covered = _codepoints(font)
    assert {ord(character) for character in text} <= covered
    assert ord("鬱") not in covered  # in the full font, not in the text
    assert ord("鬱") in _codepoints(JAPANESE_FONT_PATH.read_bytes())
    assert len(font) < JAPANESE_FONT_PATH.stat().st_size / 50
    assert subset_font(text) == font  # the same text embeds the same bytes


def test_a_japanese_page_embeds_the_font_of_its_characters_and_others_are_unchanged():
    assert with_japanese_font(PAGE.replace("lang='ja'", "lang='en'"), "en") == PAGE.replace("lang='ja'", "lang='en'")
    page = with_japanese_font(PAGE, "ja")
    head = page.split("</head>")[0]
    assert head.count("@font-face") == 1
    embedded = base64.b64decode(re.search(r"base64,([A-Za-z0-9+/=]+)\)", head).group(1))
    body = PAGE.split("<body>")[1]
    assert {ord(character) for character in body if not character.isascii()} <= _codepoints(embedded)
    assert page.replace(head, "") == PAGE.replace(PAGE.split("</head>")[0], "")  # the body is untouched
