"""`make check`: the editor's report on the built site.

    python -m sitecheck OUTPUT [--siteurl URL] [--skip-validity]

Prints one line per problem (`path:line: what — fix`), then a count; exits
1 when anything is wrong, 0 when the site is clean.
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from pathlib import Path

from sitecheck import ALL_CHECKS, FAST_CHECKS, check_site


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m sitecheck", description=__doc__.splitlines()[0]
    )
    parser.add_argument("output", type=Path, help="the built site, e.g. output")
    parser.add_argument("--siteurl", default="", help="the production address of a publish build")
    parser.add_argument(
        "--skip-validity", action="store_true", help="leave out the Nu Html Checker (needs Java)"
    )
    arguments = parser.parse_args(argv)
    if not (arguments.output / "index.html").is_file():
        print(f"{arguments.output}: no built site here — run `make html` first", file=sys.stderr)
        return 1
    started = time.perf_counter()
    checks = FAST_CHECKS if arguments.skip_validity else ALL_CHECKS
    problems = check_site(arguments.output, siteurl=arguments.siteurl, checks=checks)
    for problem in problems:
        print(problem)
    took = time.perf_counter() - started
    if problems:
        noun = "problem" if len(problems) == 1 else "problems"
        print(f"{len(problems)} {noun} found ({took:.1f} s).", file=sys.stderr)
        return 1
    print(f"No problems found ({took:.1f} s).", file=sys.stderr)
    return 0


if __name__ == "__main__":
    code = main()
    # Ending, Python would walk every object left to free it (10 ms of a
    # 1,000-page check); frozen, they are left to the system, as the build's are.
    gc.freeze()
    sys.exit(code)
