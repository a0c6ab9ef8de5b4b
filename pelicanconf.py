"""Development settings: relative URLs, drafts visible, no feeds.

`publishconf.py` imports these and changes only what production needs.
"""

import os
import sys
from pathlib import Path

import yaml
from jinja2 import FileSystemBytecodeCache

from guidelib.feedback import report_link

ROOT = Path(__file__).resolve().parent

SITENAME = "Ketamine for Pain: A Patient Guide"
SITE_SHORT_NAME = "Ketamine for Pain"
SITE_DESCRIPTION = (
    "Plain-language, fully referenced information about ketamine for pain relief, "
    "for patients, families and clinicians."
)
SITEURL = ""
RELATIVE_URLS = True

DEFAULT_LANG = "en"
TIMEZONE = "UTC"
DEFAULT_DATE_FORMAT = "%-d %B %Y"

# Where readers report a problem: "Report a problem with this page", on every
# page, links here with {title} and {url} filled in (URL-encoded), e.g.
# "https://github.com/OWNER/REPO/issues/new?title={title}&body={url}" or
# "mailto:editors@example.org?subject={title}&body={url}" (guidelib/feedback.py).
# Empty until the public address is known: pages then say reports cannot be
# sent yet, instead of showing an invented address, and `make publish`, which
# takes it from the environment, refuses to build.
FEEDBACK_URL = ""
SETTINGS_FILE = __file__  # named in messages about a setting

# ---------------------------------------------------------------- content
PATH = "content"
PAGE_PATHS = ["pages"]
ARTICLE_PATHS = []  # no blog: every document is a page (FAQs get their own plugin)
STATIC_PATHS = []
# Pelican copies every static file on every build. Turned on, this would skip
# copying a file that has not changed, and `make html`, which removes what a
# build did not write (the Makefile's build_site), would then remove it.
STATIC_CHECK_IF_MODIFIED = False
READERS = {"html": None}  # Markdown only: one format, one set of rules

# One URL scheme everywhere: /what-is-ketamine/
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
PAGE_ORDER_BY = "reading_order"  # (Order, slug), set by the editorial plugin
SLUGIFY_SOURCE = "basename"

# Archive, tag, category and author pages serve a blog, not this guide.
ARTICLE_SAVE_AS = ""
ARCHIVES_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
CATEGORY_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
TAG_SAVE_AS = ""
TAGS_SAVE_AS = ""

# Pelican's own feeds list blog articles, and this site has none: its feed is
# the feed of content updates (UPDATES_FEED_SAVE_AS, below).
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None


