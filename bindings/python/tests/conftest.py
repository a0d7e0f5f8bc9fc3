"""Shared helpers of the pytest suite: the project's conformance vectors."""

import json
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[3]
VECTORS = ROOT / "tests" / "data" / "vectors"


def rows(name):
    """The rows of tests/data/vectors/<name>."""
    with open(VECTORS / name, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


@pytest.fixture(scope="session")
def pdu_rows():
    return rows("pdus.jsonl")
