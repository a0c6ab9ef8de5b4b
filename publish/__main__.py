"""`make publish`'s last step: python -m publish FOLDER (a checked build, changed in place).

Prints what it did, or every page that minifying would change; exits 1 then,
and the Makefile leaves output/ as it was.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from guidelib import page_sources
from publish.minify import minify_site
from publish.precompress import precompress_site


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m publish", description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="the checked build, e.g. output.publish")
    folder = parser.parse_args(argv).folder
    if not (folder / "index.html").is_file():
        print(f"{folder}: no built site here", file=sys.stderr)
        return 1
    (folder / page_sources.RECORD).unlink(missing_ok=True)  # the checker's, read by now
    problems, minified = minify_site(folder)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(
            "Minifying changed what readers would get (a minify-html problem: report it, "
            "or change the template it trips on).",
            file=sys.stderr,
        )
        return 1
    compressed = precompress_site(folder)
    print(
        f"Minified HTML and CSS: {minified['before']:,} → {minified['after']:,} bytes; "
        f"text files {compressed['files']:,} bytes, gzip {compressed['.gz']:,}, "
        f"brotli {compressed['.br']:,}."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
