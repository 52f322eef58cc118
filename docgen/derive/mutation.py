"""Welsh initial consonant mutation of a value placed in Welsh prose.

A fact or reference that follows a preposition in Welsh prose changes its first letter: "o dan
Ddeddf Caffael 2023" (soft, after "dan"), "ym mharagraff 6.1" (nasal, after "yn"), "a
Chyngor …" (aspirate, after "a"). The writer of the Welsh text knows which mutation the word
before the placeholder asks for and marks it: ``{award.regime|soft}``, ``{para:cost|nasal}``,
``{council.name|aspirate}`` (docgen/derive/prose.py). Only the first word changes; a value that
starts with a digit, a symbol or a letter the mutation leaves alone is unchanged. The rules are
the standard ones (Gramadeg Cymraeg Cyfoes; Canllaw Arddull Llywodraeth Cymru); ch, th, ph,
dd, ff and ng are letters of their own and never mutate.
"""

from __future__ import annotations

from typing import Literal

Mutation = Literal["soft", "nasal", "aspirate"]
MUTATIONS: tuple[Mutation, ...] = ("soft", "nasal", "aspirate")

_KEEP = ("ch", "th", "ph", "dd", "ff", "ng")
_RULES: dict[str, tuple[tuple[str, str], ...]] = {
    "soft": (
        ("ll", "l"),
        ("rh", "r"),
        ("p", "b"),
        ("t", "d"),
        ("c", "g"),
        ("b", "f"),
        ("d", "dd"),
        ("g", ""),
        ("m", "f"),
    ),
    "nasal": (("p", "mh"), ("t", "nh"), ("c", "ngh"), ("b", "m"), ("d", "n"), ("g", "ng")),
    "aspirate": (("p", "ph"), ("t", "th"), ("c", "ch")),
}


def mutate(text: str, mutation: Mutation) -> str:
    """`text` with its first word mutated: mutate("Deddf Caffael 2023", "soft") is "Ddeddf
    Caffael 2023", mutate("paragraff 6.1", "nasal") "mharagraff 6.1", mutate("Gorffennaf",
    "soft") "Orffennaf"; "£31.8 miliwn" and "22 Gorffennaf" are unchanged."""
    lower = text.lower()
    if lower.startswith(_KEEP):
        return text
    for old, new in _RULES[mutation]:
        if lower.startswith(old):
            rest = text[len(old) :]
            if not text[:1].isupper():
                return new + rest
            if new:
                return new[:1].upper() + new[1:] + rest
            return rest[:1].upper() + rest[1:]
    return text


__all__ = ["MUTATIONS", "Mutation", "mutate"]
