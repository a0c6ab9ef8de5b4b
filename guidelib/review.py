"""Review dates: the one place for their arithmetic.

Every content page carries `Reviewed` and `Next_review`; the second must be
after the first, and a page whose `Next_review` has passed is overdue. The
build works this out (and shows an "overdue" notice); the site checker
checks the dates the built page shows with the same rules.
"""

from __future__ import annotations

import re
from datetime import date

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def review_today(settings) -> date:
    """The date reviews are judged against: REVIEW_TODAY (YYYY-MM-DD) when set, else today.

    Tests and reproducible builds set it; editors never need to.
    """
    fixed = str(settings.get("REVIEW_TODAY") or "").strip()
    return date.fromisoformat(fixed) if ISO_DATE.match(fixed) else date.today()


def out_of_order(reviewed: date, next_review: date) -> bool:
    """True when the next review is not after the last one."""
    return next_review <= reviewed


def is_overdue(next_review: date | None, today: date) -> bool:
    return bool(next_review and next_review < today)