# ---------------------------------------------------------------- Markdown
def _abbreviations(path: Path) -> dict[str, str]:
    """Site-wide abbreviations for the Markdown `abbr` extension."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as error:
        sys.exit(f"{path.relative_to(ROOT)}: cannot be read as YAML ({error}); fix or delete it")
    if not isinstance(data, dict):
        sys.exit(f"{path.relative_to(ROOT)}:1: write one 'ABBR: meaning' per line")
    return {str(key): str(value) for key, value in data.items()}


MARKDOWN = {
    "extension_configs": {
        # Heading ids and a small "#" link to each section, for sharing. Only
        # those: the page's contents list is drawn by plugins/page_outline, so
        # the extension's own table of contents (built, serialised and thrown
        # away for every page and summary: 3% of a build) is turned off.
        "markdown.extensions.toc": {
            "permalink": "#",
            "permalink_class": "app-heading-link",
            "permalink_title": "Link to this section",
            "toc_depth": 0,  # no heading goes into a table of contents
            "marker": "",  # and no [TOC] in the text is replaced by one
        },
        "markdown.extensions.attr_list": {},
        "markdown.extensions.abbr": {
            "glossary": _abbreviations(ROOT / "content" / "data" / "abbreviations.yaml")
        },
        # Markdown inside care cards: <div class="app-care-card" markdown>
        "markdown.extensions.md_in_html": {},
        "markdown.extensions.tables": {},
        "markdown.extensions.def_list": {},
        "markdown.extensions.sane_lists": {},
    },
    "output_format": "html5",
}

# Typogrify for curly quotes and dashes. It runs inside the Markdown reader
# (TYPOGRAPHY, plugins/typography), so Pelican's content cache keeps its work;
# Pelican's own pass, which runs after the cache, is off (TYPOGRIFY = False).
# The options below are Pelican's and apply as ever. `caps` would wrap NMDA
# or CRPS in <span class="caps">, titles included; `initial_quotes` adds spans.
TYPOGRAPHY = True
TYPOGRIFY = False
TYPOGRIFY_OMIT_FILTERS = ["caps", "initial_quotes"]
TYPOGRIFY_IGNORE_TAGS = ["code", "pre", "kbd", "script", "style"]

# Reading pages and drawing them with the theme are most of a build, and
# Pelican does both on one core: with these on, a process for each spare core
# reads (plugins/read_ahead) and draws (plugins/draw_ahead) the pages Pelican
# will come to last. A page whose reading or drawing reports anything is done
# again by Pelican in its turn, so problems are listed as they always were.
READ_AHEAD = True
DRAW_AHEAD = True

# ---------------------------------------------------------------- theme
THEME = "theme"
THEME_STATIC_DIR = "theme"
JINJA_FILTERS = {"report_link": report_link}  # FEEDBACK_URL filled in for a page
# Pelican makes a Jinja environment for each of its generators, and each
# compiled every template again, in every build: most of a small site's build
# time. Jinja keeps the compiled templates in its own folder in the system's
# temporary directory, each checked against its template's text when loaded,
# so an edited template is compiled anew.
JINJA_ENVIRONMENT = {
    "trim_blocks": True,
    "lstrip_blocks": True,
    "extensions": [],
    "bytecode_cache": FileSystemBytecodeCache(),
}
# Pelican's cache folder, beside this file (Pelican's default is relative to
# wherever it runs): the formatted bibliography is kept there between builds
# (plugins/citations/ama.py), and Pelican's content cache when it is turned on.
# `make clean` empties it.
CACHE_PATH = "cache"

# ---------------------------------------------------------------- plugins
# Listed explicitly: Pelican never auto-discovers plugins for this site.
# plugins.guide is the pipeline: it runs every step of ours, in the order
# plugins/guide/__init__.py states. The project is installed in the virtual
# environment (requirements.txt: -e .), so `plugins` imports like any package.
PLUGINS = [
    "plugins.guide",
    "pelican.plugins.sitemap",  # pelican-sitemap, from the pelican-plugins organisation
]

# The bibliography (CSL-YAML), cited from pages as [@key].
BIBLIOGRAPHY_PATH = "references.yaml"

# Reusable blocks of text, written once in content/snippets/*.md; the theme
# shows the required ones on every page.
SNIPPETS_PATH = "snippets"
SNIPPETS_REQUIRED = ["disclaimer", "dose_note"]

# Reviews are judged against today's date, or against REVIEW_TODAY
# (YYYY-MM-DD, from the environment) when tests need a fixed "today". A page
# past its Next_review shows an "overdue" notice; publishconf.py refuses it.
REVIEW_TODAY = os.environ.get("REVIEW_TODAY", "")
REFUSE_OVERDUE_PAGES = False

# Metadata every page must carry; the editorial plugin stops the build otherwise.
REQUIRED_METADATA = ["title", "slug", "summary", "reviewed", "next_review", "published"]
# A clinician's review, when one is recorded (`Reviewed_by:` on the page), is
# shown on the page and in its structured data. With this on, a topic page
# without one stops the build: publishconf.py turns it on when the
# environment says REQUIRE_CLINICAL_REVIEW=1.
REQUIRE_CLINICAL_REVIEW = False
PAGE_KINDS = ["topic", "policy", "utility"]  # the first is the default

# Frequently asked questions: one file per question in content/faq/, shown
# on the page whose slug is FAQ_PAGE_SLUG. Each question names one topic
# (its id below); the FAQ page shows the topics in this order.
FAQ_PATH = "faq"
FAQ_PAGE_SLUG = "faq"
HEADER_EXTRA_SLUGS = [FAQ_PAGE_SLUG]  # shown in the header after the guide pages
FAQ_MAX_WORDS = 150
FAQ_TOPICS = {
    "basics": "The basics",
    "evidence": "Does it work?",
    "treatment": "Having treatment",
    "after-treatment": "After treatment and daily life",
    "effects-and-risks": "Side effects and risks",
    "access-and-cost": "Cost and access",
}

# What every topic page is about, for its MedicalWebPage structured data
# (schema.org). Ketamine is a Schedule III controlled substance in the US
# (content/pages/what-is-ketamine.md cites the DEA rule) and a prescription
# medicine; its use for pain is off-label.
STRUCTURED_DATA_ABOUT = {
    "@type": "MedicalTherapy",
    "name": "Ketamine for pain relief",
    "drug": {
        "@type": "Drug",
        "name": "Ketamine",
        "nonProprietaryName": "ketamine",
        "legalStatus": "Schedule III controlled substance (United States)",
        "prescriptionStatus": "https://schema.org/PrescriptionOnly",
    },
}

# The feed of content updates (this site has no blog): dated notes from the
# changelog, newest first. See plugins/updates_feed.
CHANGELOG_PATH = "data/changelog.yaml"
UPDATES_FEED_SAVE_AS = "feeds/updates.atom.xml"

# robots.txt is a theme template (theme/templates/robots.html), so it can
# name the sitemap's full address.
DIRECT_TEMPLATES = ["robots"]
ROBOTS_SAVE_AS = "robots.txt"

# sitemap.xml (pelican-sitemap): every published page, its `lastmod` the
# page's review date (set by the editorial plugin), never the build time.
SITEMAP = {
    "format": "xml",
    "changefreqs": {"pages": "monthly", "indexes": "monthly", "articles": "monthly"},
    "priorities": {"pages": 0.5, "indexes": 0.5, "articles": 0.5},
    "exclude": ["^404\\.html$", "^robots\\.txt$"],
}

# Figures drawn at build time (plugins/figures): a paragraph `[[figure NAME]]`
# on a page becomes the chart and table of FIGURES_PATH/NAME.yaml.
FIGURES_PATH = "data"
