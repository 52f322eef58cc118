"""The prose markup: paragraphs, lists, emphasis, placeholders, and its errors."""

from __future__ import annotations

import pytest

from docgen.derive import prose


def lookup(ph: prose.Placeholder) -> str:
    return {
        "fact": "£31.8m",
        "para": "paragraph 5.4",
        "appendix": "Appendix A",
        "res": "recommendation 2.1(i)",
    }[ph.kind]


def test_paragraphs_lists_and_emphasis() -> None:
    blocks = prose.resolve(
        prose.parse("One **bold** and *it*.\n\n- a\n- b\n\n1. x\n2. y"), lookup, iter(["1.1"])
    )
    assert [b.kind for b in blocks] == ["para", "bullets", "numbers"]
    assert blocks[0].number == "1.1"
    assert [(r.text, r.bold, r.italic) for r in blocks[0].runs] == [
        ("One ", False, False),
        ("bold", True, False),
        (" and ", False, False),
        ("it", False, True),
        (".", False, False),
    ]
    assert [[r.text for r in item] for item in blocks[1].items] == [["a"], ["b"]]


def test_placeholders_are_looked_up_never_evaluated() -> None:
    blocks = prose.parse(
        "{#x} Worth {award.annual_value}, see {para:x}, {appendix:a}, {res:r}; {{ 7\\*7 }}."
    )
    assert blocks[0].label == "x"
    text = prose.plain_text(prose.resolve(blocks, lookup))
    assert text == "Worth £31.8m, see paragraph 5.4, Appendix A, recommendation 2.1(i); { 7*7 }."


def test_lines_of_one_paragraph_join_with_spaces() -> None:
    assert prose.plain_text(prose.resolve(prose.parse("a\nb\n  c"), lookup)) == "a b c"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("**open", "an opening ** or * has no closing one"),
        ("a { b", "a lone brace: write {{ or }} for a literal brace"),
        ("{page:x}", "{page:x}: unknown reference kind 'page' (use para, appendix or res)"),
        ("{Not A Fact}", "{Not A Fact}: not a fact name (facts look like award.total_value)"),
    ],
)
def test_malformed_markup_is_an_error(text: str, message: str) -> None:
    with pytest.raises(prose.ProseError, match=None) as info:
        prose.parse(text)
    assert str(info.value) == message
