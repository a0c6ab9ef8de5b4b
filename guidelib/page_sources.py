"""Which content file each built page came from: the one place for this rule.

The site checker uses it to point a problem at the Markdown line an editor
fixes (content/pages/side-effects.md), not at output/side-effects/index.html.
The rule follows Pelican's settings, read from the settings file in use: a
page is saved as its `Save_as`, or as PAGE_SAVE_AS filled with its slug; an
FAQ answer's id is its question, slugified with SLUG_REGEX_SUBSTITUTIONS.
"""

from __future__ import annotations

from pathlib import Path

from pelican.utils import slugify

from guidelib.lines import header


def _markdown_files(folder: Path) -> list[Path]:
    # Sorted by name as text: comparing Path objects took half of this module's
    # time on a large site.
    return sorted(folder.rglob("*.md"), key=str)


def page_sources(content: Path, settings: dict) -> dict[str, Path]:
    """Output file (e.g. "side-effects/index.html") → the Markdown page it came from."""
    sources = {}
    for folder in settings["PAGE_PATHS"]:
        for path in _markdown_files(content / folder):
            values = header(path)
            save_as = values.get("save_as", (0, ""))[1] or settings["PAGE_SAVE_AS"].format(
                slug=values.get("slug", (0, ""))[1] or path.stem
            )
            sources[save_as] = path
    return sources


def faq_sources(content: Path, settings: dict) -> dict[str, Path]:
    """An FAQ answer's id on its page → the Markdown file it came from."""
    rules = settings["SLUG_REGEX_SUBSTITUTIONS"]
    return {
        slugify(header(path).get("title", (0, ""))[1], regex_subs=rules): path
        for path in _markdown_files(content / settings["FAQ_PATH"])
    }
