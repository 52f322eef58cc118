"""Format-neutral prose (lists of block dicts) as Word paragraphs, and the context the Word
renderer's templates see.

A prose value arrives as `{"_prose": true, "blocks": [...]}` (`docgen.documents.common.Prose`
dumped with `by_alias=True`); each block is a dict like `docgen.prose.Block`:

    {"kind": "para", "number": "1.2" | None, "runs": [{"text": ..., "bold": ..., "italic": ...}]}
    {"kind": "bullets", "items": [[run, ...], ...]}
    {"kind": "numbers", "items": [[run, ...], ...]}          -> "(a)<TAB>...", "(b)<TAB>..."
    {"kind": "heading", "runs": [...]}                        -> a sub-heading
    {"kind": "item", "number": "(i)", "level": 1, "runs": [...]}   -> a recommendation

Templates place a prose value with `{{p section.body }}`. The paragraphs name the template's
styles by style ID (Word looks `w:pStyle` up by ID, not by display name), listed in STYLES; the
template must define every one of them. Text is escaped exactly once, by docxtpl's RichText.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from docgen.derive.formatting import letter
from docgen.errors import RenderError
from docgen.render.sandbox import clean_text

if TYPE_CHECKING:  # docxtpl is imported when prose is first made into Word paragraphs
    from docxtpl import RichText, RichTextParagraph

# Display name -> style ID of every paragraph style prose uses.
STYLES = {
    "Numbered Para": "NumberedPara",
    "Body Text": "BodyText",
    "List Bullet": "ListBullet",
    "List Alpha": "ListAlpha",
    "Subheading": "Subheading",
    "Recommendation": "Recommendation",
    "Recommendation 2": "Recommendation2",
}
_LISTS = frozenset({"bullets", "numbers", "item"})

Runs = Sequence[Mapping[str, Any]]
Para = tuple[str, str, Runs]  # (style ID, label such as "1.2" or "(a)", runs)


def prose_to_docx(blocks: Sequence[Mapping[str, Any]]) -> RichTextParagraph:
    """One Word paragraph per para, heading, item and list entry, in order.

    A paragraph that introduces a list (the block after it is a list or an item) is kept on the
    page with the list's first entry (`w:keepNext`).
    """
    from docxtpl import RichTextParagraph

    out = RichTextParagraph()
    for i, block in enumerate(blocks):
        following = blocks[i + 1]["kind"] if i + 1 < len(blocks) else None
        keep = block["kind"] == "para" and following in _LISTS
        for style, label, runs in _paragraphs(block):
            out.xml += _paragraph_xml(style, keep, _rich(label, runs))
    return out


def _paragraphs(block: Mapping[str, Any]) -> Iterator[Para]:
    kind = block["kind"]
    if kind == "para":
        number = block.get("number")
        if number:
            yield STYLES["Numbered Para"], number, block["runs"]
        else:
            yield STYLES["Body Text"], "", block["runs"]
    elif kind == "heading":
        yield STYLES["Subheading"], "", block["runs"]
    elif kind == "item":
        name = "Recommendation" if block.get("level", 1) <= 1 else "Recommendation 2"
        yield STYLES[name], block.get("number") or "", block["runs"]
    elif kind == "bullets":
        for runs in block["items"]:
            yield STYLES["List Bullet"], "", runs
    elif kind == "numbers":
        for n, runs in enumerate(block["items"], start=1):
            yield STYLES["List Alpha"], f"({letter(n)})", runs
    else:
        raise RenderError(f"prose block of unknown kind {kind!r}")


def _rich(label: str, runs: Runs) -> RichText:
    """The runs of one paragraph; a label is followed by a tab (docxtpl turns it into w:tab)."""
    from docxtpl import RichText

    rich = RichText()
    if label:
        rich.add(clean_text(label) + "\t")
    for run in runs:
        text = clean_text(run["text"])
        if text:
            rich.add(text, bold=bool(run.get("bold")), italic=bool(run.get("italic")))
    return rich


def _paragraph_xml(style: str, keep_next: bool, rich: RichText) -> str:
    keep = "<w:keepNext/>" if keep_next else ""
    return f'<w:p><w:pPr><w:pStyle w:val="{style}"/>{keep}</w:pPr>{rich.xml}</w:p>'


def prepare_context(context: Mapping[str, Any]) -> dict[str, Any]:
    """The context as templates see it: prose values as Word paragraphs, strings cleaned.

    Walks nested dicts and lists (as `model_dump(mode="json")` makes them); other values (numbers,
    booleans, None, RichText) pass through. Running it twice gives the same result.
    """
    return {key: _prepare(value) for key, value in context.items()}


def _prepare(value: Any) -> Any:
    if isinstance(value, str):
        return clean_text(value)
    if type(value) is dict:  # as JSON gives them; the same as the Mapping case, less the checks
        if value.get("_prose") is True:
            return prose_to_docx(value["blocks"])
        return {
            key: clean_text(item) if type(item) is str else _prepare(item)
            for key, item in value.items()
        }
    if type(value) is list:
        return [clean_text(item) if type(item) is str else _prepare(item) for item in value]
    if isinstance(value, Mapping):
        if value.get("_prose") is True:
            return prose_to_docx(value["blocks"])
        return {key: _prepare(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_prepare(item) for item in value]
    return value
