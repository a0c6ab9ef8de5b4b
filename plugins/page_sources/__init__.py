"""Where each built page came from, written down for the site checker.

After every page is read, each page's file (by the `save_as` Pelican writes
it to) and each shown FAQ answer's file (by its id on the page) go into the
record that guidelib/page_sources.py describes, in the output folder.
"""

from __future__ import annotations

from pathlib import Path

from guidelib import page_sources
from plugins import faq


def record(build) -> None:
    # save_as once a page: Pelican works it out from the settings at each asking.
    saved_as = ((page.save_as, page.source_path) for page in build.all_pages)
    pages = {save_as: source for save_as, source in saved_as if save_as}
    questions = faq.generator_of(build)
    answers = {e.anchor: e.source_path for e in (questions.entries if questions else [])}
    page_sources.write(Path(build.settings["OUTPUT_PATH"]), pages, answers)
