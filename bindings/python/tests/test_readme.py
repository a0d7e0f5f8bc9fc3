"""Runs the README's Python examples as they are written."""

from conftest import ROOT


def python_blocks(section_title):
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("\n### " + section_title + "\n", 1)[1].split("\n### ", 1)[0]
    return [b.split("```", 1)[0] for b in section.split("```python\n")[1:]]


def test_sans_io_example_runs_as_written():
    blocks = python_blocks("`smpp` for Python (`bindings/python`)")
    assert blocks, "the README's Python section has a python block"
    for block in blocks:
        exec(compile(block, "README.md", "exec"), {"__name__": "readme"})
