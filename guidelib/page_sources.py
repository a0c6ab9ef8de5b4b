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


def _value(path: Path, key: str) -> str:
    return header(path).get(key, (0, ""))[1]


def page_sources(content: Path, settings: dict) -> dict[str, Path]:
    """Output file (e.g. "side-effects/index.html") → the Markdown page it came from."""
    sources = {}
    for folder in settings["PAGE_PATHS"]:
        for path in sorted((content / folder).rglob("*.md")):
            save_as = _value(path, "save_as") or settings["PAGE_SAVE_AS"].format(
                slug=_value(path, "slug") or path.stem
            )
            sources[save_as] = path
    return sources


def faq_sources(content: Path, settings: dict) -> dict[str, Path]:
    """An FAQ answer's id on its page → the Markdown file it came from."""
    rules = settings["SLUG_REGEX_SUBSTITUTIONS"]
    return {
        slugify(_value(path, "title"), regex_subs=rules): path
        for path in sorted((content / settings["FAQ_PATH"]).rglob("*.md"))
    }
