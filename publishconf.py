"""Production settings: absolute URLs under $SITEURL, feeds on.

Used by `make publish`. Everything else comes from pelicanconf.py.
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pelicanconf import *  # noqa: E402,F403

SITEURL = os.environ.get("SITEURL", "").rstrip("/")
if not SITEURL.startswith("https://"):
    # SystemExit, not an exception: Pelican would print a traceback for the latter.
    sys.exit(
        "publishconf.py: SITEURL must be the site's https:// address, "
        f"got {SITEURL!r}. Run, for example: SITEURL=https://example.org make publish"
    )
RELATIVE_URLS = False
REFUSE_OVERDUE_PAGES = True  # a page past its review date is not published

# The site's feed is the feed of content updates (UPDATES_FEED_SAVE_AS in
# pelicanconf.py); Pelican's own feeds list blog articles, which we have none of.
FEED_DOMAIN = SITEURL
