"""Kept steps: a page's steps are not run again when nothing they read changed.

With Pelican's content cache on, a page whose file has not changed is not
read again, but our steps for each page (plugins/guide's FOR_EACH_PAGE:
the checks, the figures, the citations, the outline…) ran on every page of
every build: a third of a rebuild after a one-page edit of a 1,000-page site.

Those steps work on one page. What they read is the page as Pelican made it,
its Markdown file (for line numbers), the settings, today's date (reviews),
the code and theme, and the content folder's other files: the bibliography,
figure and decision data, and which files exist (for {filename} links).
What they change is the page itself, and one thing beside it: each cited
source's list of the pages that cite it, which is made again here from the
page's `cited_keys` (citations.record_citing). Anything else they touch is
a cache of what they read.

So each page of the pages generator (FAQ answers and snippets are few, and
cited together) has a key of all that, and the record keeps, with the key,
what the steps changed of the page. A page whose key is in the record takes
those changes instead of running the steps. A page whose steps reported a
problem is not recorded, and a build that reported one keeps no record at
all, so every problem is reported again until it is fixed.

Pelican's content cache settings turn this on, as they turn on its own:
LOAD_CONTENT_CACHE uses the record (CACHE_PATH/kept-steps.pickle), and
CACHE_CONTENT writes it.
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
import sys
from collections.abc import Callable

from pelican.contents import Page
from pelican.generators import PagesGenerator

from guidelib import fingerprints
from guidelib.review import review_today
from plugins import citations
from plugins.citations.bibliography import Reference
from plugins.strict_build import problem_log

RECORD = "kept-steps.pickle"
LEFT_OUT = ("_context", "settings")  # the build's, not the page's: in the build's part


class KeptSteps:
    """This build's part of every key, the last build's record, and this one's."""

    def __init__(self, generator):
        settings = generator.settings
        self.bibliography = generator.context.get("BIBLIOGRAPHY")
        self.shared = citations.shared_with_pages(generator.context)
        self.shared_ids = {id(value): name for name, value in self.shared.items()}
        self.path = fingerprints.record_path(settings, RECORD)
        self.saving = bool(settings.get("CACHE_CONTENT"))
        loading = settings.get("LOAD_CONTENT_CACHE")
        self.record = fingerprints.load_record(self.path) if loading else {}
        self.kept: dict[str, tuple[bytes, bytes]] = {}
        self.build_key = _build_key(settings, generator.path)

    def run(self, page: Page, steps: list[Callable]) -> None:
        """Give PAGE the state its steps would give it: recorded, or by running them."""
        before = _pickled_attributes(page) if self.build_key is not None else None
        key = self._key(page, before) if before is not None else None
        recorded = self.record.get(page.source_path) if key else None
        if recorded and recorded[0] == key and self._take(page, recorded[1]):
            self.kept[page.source_path] = recorded
            return
        problems = len(problem_log.problems)
        for step in steps:
            step(page)
        if key and len(problem_log.problems) == problems:
            changes = self._pickled_changes(page, before)
            if changes is not None:
                self.kept[page.source_path] = (key, changes)

    def save(self) -> None:
        if self.saving:
            fingerprints.save_record(self.path, self.kept)

    def _key(self, page: Page, attributes: dict[str, bytes]) -> bytes | None:
        """What the steps read of this page (Pelican's page, its Markdown file),
        with the build's part."""
        try:
            with open(page.source_path, "rb") as file:
                source = hashlib.sha256(file.read()).digest()
        except OSError:
            return None
        digest = hashlib.sha256(self.build_key + source)
        for name, pickled in attributes.items():
            digest.update(name.encode() + b"\0" + hashlib.sha256(pickled).digest())
        return digest.digest()

    def _pickled_changes(self, page: Page, before: dict[str, bytes]) -> bytes | None:
        """What the steps changed of the page: the attributes they set or changed,
        and those they removed. Only these are taken back, so a page keeps
        Pelican's own objects where the steps left them (shared elsewhere,
        they stay shared)."""
        state = _own_state(page)
        changed = {
            name: value
            for name, value in state.items()
            if name not in before or _pickled(value) != before[name]
        }
        removed = [name for name in before if name not in state]
        # What the changes hold of the attributes the steps left alone (a
        # page's slug in its reading order) is named too, to be shared again.
        kept_as_they_were = {
            id(value): ("attribute", name) for name, value in state.items() if name not in changed
        }
        buffer = io.BytesIO()
        try:
            _StatePickler(buffer, self.shared_ids | kept_as_they_were).dump((changed, removed))
        except (pickle.PicklingError, TypeError, AttributeError):
            return None  # it holds what cannot be kept apart from this build
        return buffer.getvalue()

    def _take(self, page: Page, pickled: bytes) -> bool:
        attributes = {("attribute", name): value for name, value in page.__dict__.items()}
        try:
            changed, removed = _StateUnpickler(io.BytesIO(pickled), self.shared | attributes).load()
        except (pickle.UnpicklingError, KeyError, TypeError, AttributeError, EOFError):
            return False
        for name in removed:
            page.__dict__.pop(name, None)
        for name, value in changed.items():
            page.__dict__[sys.intern(name)] = value  # as setattr would keep the name
        if self.bibliography is not None and getattr(page, "cited_keys", None):
            citations.record_citing(page, self.bibliography)
        return True


