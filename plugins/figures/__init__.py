"""Figures: a paragraph `[[figure NAME]]` becomes a chart drawn from data, and its table;
a paragraph `[[decision NAME]]` becomes a decision aid's option grid.

Editors write the data once, in `content/data/NAME.yaml` (see data.py) or
`content/decisions/NAME.yaml` (plugins/decisions), and place it on a page
with a paragraph of its own:

    [[figure relief-duration]]
    [[decision crps]]

When a page is read, this plugin swaps that paragraph for the figure: an
inline SVG chart (laid out by chart.py, no script) and a table of the same
rows with their citations `[@key]`. It must run before the citations plugin
(it comes first in PLUGINS), so those citations are numbered with the rest
of the page and land in the page's own References list. The HTML comes from
the theme's `components/duration_chart.html`; this module only decides what
goes where. Double brackets cannot be mistaken for a citation `[@key]`, and
Markdown leaves them alone as a paragraph.

Every problem is `path:line: what — fix`: in the data file, at its line; an
unknown figure name, at the page's line.
"""

from __future__ import annotations

import difflib
import os
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from guidelib.lines import line_containing
from guidelib.problems import display_path, report
from plugins.decisions.data import load_decision
from plugins.decisions.grid import lay_out_grid
from plugins.figures.chart import lay_out
from plugins.figures.data import load_figure


@dataclass(frozen=True)
class Kind:
    """One kind of placed block: where its data lives, how it is read, which macro draws it."""

    word: str  # as written: [[figure NAME]], [[decision NAME]]
    folder_setting: str
    default_folder: str
    example: str  # a data file to point editors at
    template: str
    macro: str
    stylesheet: str | None  # theme/static/css/NAME.css, linked only from pages that show one
    read: Callable[[str, str, set], object]  # (path, name, known source keys) -> laid out, or None


def _read_figure(path: str, name: str, known: set):
    data = load_figure(path, name, known)
    return lay_out(data) if data else None


def _read_decision(path: str, name: str, known: set):
    data = load_decision(path, name, known)
    return lay_out_grid(data) if data else None


KINDS = {
    kind.word: kind
    for kind in (
        Kind("figure", "FIGURES_PATH", "data", "relief-duration",
             "components/duration_chart.html", "duration_chart", "charts", _read_figure),
        Kind("decision", "DECISIONS_PATH", "decisions", "crps",
             "components/option_grid.html", "option_grid", "decisions", _read_decision),
    )
}  # fmt: skip
WORDS = "|".join(KINDS)
# Typogrify may have joined the words with a no-break space (its "widont" filter).
SPACE = r"(?:\s|&nbsp;|&#160;|\xa0)"
PLACEHOLDER = re.compile(
    rf"<p>{SPACE}*\[\[(?P<kind>{WORDS}){SPACE}+(?P<name>[^\]\s&]*){SPACE}*\]\]{SPACE}*</p>"
)
ANYWHERE = re.compile(rf"\[\[{SPACE}*(?:{WORDS})\b[^\]]*\]\]")
ANYWHERE_START = re.compile(rf"^\[\[{SPACE}*(?P<kind>{WORDS})(?:{SPACE}|\W)*")


_environment = {}  # the theme's Jinja environment, from the build's first generator


def remember_templates(generator) -> None:
    """Keep the theme's Jinja environment and start this build's figure cache."""
    if getattr(generator, "env", None) is not None and "FIGURE_CACHE" not in generator.context:
        _environment["env"] = generator.env
        generator.context["FIGURE_CACHE"] = {}


def forget_figures(build) -> None:
    """Reading is over: the figure cache goes, so the templates' context holds
    only what pages are drawn from (plugins/drawn_pages keys on all of it)."""
    build.context.pop("FIGURE_CACHE", None)


def _figure(kind: Kind, name: str, context: dict):
    """The laid-out block NAME of KIND (read once per build); None if its data has
    problems; False if there is no such file."""
    cache = context.setdefault("FIGURE_CACHE", {})
    if (kind.word, name) not in cache:
        path = os.path.join(_folder(kind, context), f"{name}.yaml")
        if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", name) or not os.path.isfile(path):
            cache[kind.word, name] = False
        else:
            bibliography = context.get("BIBLIOGRAPHY")
            known = set(bibliography.references) if bibliography else set()
            cache[kind.word, name] = kind.read(path, name, known)
    return cache[kind.word, name]


def _folder(kind: Kind, context: dict) -> str:
    return os.path.join(context["PATH"], context.get(kind.folder_setting, kind.default_folder))


def _known_names(kind: Kind, context: dict) -> list[str]:
    try:
        return sorted(f[:-5] for f in os.listdir(_folder(kind, context)) if f.endswith(".yaml"))
    except OSError:
        return []


def render(kind: Kind, laid_out) -> str:
    return str(
        getattr(_environment["env"].get_template(kind.template).module, kind.macro)(laid_out)
    )


def place_figures(content) -> None:
    """Replace each `[[figure NAME]]` or `[[decision NAME]]` paragraph of a page by
    its chart or option grid."""
    if "[[" not in (content._content or ""):
        return
    context = getattr(content, "_context", None) or {}
    content.stylesheets = list(getattr(content, "stylesheets", []))
    source = content.source_path
    placed: set[tuple[str, str]] = set()
    seen: Counter[str] = Counter()  # to find the line of the second of two alike

    def line_of(written: str) -> int:
        seen[written] += 1
        return line_containing(
            source, written, default=line_containing(source, "[["), nth=seen[written]
        )

    def replace(match: re.Match) -> str:
        kind, name = KINDS[match["kind"]], match["name"]
        line = line_of(f"[[{kind.word} {name}]]")
        laid_out = _figure(kind, name, context)
        if laid_out is False:
            close = difflib.get_close_matches(name, _known_names(kind, context), n=1)
            example = display_path(os.path.join(_folder(kind, context), f"{kind.example}.yaml"))
            report(
                source,
                line,
                f"no {kind.word} called '{name}'",
                f"did you mean '[[{kind.word} {close[0]}]]'?"
                if close
                else "name a file of "
                f"{display_path(_folder(kind, context))}/ (lowercase letters, digits and hyphens), "
                f"written like {example}",
            )
            return ""
        if (kind.word, name) in placed:
            report(
                source,
                line,
                f"the {kind.word} '{name}' is placed twice on this page",
                f"keep one '[[{kind.word} …]]' paragraph",
            )
            return ""
        placed.add((kind.word, name))
        if kind.stylesheet and kind.stylesheet not in content.stylesheets:
            content.stylesheets = [*content.stylesheets, kind.stylesheet]
        return render(kind, laid_out) if laid_out else ""  # None: its data's problems are reported

    html = PLACEHOLDER.sub(replace, content._content)
    for stray in ANYWHERE.findall(html):
        start = ANYWHERE_START.match(stray)
        name = ANYWHERE_START.sub("", stray).rstrip("]")
        shown = re.sub(r"&nbsp;|&#160;|\xa0", " ", stray)
        report(
            source,
            line_of(f"{start['kind'] if start else 'figure'} {name}"),
            f"'{shown}' is not in a paragraph of its own",
            "put it on its own line, with a blank line before and after",
        )
    content._content = html
