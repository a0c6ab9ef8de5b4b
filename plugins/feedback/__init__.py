"""Check the FEEDBACK_URL setting when a build starts (guidelib/feedback.py).

A malformed template stops any build at its line in the settings file; an
empty one is allowed while writing (pages say reports cannot be sent yet)
but stops `make publish`, whose settings set REQUIRE_FEEDBACK_URL: a
published page must let its reader report a problem.
"""

from __future__ import annotations

from guidelib.feedback import EXAMPLE, problem
from guidelib.lines import line_containing
from guidelib.problems import report


def check_setting(pelican) -> None:
    settings = pelican.settings
    template = settings.get("FEEDBACK_URL", "")
    where = settings.get("SETTINGS_FILE", "pelicanconf.py")
    line = line_containing(where, "FEEDBACK_URL =")
    fix = f"set it to a link template such as FEEDBACK_URL='{EXAMPLE}'"
    if template:
        what = problem(template)
        if what:
            report(where, line, what, fix)
    elif settings.get("REQUIRE_FEEDBACK_URL"):
        report(
            where,
            line,
            "FEEDBACK_URL is empty, so readers could not report a problem",
            f"{fix} (or a mailto: address) in the environment of make publish",
        )