class _StatePickler(pickle.Pickler):
    """A page's state, with what it shares with the build (a source, its
    formatted text) named, so that taken back it is shared again: not a copy
    for each page, which the drawn pages' key would pickle a thousand times."""

    def __init__(self, file, shared: dict[int, tuple]):
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.shared = shared

    def persistent_id(self, obj):
        name = self.shared.get(id(obj))
        if name is not None:
            return name
        if isinstance(obj, (Reference, Page)):
            raise pickle.PicklingError(f"{obj!r} belongs to this build, not to the page")
        return None


class _StateUnpickler(pickle.Unpickler):
    def __init__(self, file, shared: dict[tuple, object]):
        super().__init__(file)
        self.shared = shared

    def persistent_load(self, name):
        return self.shared[name]


def _own_state(page: Page) -> dict:
    return {name: value for name, value in page.__dict__.items() if name not in LEFT_OUT}


def _pickled(value) -> bytes:
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


def _pickled_attributes(page: Page) -> dict[str, bytes] | None:
    """Each attribute of the page, pickled; None if one cannot be (its steps
    then always run)."""
    try:
        return {name: _pickled(value) for name, value in _own_state(page).items()}
    except (pickle.PicklingError, TypeError, AttributeError):
        return None


def _build_key(settings: dict, content_path: str) -> bytes | None:
    """The code, the settings, today's date and the content folder's files
    (every name, and the bytes of all but the Markdown pages, which each key
    reads for itself)."""
    digest = hashlib.sha256(fingerprints.code_digest(settings))
    try:
        digest.update(pickle.dumps(settings, protocol=pickle.HIGHEST_PROTOCOL))
    except (pickle.PicklingError, TypeError, AttributeError):
        return None  # a setting that cannot be pickled: every page's steps run
    digest.update(review_today(settings).isoformat().encode())
    for folder, folders, names in sorted(os.walk(content_path)):
        folders.sort()
        for name in sorted(names):
            path = os.path.join(folder, name)
            digest.update(os.path.relpath(path, content_path).encode() + b"\0")
            if not name.endswith(".md"):
                with open(path, "rb") as file:
                    digest.update(hashlib.sha256(file.read()).digest())
    return digest.digest()


_this_build: KeptSteps | None = None


def start(generator) -> None:
    """When the pages generator is made, after the bibliography is loaded."""
    global _this_build
    if not isinstance(generator, PagesGenerator):
        return
    settings = generator.settings
    on = settings.get("LOAD_CONTENT_CACHE") or settings.get("CACHE_CONTENT")
    _this_build = KeptSteps(generator) if on else None


def run(content, steps: list[Callable]) -> None:
    """Run STEPS on CONTENT, or give it their recorded result (a page of the
    pages generator, with the content cache on)."""
    if _this_build is not None and isinstance(content, Page):
        _this_build.run(content, steps)
        return
    for step in steps:
        step(content)


def save_record(pelican) -> None:
    """At the end of a build that reported no problem: keep each page's state."""
    global _this_build
    kept, _this_build = _this_build, None
    if kept and not problem_log.problems:
        kept.save()
