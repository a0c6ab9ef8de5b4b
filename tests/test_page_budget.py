"""Every page arrives in the first round trip: its HTML plus the CSS that blocks
rendering fit in 14,600 bytes, gzip-compressed (RFC 6928: ten 1,460-byte
segments), so a reader on a slow phone connection sees the page at once.

Sizes are gzip at level 9, as the publish build precompresses its files.
The test prints the largest pages, so growth shows before it fails.
"""

from __future__ import annotations

import gzip

import pytest

from tests.conftest import PRODUCTION_SITEURL
from tests.sitebuild import BuiltSite

BUDGET = 14_600  # bytes, gzip
SHOWN = 5


def gzip_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9, mtime=0))


def blocking_css(site: BuiltSite, name: str, page) -> list:
    """Stylesheets that hold up the first render (not print-only, not alternate)."""
    sheets = []
    for link in page.select('link[rel~="stylesheet"]'):
        if link.get("media") in ("print",) or "alternate" in link.get("rel", []):
            continue
        href = link["href"]
        if href.startswith(PRODUCTION_SITEURL + "/"):  # a publish build's absolute address
            sheets.append(site.output / href.removeprefix(PRODUCTION_SITEURL + "/"))
        else:
            sheets.append(site.resolve(name, href))
    return sheets


def page_costs(site: BuiltSite) -> dict[str, int]:
    costs = {}
    for name, page in site.pages.items():
        html = (site.output / name).read_bytes()
        css = sum(gzip_size(sheet.read_bytes()) for sheet in blocking_css(site, name, page))
        costs[name] = gzip_size(html) + css
    return costs


@pytest.mark.parametrize("build", ["site", "published_site"])
def test_every_page_fits_in_the_first_round_trip(build, request, capsys):
    """Both builds: the publish build's absolute addresses make pages a little larger."""
    costs = page_costs(request.getfixturevalue(build))
    largest = sorted(costs.items(), key=lambda item: item[1], reverse=True)
    report = "\n".join(f"  {cost:>6,} B  {name}" for name, cost in largest[:SHOWN])
    with capsys.disabled():
        print(f"\nLargest pages of {build} (HTML + blocking CSS, gzip; budget {BUDGET:,} B):")
        print(report)
    over = [f"{name}: {cost:,} B" for name, cost in largest if cost > BUDGET]
    assert not over, f"over the {BUDGET:,} B first-round-trip budget:\n" + "\n".join(over)


def test_pages_load_nothing_from_other_sites(site):
    for name, page in site.pages.items():
        for tag, attribute in (("link", "href"), ("script", "src"), ("img", "src")):
            for element in page.find_all(tag, attrs={attribute: True}):
                if tag == "link" and "stylesheet" not in element.get("rel", []):
                    continue  # canonical and feed links are addresses, not requests
                assert "://" not in element[attribute], f"{name}: loads {element[attribute]}"
