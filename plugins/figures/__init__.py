"""Figures: a paragraph `[[figure NAME]]` becomes a chart drawn from data, and its table.

Editors write the data once, in `content/data/NAME.yaml` (see data.py), and
place the figure on a page with a paragraph of its own:

    [[figure relief-duration]]

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

from guidelib.lines import line_containing
from guidelib.problems import display_path, report
from plugins.figures.chart import Chart, lay_out
from plugins.figures.data import load_figure

TEMPLATE = "components/duration_chart.html"
# Typogrify may have joined the words with a no-break space (its "widont" filter).
SPACE = r"(?:\s|&nbsp;|&#160;|\xa0)"
PLACEHOLDER = re.compile(
    rf"<p>{SPACE}*\[\[figure{SPACE}+(?P<name>[^\]\s&]*){SPACE}*\]\]{SPACE}*</p>"
)
ANYWHERE = re.compile(rf"\[\[{SPACE}*figure\b[^\]]*\]\]")
ANYWHERE_START = re.compile(rf"^\[\[{SPACE}*figure(?:{SPACE}|\W)*")

_environment = {}  # the theme's Jinja environment, from the build's first generator


def remember_templates(generator) -> None:
    """Keep the theme's Jinja environment and start this build's figure cache."""
    if getattr(generator, "env", None) is not None and "FIGURE_CACHE" not in generator.context:
        _environment["env"] = generator.env
        generator.context["FIGURE_CACHE"] = {}


def _figure(name: str, context: dict) -> Chart | None | bool:
    """The laid-out chart NAME (read once per build); None if its data has problems;
    False if there is no such figure."""
    cache = context.setdefault("FIGURE_CACHE", {})
    if name not in cache:
        path = os.path.join(_folder(context), f"{name}.yaml")
        if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", name) or not os.path.isfile(path):
            cache[name] = False
        else:
            bibliography = context.get("BIBLIOGRAPHY")
            known = set(bibliography.references) if bibliography else set()
            data = load_figure(path, name, known)
            cache[name] = lay_out(data) if data else None
    return cache[name]


def _folder(context: dict) -> str:
    return os.path.join(context["PATH"], context.get("FIGURES_PATH", "data"))


def _known_names(context: dict) -> list[str]:
    try:
        return sorted(f[:-5] for f in os.listdir(_folder(context)) if f.endswith(".yaml"))
    except OSError:
        return []


def render(chart: Chart) -> str:
    macro = _environment["env"].get_template(TEMPLATE).module.duration_chart
    return str(macro(chart))


def place_figures(content) -> None:
    """Replace each `[[figure NAME]]` paragraph of a page by its figure."""
    if "[[" not in (content._content or ""):
        return
    context = getattr(content, "_context", None) or {}
    source = content.source_path
    placed: set[str] = set()
    seen: Counter[str] = Counter()  # to find the line of the second of two alike

    def line_of(written: str) -> int:
        seen[written] += 1
        return line_containing(
            source, written, default=line_containing(source, "[["), nth=seen[written]
        )

    def replace(match: re.Match) -> str:
        name = match["name"]
        line = line_of(f"[[figure {name}]]")
        chart = _figure(name, context)
        if chart is False:
            close = difflib.get_close_matches(name, _known_names(context), n=1)
            example = display_path(os.path.join(_folder(context), "relief-duration.yaml"))
            report(
                source,
                line,
                f"no figure called '{name}'",
                f"did you mean '[[figure {close[0]}]]'?"
                if close
                else "name a file of "
                f"{display_path(_folder(context))}/ (lowercase letters, digits and hyphens), "
                f"written like {example}",
            )
            return ""
        if name in placed:
            report(
                source,
                line,
                f"the figure '{name}' is placed twice on this page",
                "keep one '[[figure …]]' paragraph",
            )
            return ""
        placed.add(name)
        return render(chart) if chart else ""  # None: its data's problems are reported

    html = PLACEHOLDER.sub(replace, content._content)
    for stray in ANYWHERE.findall(html):
        name = ANYWHERE_START.sub("", stray).rstrip("]")
        shown = re.sub(r"&nbsp;|&#160;|\xa0", " ", stray)
        report(
            source,
            line_of(f"figure {name}"),
            f"'{shown}' is not in a paragraph of its own",
            "put it on its own line, with a blank line before and after",
        )
    content._content = html
