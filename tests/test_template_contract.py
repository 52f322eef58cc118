"""Every variable a template uses exists in its document kind's context type."""

from __future__ import annotations

import re

import pytest
from pydantic import BaseModel

from docgen.build.engine import DEFAULT_TEMPLATES
from docgen.documents.appendix_scores import AppendixNoticeContext, AppendixScoresContext
from docgen.documents.appendix_suppliers import AppendixSuppliersContext
from docgen.documents.award_letter import AwardLetterContext
from docgen.documents.cabinet_paper import CabinetPaperContext
from docgen.documents.decision_notice import DecisionNoticeContext
from docgen.render.docx import DocxRenderer

KINDS: dict[str, type[BaseModel]] = {
    "cabinet_paper": CabinetPaperContext,
    "appendix_suppliers": AppendixSuppliersContext,
    "appendix_scores": AppendixScoresContext,
    "appendix_notice": AppendixNoticeContext,
    "decision_notice": DecisionNoticeContext,
    "award_letter": AwardLetterContext,
}


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_word_template_uses_only_context_fields(kind: str) -> None:
    used = DocxRenderer(DEFAULT_TEMPLATES / f"{kind}.docx").variables()
    assert used, "the template uses no variables: is it the right file?"
    assert used <= set(KINDS[kind].model_fields)


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_typst_template_uses_only_context_fields(kind: str) -> None:
    source = (DEFAULT_TEMPLATES / f"{kind}.typ").read_text(encoding="utf-8")
    used = set(re.findall(r"\bctx\.([a-z_]+)", source))
    assert used, "the template reads nothing from ctx: is it the right file?"
    assert used <= set(KINDS[kind].model_fields)
