"""The rule for "this text mentions a dose", shared by the build (which shows
the "not dosing advice" note on such pages) and the site checker (which
makes sure the note is there).
"""

from __future__ import annotations

import re

# "0.5 mg/kg", "22 mg per hour", "80 mg", "1–4.5 milligrams": a number, then a mass unit.
DOSE = re.compile(r"\d(?:[\d.,]|&#8211;|–|-)*\s*(?:mg|milligrams?|mcg|micrograms?)\b", re.I)


# Every unit DOSE ends with contains one of these. Text with none of them is
# passed over without trying the pattern, which starts with a digit and so is
# tried at every character.
UNIT_MARKS = ("mg", "mcg", "milligram", "microgram")


def mentions_doses(html: str) -> bool:
    lowered = (html or "").lower()
    return any(mark in lowered for mark in UNIT_MARKS) and bool(DOSE.search(html))
