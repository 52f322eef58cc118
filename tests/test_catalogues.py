"""The message catalogues: every message has its Welsh, keeps its {fields}, and is compiled."""

from __future__ import annotations

import datetime as dt
import importlib.util
import shutil
import sys
from pathlib import Path
from types import ModuleType

import pytest
from babel.dates import format_date

from docgen.derive.language import welsh_date, words_for

ROOT = Path(__file__).resolve().parents[1]


def _tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("catalogues", ROOT / "tools" / "catalogues.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["catalogues"] = module
    spec.loader.exec_module(module)
    return module


def test_every_message_has_its_welsh_and_every_catalogue_is_compiled() -> None:
    assert list(_tool().problems()) == []


def test_a_message_without_welsh_is_reported_with_where_it_is_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tool = _tool()
    source = tmp_path / "docgen" / "documents" / "award_letter.py"
    source.parent.mkdir(parents=True)
    source.write_text('def f(t):\n    return t("Yours faithfully, {name}", name="x")\n')
    locale = tmp_path / "templates" / "locale"
    shutil.copytree(ROOT / "templates" / "locale", locale)
    monkeypatch.setattr(tool, "ROOT", tmp_path)
    monkeypatch.setattr(tool, "LOCALE", locale)
    found = [p for p in tool.problems() if "letters" in p]
    assert any(
        "Yours faithfully, {name}" in p and "docgen/documents/award_letter.py:2" in p for p in found
    ), found


@pytest.mark.parametrize("month", range(1, 13))
def test_welsh_dates_match_the_cldr_month_names(month: int) -> None:
    day = dt.date(2025, month, 22)
    assert welsh_date(day) == format_date(day, "d MMMM y", locale="cy")


def test_welsh_dates_name_the_day_as_welsh_prose_does() -> None:
    assert welsh_date(dt.date(2025, 7, 22)) == "22 Gorffennaf 2025"
    assert welsh_date(dt.date(2025, 7, 22), weekday=True) == "dydd Mawrth 22 Gorffennaf 2025"


def test_english_wording_is_the_message_itself() -> None:
    t = words_for("en")
    assert t("Dear {name}", name="Siân") == "Dear Siân"
    assert t.plural("{count} bid", "{count} bids", 2) == "2 bids"
