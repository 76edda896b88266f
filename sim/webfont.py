"""Japanese pages that read on any machine: the report's own Japanese font, embedded.

A browser shows Japanese text only with a font that has its glyphs; a machine without one (many
Linux installs, headless Chromium) shows empty boxes. So a Japanese page carries, in an
``@font-face`` rule, the subset of the IPAexGothic font (shipped by ``matplotlib-fontja``, the
figures' font; IPA Font License) holding exactly the characters the page uses: a few hundred
kilobytes instead of the font's 4 MB. The subset keeps the font's timestamps, so the same page
embeds the same bytes.
"""

from __future__ import annotations

import base64
import io

from fontTools import subset
from fontTools.ttLib import TTFont

from sim.plots import JAPANESE_FONT_PATH

FAMILY = "IPAexGothic (subset)"


def subset_font(text: str) -> bytes:
    """IPAexGothic reduced to the characters of ``text`` (TrueType bytes)."""
    font = TTFont(JAPANESE_FONT_PATH, recalcTimestamp=False)
    subsetter = subset.Subsetter(subset.Options())
    subsetter.populate(text="".join(sorted(set(text))))
    subsetter.subset(font)
    buffer = io.BytesIO()
    font.save(buffer)
    return buffer.getvalue()


def with_japanese_font(page: str, lang: str) -> str:
    """``page`` with the font of its characters embedded before ``</head>`` when ``lang`` is "ja"
    (the page's text first, the fallbacks after); other pages unchanged."""
    if lang != "ja":
        return page
    data = base64.b64encode(subset_font(page)).decode("ascii")
    style = (f"<style>@font-face{{font-family:'{FAMILY}';src:url(data:font/ttf;base64,{data}) format('truetype')}}"
             f"body{{font-family:'{FAMILY}',sans-serif}}</style>")
    return page.replace("</head>", style + "</head>", 1)
