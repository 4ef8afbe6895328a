"""Canonical JSON is what JavaScript writes, so phone and server hash the same bytes."""
import hashlib
import json
import math
import re
import subprocess
from pathlib import Path

import pytest
from hypothesis import assume, given, strategies as st

from sync.canonical import canonical_json, mutation_hash

VECTORS = json.loads((Path(__file__).parent / "vectors" / "canonical.json").read_text(encoding="utf-8"))

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-2**53 + 1, 2**53 - 1)
    | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=5), children, max_size=4),
    max_leaves=12)


@pytest.mark.parametrize("vector", VECTORS, ids=lambda v: v["canonical"][:30])
def test_vector_matches_python(vector):
    assert canonical_json(vector["value"]) == vector["canonical"]
    assert hashlib.sha256(vector["canonical"].encode()).hexdigest() == vector["sha256"]


def test_node_json_stringify_agrees_with_every_vector():
    """Node's own JSON.stringify of sorted objects is the reference for numbers and strings."""
    script = """
      const sort = v => Array.isArray(v) ? v.map(sort) : (v && typeof v === 'object')
        ? Object.fromEntries(Object.keys(v).sort().map(k => [k, sort(v[k])])) : v;
      const vs = JSON.parse(require('fs').readFileSync(0, 'utf8'));
      process.stdout.write(JSON.stringify(vs.map(v => JSON.stringify(sort(v.value)))));
    """
    out = subprocess.run(["node", "-e", script], input=json.dumps(VECTORS), capture_output=True,
                         text=True, check=True)
    assert json.loads(out.stdout) == [v["canonical"] for v in VECTORS]


@given(json_values)
def test_canonical_is_valid_json_of_the_same_value(value):
    text = canonical_json(value)
    back = json.loads(text)
    assert canonical_json(back) == text
    if isinstance(value, float) and not math.isnan(value):
        # Large integral floats come back as exact ints ("123456789012345670000");
        # read as a double (as JavaScript does) they are the same number.
        assert float(back) == value


def test_large_integral_float_reads_back_as_the_same_double():
    value = 1.2345678901234567e20
    assert canonical_json(value) == "123456789012345670000"
    assert float(json.loads(canonical_json(value))) == value


def test_key_order_and_whitespace_do_not_change_the_hash():
    a = {"b": [1, 2], "a": {"y": 1, "x": 2}}
    b = json.loads('{ "a": {"x": 2, "y": 1}, "b": [1,2] }')
    assert mutation_hash(a) == mutation_hash(b)


@pytest.mark.parametrize("bad", [{1: "a"}, {"a": object()}])
def test_values_without_a_canonical_form_are_refused(bad):
    with pytest.raises((ValueError, TypeError)):
        canonical_json(bad)


@pytest.mark.parametrize("value, text", [
    (float("nan"), "null"), (float("inf"), "null"), (-float("inf"), "null"), (10**400, "null"),
    ({"a": [1, float("nan")]}, '{"a":[1,null]}'),
])
def test_numbers_javascript_cannot_hold_are_written_as_json_stringify_does(value, text):
    """Hashing never fails on what a hostile client sends: the gate refuses the
    mutation (P1.1), and its hash is what JavaScript would compute."""
    assert canonical_json(value) == text


@given(st.text(st.characters(exclude_categories=())))
def test_any_string_hashes_as_json_stringify_writes_it(text):
    """Lone surrogates included: JSON.stringify escapes them, so no UTF-8 error.
    (A high and a low surrogate side by side are one character to JavaScript and to
    Python's JSON reader, so they never reach the server apart.)"""
    assume(not re.search("[\ud800-\udbff][\udc00-\udfff]", text))
    out = canonical_json(text)
    out.encode("utf-8")
    assert json.loads(out) == text


@given(st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4),
    max_leaves=20))
def test_the_fast_path_writes_exactly_what_the_careful_one_does(value):
    """canonical_json takes Python's C encoder when _needs_care says it may: for any
    value, its text is the careful encoder's, byte for byte."""
    from sync.canonical import _encode
    out: list[str] = []
    _encode(value, out)
    assert canonical_json(value) == "".join(out)
