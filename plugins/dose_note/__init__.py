"""Mark pages that mention doses, so the theme shows the "not dosing advice" note.

A reader who sees "0.35 mg/kg" must also see that the figure is what studies
and guidelines report, not advice. Detecting doses here, rather than asking
editors to remember the note, means a page cannot mention a dose without it.
The note's words live in content/snippets/dose_note.md.
"""

from __future__ import annotations

from guidelib.doses import mentions_doses


def mark(content) -> None:
    content.mentions_doses = mentions_doses(content._content)
