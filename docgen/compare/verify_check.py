"""Each fact checked where the document states it: the document's tokens aligned with the tokens
of the document docgen builds from the record, place by place.

The two token streams are aligned word by word (difflib, on the tokens' keys), so each word of
the finished document has a place in the built one: the ¶6.1 of a paper whose sections were
renumbered is still the ¶6.1 docgen wrote, and a table row is the row of the same name. Then,
where the two disagree:

- a fact of the document that stands where the built document has another fact of its sort (a
  sum of money for a sum, a date for a date, a number or percentage for a number, a name for a
  name) is a finding, "p.4 ¶6.1: £245.4m, but the record says £254.4m (award.total_value)",
  unless that place states the record's fact too, or the record's fact for that place is the
  document's (the words were only moved about within the place);
- in a table, a name that the document words differently ("Castel Care Ltd") is a finding;
- a fact docgen writes at a place and the document states nowhere at all is a finding (missing);
  one it no longer states at that place but does elsewhere is listed for a person to check;
- a sum of money or a date the document states and the record does not know at all (in none of
  the decision's documents) is listed for a person to check. Other words are not checked: a
  paper finished by hand is reworded.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Container
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

from docgen.compare.verify_read import Stream
from docgen.compare.verify_text import Place, Token

_SORTS = {"money": "money", "date": "date", "percent": "number", "number": "number", "name": "name"}
MOVED = 4
"""How many tokens alike, around a fact, make a run that moved rather than a coincidence."""
MOVED_ROW = "its row is in the table, but not where the record puts it (check the order)"
_WHAT = {"money": "value", "date": "date", "percent": "number", "number": "number", "name": "name"}


@dataclass(frozen=True)
class Finding:
    """Something the document does not state as the record says: where, and what instead."""

    what: str  # "value", "date", "number", "name", "resolution (iv)", "row"
    text: str  # what the record says
    status: Literal["missing", "different", "added"]
    found: str | None = None  # what the document says instead
    where: str = ""  # "p.4 ¶6.1"
    source: str | None = None  # the record's name for the fact, "award.total_value"

    def __str__(self) -> str:
        where = f"{self.where}: " if self.where else ""
        source = f" ({self.source})" if self.source else ""
        if self.what.startswith("resolution"):
            if self.status == "different":
                return (
                    f'{where}different {self.what}: the record says "{self.text}"; '
                    f'the paper says "{self.found}"'
                )
            return f'{where}missing {self.what}: "{self.text}"'
        if self.status == "different":
            return f"{where}{self.found}, but the record says {self.text}{source}"
        if self.what == "row" and self.status == "added":
            return f"{where}{self.text} is in this table, but the record does not put it there"
        if self.what == "row":
            return f"{where}the row of {self.text} is missing"
        return f"{where}{self.text}{source} is missing: the document states it nowhere"


@dataclass(frozen=True)
class Check:
    """Something for a person to check: a fact the record does not know, or one moved away."""

    where: str
    text: str
    reason: str

    def __str__(self) -> str:
        return f"{self.where}: {self.text}: {self.reason}"


@dataclass
class Outcome:
    findings: list[Finding]
    checks: list[Check]


def compare_streams(
    expected: Stream,
    document: Stream,
    known: Container[str],
    sources: dict[str, str],
    detailed: bool,
) -> Outcome:
    """The findings and the things to check, comparing the document with the built one.

    ``known``: every fact key of the decision's documents and record; ``sources``: the record's
    name of a fact by its key; ``detailed``: the document's own places are exact (a .docx), so
    they are shown rather than the built document's."""
    return _Comparison(expected, document, known, sources, detailed).run()


