"""Which content file each built page came from: written down by the build,
read by the site checker. The one place for the record's form.

The checker points a problem at the Markdown line an editor fixes
(content/pages/side-effects.md), not at output/side-effects/index.html. The
build knows exactly where each page came from (Pelican's own `save_as` for a
page, the FAQ generator's own id for an answer), so it leaves that in the
output folder, in `RECORD`, and the checker needs neither Pelican nor the
settings to place a problem. `make publish` removes the record before the
site goes out: it is for the checker only.
"""

from __future__ import annotations

import json
from pathlib import Path

from guidelib.problems import format_problem

RECORD = ".page-sources.json"
KINDS = ("pages", "answers")  # built page → its file; FAQ answer id → its file


def write(output: Path, pages: dict[str, str], answers: dict[str, str]) -> None:
    """Record, in the output folder, each built page's and each answer's file."""
    output.mkdir(parents=True, exist_ok=True)
    record = {"pages": pages, "answers": answers}
    (output / RECORD).write_text(json.dumps(record, indent=0, sort_keys=True), encoding="utf-8")


def read(output: Path) -> tuple[dict[str, Path], dict[str, Path]]:
    """(built page, e.g. "side-effects/index.html" → its Markdown file, FAQ
    answer id → its Markdown file); both empty for a site built without the
    record (problems are then placed in the built pages)."""
    path = output / RECORD
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
        pages, answers = (
            {name: Path(source) for name, source in record[kind].items()} for kind in KINDS
        )
    except FileNotFoundError:
        return {}, {}
    except (OSError, ValueError, TypeError, KeyError, AttributeError) as error:
        what = f"not a readable record of where the pages came from ({error!r})"
        raise SystemExit(
            format_problem(path, 1, what, "build the site again (make html)")
        ) from None
    return pages, answers
