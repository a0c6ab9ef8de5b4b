"""The guide's build pipeline: every step, in the order it runs, in one place.

Pelican loads this plugin alone (with pelican-sitemap); the steps it names
live in the other packages of `plugins/` and register nothing themselves.
`register()` connects one handler to each Pelican signal, and each handler
runs one of the lists below, in order. A step that must run before another
says so in a comment beside it.

Shared preconditions are settled here once: per-page steps see only content
with text of its own (pages, hidden pages, FAQ answers and snippets, never a
static file such as an image); after-all steps get a `Build` that holds the
pages and hidden pages together.
"""

from __future__ import annotations

import gc
from dataclasses import dataclass

from pelican import signals
from pelican.contents import Content, Static

from guidelib.lines import forget_sources
from plugins import (
    citations,
    dose_note,
    draw_ahead,
    drawn_pages,
    editorial,
    faq,
    feedback,
    figures,
    internal_links,
    kept_steps,
    key_points,
    navigation,
    page_outline,
    page_sources,
    read_ahead,
    snippets,
    strict_build,
    structured_data,
    tables,
    typography,
    updates_feed,
)


def collect_garbage_less(pelican) -> None:
    """Python's garbage collector walks every object it tracks, over and over as
    a build makes new ones: 0.08 s of a one-page rebuild of 1,000 pages, and
    0.19 s of a cold build's main process. What exists before the first build
    (modules, settings, plugins) lasts as long as the process, so it is frozen
    out of those walks, and a walk waits for 10,000 new objects, not 700.
    Both together halve that time.

    `make devserver` builds again in this process (with the same Pelican, so
    this runs as each build starts, not once at Pelican's start): there, what
    the last build left frozen (see leave_quickly) is handed back to the
    collector instead."""
    if gc.get_freeze_count():
        gc.unfreeze()
    else:
        gc.freeze()
    gc.set_threshold(GC_NEW_OBJECTS, *gc.get_threshold()[1:])


# New objects between two walks of the garbage collector's youngest
# generation (Python's default: 700).
GC_NEW_OBJECTS = 10_000


def forget_the_last_builds_pages(pelican) -> None:
    """Pelican memoizes each page's text and summary in a dict of its
    decorator, keyed by the page, for the life of the process: `make
    devserver` kept every build's pages, and all they hold, to its end."""
    for memoized in (Content.get_content, Content.get_summary):
        memoized.cache.clear()


def leave_quickly(pelican) -> None:
    """Python, ending the process, would walk every object of the build to free
    it (0.2 s of a 1,000-page build); frozen, they are left to the system."""
    gc.freeze()


# Once, when Pelican starts: take over --fatal, so every problem is listed.
AT_START = [
    strict_build.start,  # first of the checks: every problem after it is collected
    feedback.check_setting,  # FEEDBACK_URL, before any page links to it
]

# As each build starts: the first, and each of `make devserver`'s rebuilds,
# which Pelican runs again without starting again.
AS_EACH_BUILD_STARTS = [
    forget_the_last_builds_pages,  # before: so the collector may free them
    collect_garbage_less,
]

# When Pelican sets up its readers (once per build, and for the snippets).
WHEN_READERS_ARE_MADE = [
    typography.use_typographic_reader,  # Typogrify inside the reader: the cache keeps it
    read_ahead.use_reading_ahead,  # after: it wraps whichever Markdown reader is set
]

# Kinds of output beside Pelican's pages.
GENERATORS = [
    faq.FaqGenerator,  # one page per FAQ topic
    updates_feed.UpdatesFeedGenerator,  # the Atom feed of content updates
]

# When each generator is made (the first one of a build does the work).
BEFORE_PAGES = [
    figures.remember_templates,  # the theme's templates, to draw figures with
    citations.load,  # the bibliography, read and formatted once per build
    kept_steps.start,  # after: the pages' recorded steps name its sources
    read_ahead.start,  # the pages generator: other processes read its last pages
]

