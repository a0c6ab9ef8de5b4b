"""Mark pages that mention doses, so the theme shows the "not dosing advice" note.

A reader who sees "0.35 mg/kg" must also see that the figure is what studies
and guidelines report, not advice. Detecting doses here, rather than asking
editors to remember the note, means a page cannot mention a dose without it.
The note's words live in content/snippets/dose_note.md.
"""

from __future__ import annotations

import re

from pelican import signals
from pelican.contents import Content, Static

# "0.5 mg/kg", "22 mg per hour", "80 mg", "1–4.5 milligrams": a number, then a mass unit.
DOSE = re.compile(r"\d(?:[\d.,]|&#8211;|–|-)*\s*(?:mg|milligrams?|mcg|micrograms?)\b", re.I)


def mentions_doses(html: str) -> bool:
    return bool(DOSE.search(html or ""))


def mark(content) -> None:
    if isinstance(content, Content) and not isinstance(content, Static):
        content.mentions_doses = mentions_doses(content._content)


def register() -> None:
    signals.content_object_init.connect(mark)