class _Comparison:
    def __init__(
        self,
        expected: Stream,
        document: Stream,
        known: Container[str],
        sources: dict[str, str],
        detailed: bool,
    ) -> None:
        self.exp, self.doc = expected, document
        self.known, self.sources, self.detailed = known, sources, detailed
        self.findings: list[Finding] = []
        self.checks: list[Check] = []
        self.home: list[int] = [0] * len(document.tokens)  # each document token's built place
        self.dropped: list[tuple[Token, int | None]] = []  # built facts not at their place
        self.moved: list[tuple[int, int]] = []  # a table row's name, found out of its place

    def run(self) -> Outcome:
        exp, doc = self.exp.tokens, self.doc.tokens
        matcher = SequenceMatcher(None, [t.key for t in exp], [t.key for t in doc], autojunk=False)
        codes = matcher.get_opcodes()
        self.pair_of = [-1] * len(exp)  # the document token each built token is aligned with
        self.pair_in = [-1] * len(doc)  # and the other way round
        for tag, i1, i2, j1, _ in codes:
            if tag == "equal":
                for k in range(i2 - i1):
                    self.pair_of[i1 + k], self.pair_in[j1 + k] = j1 + k, i1 + k
        self._moves()
        for _, i1, i2, j1, j2 in codes:
            place = exp[i1].place if i1 < i2 else exp[i1 - 1].place if i1 else 0
            for j in range(j1, j2):
                self.home[j] = exp[self.pair_in[j]].place if self.pair_in[j] >= 0 else place
        stated: dict[int, set[str]] = defaultdict(set)
        for j, token in enumerate(doc):
            if token.fact:
                stated[self.home[j]].add(token.key)
        self.stated = stated
        self.said: dict[int, set[str]] = defaultdict(set)
        for token in exp:
            if token.fact:
                self.said[token.place].add(token.key)
        self.everywhere = {t.key for t in doc if t.fact}
        self.tables: dict[str, set[str]] = defaultdict(set)  # the names in each built table
        for token in exp:
            table = self.exp.places[token.place].table
            if token.kind == "name" and table is not None:
                self.tables[table].add(token.key)
        for tag, i1, i2, j1, j2 in codes:
            if tag != "equal":
                built = [i for i in range(i1, i2) if self.pair_of[i] < 0]
                written = [j for j in range(j1, j2) if self.pair_in[j] < 0]
                self._block(built, written, j1)
        self._missing()
        for i, j in self.moved:
            where = str(self._built_place(self.exp.tokens[i].place, j))
            self.checks.append(Check(where, self.exp.tokens[i].text, MOVED_ROW))
        return Outcome(self.findings, self.checks)

    def _moves(self) -> None:
        """Align what moved: a run of at least MOVED tokens around a fact, alike on both sides
        and left unaligned by the first pass (a row a reader took out of its place, a paragraph
        moved), is aligned where it is."""
        exp, doc = self.exp.tokens, self.doc.tokens
        free: dict[str, list[int]] = defaultdict(list)
        for j, token in enumerate(doc):
            if token.fact and self.pair_in[j] < 0:
                free[token.key].append(j)
        for i, token in enumerate(exp):
            if not token.fact or self.pair_of[i] >= 0:
                continue
            best: tuple[int, int, int] | None = None
            for j in free.get(token.key, []):
                if self.pair_in[j] < 0:
                    back, ahead = self._run(i, j, -1), self._run(i, j, 1)
                    if back + 1 + ahead >= MOVED and (not best or back + ahead > best[1] + best[2]):
                        best = (j, back, ahead)
            if best is not None:
                j, back, ahead = best
                for k in range(-back, ahead + 1):
                    self.pair_of[i + k], self.pair_in[j + k] = j + k, i + k
                if token.kind == "name" and self.exp.places[token.place].table is not None:
                    self.moved.append((i, j))

    def _run(self, i: int, j: int, step: int) -> int:
        """How many tokens on from i and j (backwards, step -1) are alike and unaligned."""
        exp, doc = self.exp.tokens, self.doc.tokens
        count = 0
        while True:
            a, b = i + step * (count + 1), j + step * (count + 1)
            if not (0 <= a < len(exp) and 0 <= b < len(doc)):
                return count
            if self.pair_of[a] >= 0 or self.pair_in[b] >= 0 or exp[a].key != doc[b].key:
                return count
            count += 1

    # ---- one stretch where the two disagree ----------------------------------------------

    def _block(self, built: list[int], written: list[int], near: int) -> None:
        exp, doc = self.exp.tokens, self.doc.tokens
        wanted = [i for i in built if exp[i].fact]
        found = [j for j in written if doc[j].fact]
        anchor = written[0] if written else near if near < len(doc) else None
        for sort in ("money", "date", "number", "name"):
            a = [i for i in wanted if _SORTS[exp[i].kind] == sort]
            b = [j for j in found if _SORTS[doc[j].kind] == sort]
            for i, j in zip(a, b, strict=False):
                if not self._contradicts(exp[i], doc[j], j):
                    self._extra(j)
                    self.dropped.append((exp[i], j))
            for j in b[len(a) :]:
                self._extra(j)
            rest = a[len(b) :]
            words = [doc[j] for j in written if not doc[j].fact]
            if sort == "name" and rest and words and self.exp.places[exp[rest[0]].place].row:
                self._renamed(exp[rest[0]], words)
                rest = rest[1:]
            self.dropped += [(exp[i], anchor) for i in rest]

    def _contradicts(self, want: Token, got: Token, j: int) -> bool:
        """A finding if the document's fact stands where the record has another: not when the
        place states the record's fact too, or states the document's fact in the record."""
        if want.key == got.key:
            return True  # the same fact, split off by other words: nothing to say
        place = want.place
        if got.key in self.said[place] or want.key in self.stated[place]:
            return False
        self.findings.append(
            Finding(
                _WHAT[want.kind],
                want.text,
                "different",
                got.text,
                self._where(j, place),
                self._source(want),
            )
        )
        return True

    def _renamed(self, want: Token, words: list[Token]) -> None:
        shown = " ".join(w.text for w in words)
        self.findings.append(
            Finding("name", want.text, "different", shown, self._where(None, want.place, words[0]))
        )

    def _extra(self, j: int) -> None:
        token = self.doc.tokens[j]
        table = self.exp.places[self.home[j]].table
        if token.kind == "name" and table is not None and token.key not in self.tables[table]:
            shown = self.doc.places[token.place] if self.detailed else None
            where = str(shown or Place(table=table, page=token.page))
            self.findings.append(Finding("row", token.text, "added", token.text, where))
        if token.kind in ("money", "date") and token.key not in self.known:
            sort = "sum of money" if token.kind == "money" else "date"
            reason = f"the record does not state this {sort} anywhere; check it"
            self.checks.append(Check(self._where(j, self.home[j]), token.text, reason))

    # ---- what the built document states that this one does not ---------------------------

    def _missing(self) -> None:
        gone_rows: set[int] = set()
        for want, j in self.dropped:  # a row whose name is gone is one finding, not one a cell
            place = self.exp.places[want.place]
            if place.table is None or want.kind != "name" or want.key in self.stated[want.place]:
                continue
            if not self._in_table(want.key, place.table):
                gone_rows.add(want.place)
                where = str(self._built_place(want.place, j, row=False))
                self.findings.append(Finding("row", want.text, "missing", where=where))
        for want, j in self.dropped:
            if want.key in self.stated[want.place] or want.place in gone_rows:
                continue
            where = str(self._built_place(want.place, j))
            if want.key not in self.everywhere:
                what, source = _WHAT[want.kind], self._source(want)
                self.findings.append(Finding(what, want.text, "missing", None, where, source))
            elif want.kind != "number":
                row = self.exp.places[want.place].table is not None and want.kind == "name"
                reason = (
                    MOVED_ROW
                    if row
                    else "the document no longer states this here (it does elsewhere)"
                )
                self.checks.append(Check(where, want.text, reason))

    def _in_table(self, key: str, table: str) -> bool:
        return any(
            t.key == key and self.exp.places[self.home[j]].table == table
            for j, t in enumerate(self.doc.tokens)
        )

    # ---- where ------------------------------------------------------------------------------

    def _source(self, token: Token) -> str | None:
        if token.key in self.sources:
            return self.sources[token.key]
        place = self.exp.places[token.place]
        if place.table is not None and token.column:
            return f"column {token.column}"
        return None

    def _built_place(self, place: int, j: int | None, row: bool = True) -> Place:
        """The built document's place, with the page of the document's token near it."""
        shown = self.exp.places[place]
        page = self.doc.tokens[j].page if j is not None and j < len(self.doc.tokens) else None
        name = shown.row if row else None
        return Place(shown.paragraph, shown.table, name, shown.text, page)

    def _where(self, j: int | None, place: int, token: Token | None = None) -> str:
        token = token if token is not None else self.doc.tokens[j] if j is not None else None
        if token is None:
            return str(self.exp.places[place])
        built = self.exp.places[place]
        own = self.doc.places[token.place]
        if self.detailed:  # a .docx's own place, unless Word numbers its paragraphs itself
            under = built.paragraph or ""
            if own.table is None and (not own.paragraph or under.startswith(own.paragraph + ".")):
                return str(Place(paragraph=under)) if under else str(own)
            return str(own)
        if built.table is None and own.paragraph:
            return str(Place(paragraph=own.paragraph, page=token.page))
        return str(Place(built.paragraph, built.table, built.row, built.text, token.page))
