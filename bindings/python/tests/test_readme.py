"""Runs the README's Python examples as they are written, and checks them,
with the package itself, under mypy --strict."""

import subprocess
import sys

import pytest

from conftest import ROOT

SECTION = "`smpp` for Python (`bindings/python`)"


def python_blocks(section_title):
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("\n### " + section_title + "\n", 1)[1].split("\n### ", 1)[0]
    return [b.split("```", 1)[0] for b in section.split("```python\n")[1:]]


def test_examples_run_as_written():
    blocks = python_blocks(SECTION)
    assert len(blocks) >= 2, "the README's Python section has a sans-IO and an asyncio block"
    assert any("smpp.aio" in b for b in blocks)
    for block in blocks:
        exec(compile(block, "README.md", "exec"), {"__name__": "readme"})


def test_mypy_strict_accepts_the_package_and_the_examples(tmp_path):
    pytest.importorskip("mypy")
    files = []
    for i, block in enumerate(python_blocks(SECTION)):
        f = tmp_path / f"readme_{i}.py"
        f.write_text(block, encoding="utf-8")
        files.append(str(f))
    # The examples against the installed wheel (its stubs and py.typed).
    out = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", *files],
        capture_output=True, text=True, cwd=tmp_path, timeout=300,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    # The package's own Python half and stubs, as they ship.
    out = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "-p", "smpp"],
        capture_output=True, text=True, cwd=ROOT / "bindings" / "python" / "python", timeout=300,
    )
    assert out.returncode == 0, out.stdout + out.stderr
