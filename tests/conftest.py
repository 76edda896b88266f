"""Fixtures shared by the config tests."""

import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def conf_option():
    """Write ``conf/<group>/<unique name>.yaml`` for one test and remove it afterwards."""
    written = []

    def write(group: str, text: str) -> str:
        name = f"test_{uuid.uuid4().hex[:8]}"
        path = ROOT / "conf" / group / f"{name}.yaml"
        path.write_text(text, encoding="utf-8")
        written.append(path)
        return name

    yield write
    for path in written:
        path.unlink(missing_ok=True)
