"""The report opens in a real headless browser (Debian's Chromium) and every embedded figure loads;
the Japanese one has Japanese text in every heading and table header and in every target's
rationale (the loop diagram's Japanese labels are checked on the figure, tests/test_diagram.py).

Chromium is installed by this test's set-up when missing (``apt-get install chromium``, as on CI).
"""

import html
import json
import re
import shutil
import subprocess

import pytest

import sim
from sim.job import run_job
from sim.labels import word

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--virtual-time-budget=10000", "--dump-dom"]
CHECK = """<script>
window.addEventListener("load", () => {
  const sizes = Array.from(document.images).map(image => [image.naturalWidth, image.naturalHeight]);
  const headings = Array.from(document.querySelectorAll("h1, h2, h3, th")).map(element => element.textContent);
  const targets = Array.from(document.querySelectorAll("h2")).find(element => element.textContent === TARGETS);
  const rationales = Array.from(targets.nextElementSibling.querySelectorAll("tr")).slice(1)
    .map(row => row.lastElementChild.textContent);
  const out = document.createElement("pre"); out.id = "image-check";
  out.textContent = JSON.stringify({sizes: sizes, headings: headings, rationales: rationales});
  document.body.appendChild(out);
});
</script>"""
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


@pytest.fixture(scope="session")
def chromium():
    path = shutil.which("chromium")
    if path is None:
        install = ["apt-get", "install", "-y", "--no-install-recommends", "chromium"]
        if subprocess.run(install, capture_output=True).returncode != 0:
            subprocess.run(["apt-get", "update"], capture_output=True, check=True)
            subprocess.run(install, capture_output=True, check=True)
        path = shutil.which("chromium")
    assert path, "chromium could not be installed"
    return path


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "ja"])
def test_report_opens_in_headless_chromium_with_every_figure_loaded(chromium, tmp_path, lang):
    cfg = sim.compose(["scenario=all", f"output.lang={lang}"])
    report = run_job(cfg, tmp_path / "run")
    page = tmp_path / "check.html"
    check = CHECK.replace("TARGETS", json.dumps(word("targets", lang)))
    page.write_text(report.read_text(encoding="utf-8").replace("</body>", check + "</body>"), encoding="utf-8")
    dumped = subprocess.run([chromium, *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}", page.as_uri()],
                            capture_output=True, text=True, timeout=120).stdout
    found = re.search(r'<pre id="image-check">([^<]*)</pre>', dumped)
    assert found, "the page did not load in chromium"
    checked = json.loads(html.unescape(found.group(1)))
    sizes, headings, rationales = checked["sizes"], checked["headings"], checked["rationales"]
    assert len(headings) > 40
    assert len(rationales) == len(sim.compose([]).vision.targets)
    if lang == "ja":
        assert all(JAPANESE.search(text) for text in headings), [text for text in headings if not JAPANESE.search(text)]
        assert all(JAPANESE.search(text) for text in rationales), [t for t in rationales if not JAPANESE.search(t)]
    embedded = report.read_text(encoding="utf-8").count("data:image/png;base64,")
    assert embedded == len(list((tmp_path / "run" / "figures").glob("*.png"))) >= 10
    assert len(sizes) == embedded
    assert all(width > 0 and height > 0 for width, height in sizes), sizes