# For each page, hidden page, FAQ answer and snippet, as Pelican reads it.
FOR_EACH_PAGE = [
    editorial.check_page,  # metadata, kind, reading order: before anything uses them
    figures.place_figures,  # before citations: a figure's table cites its sources
    citations.cite,  # numbers [@key] citations and makes the reference list
    internal_links.check_links,  # {filename} links that lead nowhere
    key_points.take_key_points,  # after citations (numbered), before the outline
    tables.wrap_tables,  # Markdown tables scroll in a focusable region
    page_outline.add_sections,  # after citations and figures: the final headings
    dose_note.mark,  # after figures: a figure may mention doses
]

# After every page is read, before anything is written.
AFTER_ALL_PAGES = [
    read_ahead.stop,  # first: reading is over, its processes have ended
    figures.forget_figures,  # reading is over: the figure cache is not the templates'
    citations.finish,  # uncited references and pages; the Sources pages' data
    navigation.collect,  # reading order, breadcrumbs, related pages
    snippets.load_snippets,  # the disclaimer and the dose note
    faq.collect,  # needs every page by slug; makes the FAQ topic pages
    structured_data.describe,  # after navigation (breadcrumbs) and faq (topic pages)
    page_sources.record,  # for the site checker; after faq, which settles the answers shown
]


# The writer of every file: it holds back the pages generator's pages, for
# other processes to draw (DRAW_AHEAD).
WRITER = draw_ahead.DrawingAheadWriter

# When the pages generator has named every page it writes.
WHEN_PAGES_ARE_NAMED = [
    draw_ahead.write_held,  # draws them, sharing the work out, and writes them
]


def read_files_anew(pelican) -> None:
    """`make devserver` builds again in this process, after the editor changed a
    file: the next build must not see this one's copy (it once hid a new
    broken link)."""
    forget_sources()


# When the build has been written.
AT_END = [
    read_files_anew,
    drawn_pages.save_record,  # before strict_build empties its list of problems
    kept_steps.save_record,  # so too
    leave_quickly,
    strict_build.finish,  # last: fails the build if anything was reported
]


@dataclass
class Build:
    """What the after-all steps share: Pelican's generators and their pages."""

    generators: list

    @property
    def context(self) -> dict:
        return self.generators[0].context  # one dict, shared by every generator

    @property
    def settings(self) -> dict:
        return self.generators[0].settings

    @property
    def pages(self) -> list:
        """Published pages, in reading order (Pelican sorts them by PAGE_ORDER_BY)."""
        return [page for g in self.generators for page in getattr(g, "pages", [])]

    @property
    def hidden_pages(self) -> list:
        return [page for g in self.generators for page in getattr(g, "hidden_pages", [])]

    @property
    def all_pages(self) -> list:
        return self.pages + self.hidden_pages


def at_start(pelican) -> None:
    for step in AT_START:
        step(pelican)


def readers_made(readers) -> None:
    for step in WHEN_READERS_ARE_MADE:
        step(readers)


def build_starts(pelican) -> None:
    for step in AS_EACH_BUILD_STARTS:
        step(pelican)


def extra_generators(pelican) -> list:
    return GENERATORS


def before_pages(generator) -> None:
    for step in BEFORE_PAGES:
        step(generator)


def for_each_page(content) -> None:
    if not isinstance(content, Content) or isinstance(content, Static):
        return  # static files (images…) have no text to check or cite
    if not content.source_path:
        return
    kept_steps.run(content, FOR_EACH_PAGE)  # or their recorded result (content cache on)


def after_all_pages(generators) -> None:
    if not generators:
        return
    build = Build(generators)
    for step in AFTER_ALL_PAGES:
        step(build)


def writer(pelican) -> type:
    return WRITER


def pages_named(generator, writer) -> None:
    for step in WHEN_PAGES_ARE_NAMED:
        step(generator, writer)


def at_end(pelican) -> None:
    for step in AT_END:
        step(pelican)


def register() -> None:
    signals.initialized.connect(at_start)
    signals.readers_init.connect(readers_made)
    signals.get_generators.connect(build_starts)  # sent first in each build (Pelican.run)
    signals.get_generators.connect(extra_generators)
    signals.generator_init.connect(before_pages)
    signals.content_object_init.connect(for_each_page)
    signals.all_generators_finalized.connect(after_all_pages)
    signals.get_writer.connect(writer)
    signals.page_writer_finalized.connect(pages_named)
    signals.finalized.connect(at_end)
