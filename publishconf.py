"""Production settings: absolute URLs under $SITEURL, feeds on.

Used by `make publish`. Everything else comes from pelicanconf.py.
"""

import os
import sys
from pathlib import Path

# pelicanconf is installed with the project (requirements.txt: -e .).
from pelicanconf import *  # noqa: F403

SITEURL = os.environ.get("SITEURL", "").rstrip("/")
if not SITEURL.startswith("https://"):
    # SystemExit, not an exception: Pelican would print a traceback for the latter.
    sys.exit(
        "publishconf.py: SITEURL must be the site's https:// address, "
        f"got {SITEURL!r}. Run, for example: SITEURL=https://example.org make publish"
    )
RELATIVE_URLS = False
REFUSE_OVERDUE_PAGES = True  # a page past its review date is not published

# Every published page links to a place to report a problem (pelicanconf.py
# explains the template); plugins/feedback refuses an empty or malformed one.
SETTINGS_FILE = __file__
FEEDBACK_URL = os.environ.get("FEEDBACK_URL", FEEDBACK_URL)  # noqa: F405
REQUIRE_FEEDBACK_URL = True
REQUIRE_CLINICAL_REVIEW = os.environ.get("REQUIRE_CLINICAL_REVIEW", "") == "1"

# The site's feed is the feed of content updates (UPDATES_FEED_SAVE_AS in
# pelicanconf.py); Pelican's own feeds list blog articles, which we have none of.
FEED_DOMAIN = SITEURL

# Netlify and Cloudflare Pages read their response headers from a file named
# _headers at the site's root: deploy/_headers, written there as it is (a
# template page, as a static file would go through the page plugins). The
# same policy as netlify.toml and deploy/nginx.conf; see tests/test_hosting.py.
TEMPLATE_PAGES = {str(Path(__file__).resolve().parent / "deploy" / "_headers"): "_headers"}
# The sitemap lists every file Pelican writes, and dates one that is not a
# page with the build's clock: _headers is for the host, not for readers or
# search engines, and a build time would make two builds of a commit differ.
SITEMAP = {**SITEMAP, "exclude": [*SITEMAP["exclude"], r"^_headers$"]}  # noqa: F405
