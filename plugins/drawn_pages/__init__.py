"""Drawn pages: a page whose drawing cannot have changed is not drawn again.

With Pelican's content cache on, a rebuild after a one-page edit still drew
every page with the theme's templates: most of what a warm rebuild did. This
keeps, for each page the pages generator writes, a key of everything its
drawing could read, and the digest of the text it drew; when a rebuild finds
the same key, and the file the build writes over holds that very text, the
text is taken from the file instead of drawn again (and the file is not
written again: plugins/draw_ahead). Pelican's writer still counts every
file as written, in order, with its signals.

The key is made of two parts:

- the build's part, once per build: the code and theme that draw (every file
  of plugins/, guidelib/, the theme, the settings files), the installed
  packages, today's date, and the whole template context (settings, every
  page, the bibliography, the FAQs…) with each page stripped of
  OWN_PAGE_ONLY, what no other page's drawing reads;
- the page's part: its whole state (its digest from the build's part, and
  OWN_PAGE_ONLY), with the options Pelican draws it with.

So a change to a page's text (OWN_PAGE_ONLY) draws that page again, and a
change to anything another page may show (a title, a summary, the cited
sources) draws them all. tests/test_drawn_pages.py draws the site while
watching what each page reads of the others, and fails if that is ever one
of OWN_PAGE_ONLY. Anything the pickling below cannot read makes no key at
all: every page is drawn, as before.

Pelican's content cache settings turn this on, as they turn on its own:
LOAD_CONTENT_CACHE uses the record (CACHE_PATH/drawn-pages.pickle), and
CACHE_CONTENT writes it, after a build that reported no problem (a page whose
drawing warned is drawn, and warns, again the next time).
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import logging
import os
import pickle
import types
from datetime import date

from pelican.contents import Content

from guidelib import fingerprints
from plugins import citations, kept_steps
from plugins.strict_build import problem_log

logger = logging.getLogger(__name__)

# A page's attributes that no other page's drawing reads: its own text and
# what our steps make of it for that page alone.
OWN_PAGE_ONLY = frozenset({"_content"})

RECORD = "drawn-pages.pickle"


class DrawnPages:
    """This build's keys, and the last build's record of what each page drew."""

    def __init__(self, settings: dict, output_path: str, build_key: BuildKey | None):
        self.output_path = output_path
        self.build_key = build_key
        self.path = fingerprints.record_path(settings, RECORD)
        self.saving = bool(settings.get("CACHE_CONTENT")) and build_key is not None
        self.record = (
            fingerprints.load_record(self.path) if settings.get("LOAD_CONTENT_CACHE") else {}
        )
        self.drawn: dict[str, tuple[bytes, bytes]] = {}
        self.keys: dict[str, bytes] = {}

    def text_if_unchanged(self, name, template, options) -> str | None:
        """The text of page NAME as the file holds it, if drawing it again would
        give that same text; None when it must be drawn."""
        if self.build_key is None:
            return None
        key = self.keys[name] = _page_key(self.build_key, name, template, options)
        if key is None:
            return None
        recorded = self.record.get(name)
        if recorded is None or recorded[0] != key:
            return None
        try:
            with open(os.path.join(self.output_path, name), "rb") as file:
                held = file.read()
        except OSError:
            return None
        if hashlib.sha256(held).digest() != recorded[1]:
            return None  # the file is of another build (the one before last)
        self.drawn[name] = recorded
        return held.decode("utf-8")

    def remember(self, name: str, text: str) -> None:
        key = self.keys.get(name)
        if key is not None and name not in self.drawn:  # not kept, so drawn
            self.drawn[name] = (key, hashlib.sha256(text.encode("utf-8")).digest())

    def save(self) -> None:
        if self.saving:
            fingerprints.save_record(self.path, self.drawn)


_this_build: DrawnPages | None = None  # kept until the build has ended


def texts_unchanged(settings: dict, output_path: str, held: list) -> list[str | None]:
    """For each of the HELD pages (name, template, context, options), the text
    its file holds if drawing it again would give that very text, else None
    (every None when Pelican's content cache is off)."""
    global _this_build
    _this_build = None
    if not (settings.get("LOAD_CONTENT_CACHE") or settings.get("CACHE_CONTENT")) or not held:
        return [None] * len(held)
    _this_build = DrawnPages(settings, output_path, _build_key(settings, held))
    texts = [_this_build.text_if_unchanged(name, t, options) for name, t, _, options in held]
    kept = sum(text is not None for text in texts)
    logger.debug("drawn pages: %d of %d pages kept as the last build drew them", kept, len(held))
    return texts


def remember(name: str, text: str) -> None:
    """Page NAME was written with TEXT (drawn, or kept)."""
    if _this_build:
        _this_build.remember(name, text)


def save_record(pelican) -> None:
    """At the end of a build that reported no problem: keep what each page drew."""
    global _this_build
    drawn, _this_build = _this_build, None
    if drawn and not problem_log.problems:
        drawn.save()


def _build_key(settings: dict, held: list) -> BuildKey | None:
    """What every page's drawing may read beside the page itself; None if some of
    it cannot be read (then every page is drawn)."""
    pages = {id(options["page"]) for _, _, _, options in held}
    contexts = {id(context): context for _, _, context, _ in held}
    environments = {id(t.environment): t.environment for _, t, _, _ in held if _has_env(t)}
    shared = (
        date.today().isoformat(),
        list(contexts.values()),
        [sorted(e.globals.items()) for e in environments.values()],
        [sorted(e.filters) for e in environments.values()],
        [options["page"].settings for _, _, _, options in held[:1]],
    )
    named = {
        id(value): name
        for context in contexts.values()
        for name, value in citations.shared_with_pages(context).items()
    }
    contents = _Contents(pages, named)
    try:
        pickled = contents.pickled(shared, outer=True)
        digests = contents.every_digest()
    except Exception as error:  # anything unpicklable: no key, every page drawn
        logger.debug("drawn pages: no build key (%s); every page is drawn", error)
        return None
    digest = hashlib.sha256(fingerprints.code_digest(settings))
    digest.update(pickled)
    digest.update(digests)
    return BuildKey(digest.digest(), contents)


@dataclasses.dataclass
class BuildKey:
    digest: bytes
    contents: _Contents


def _page_key(build: BuildKey, name: str, template, options: dict) -> bytes | None:
    """The build's part, the page's own state (its digest, and what the build's
    part leaves out of it), and how Pelican draws it."""
    page = options["page"]
    own = {attribute: page.__dict__.get(attribute) for attribute in sorted(OWN_PAGE_ONLY)}
    how = {option: value for option, value in options.items() if option != "page"}
    try:
        pickled = build.contents.pickled((name, template.name, how, own))
        state = build.contents.digest(page)
    except Exception as error:
        logger.debug("drawn pages: no key for %s (%s)", name, error)
        return None
    return hashlib.sha256(build.digest + state + pickled).digest()


def _has_env(template) -> bool:
    return getattr(template, "environment", None) is not None


class _Contents:
    """Pickles for the keys, with every page and FAQ answer (Content) in them by
    the digest of its own state, worked out once.

    A Content's own state is pickled without pickle's memo ("fast"), so equal
    values give equal bytes however they are shared: a page whose steps were
    taken from the last build (plugins/kept_steps) holds copies where a page
    whose steps ran holds objects it shares with others, and neither may count
    as a change. Inside it, another Content is named, not pickled (its digest
    is in the build's part: every_digest), and so is what every page shares
    with the build (the bibliography's sources, NAMED). The context around the
    Contents keeps the memo (it is much faster): the after-all steps make it
    the same way in every build, and tests/test_drawn_pages.py edits one page,
    then another, to see that it stays so."""

    def __init__(self, pages: set[int], named: dict[int, tuple]):
        self.pages, self.named = pages, named
        self.digests: dict[int, tuple[tuple, bytes]] = {}  # id → (its name, its digest)
        self.waiting: dict[int, Content] = {}  # named inside a state, not digested yet

    def pickled(self, value, outer: bool = False) -> bytes:
        buffer = io.BytesIO()
        pickler = _Canonical(buffer, self, outer)
        pickler.fast = not outer  # no memo inside a Content's state (class docstring)
        pickler.dump(value)
        return buffer.getvalue()

    def digest(self, content: Content) -> bytes:
        known = self.digests.get(id(content))
        if known is None:
            own = OWN_PAGE_ONLY if id(content) in self.pages else ()
            state = _state(content, leaving_out=own)
            known = (_name(content), hashlib.sha256(self.pickled(state)).digest())
            self.digests[id(content)] = known
            self.waiting.pop(id(content), None)
        return known[1]

    def every_digest(self) -> bytes:
        """Every Content's digest, those only named inside others' states too."""
        while self.waiting:
            self.digest(next(iter(self.waiting.values())))
        return b"".join(
            sorted(repr(name).encode() + digest for name, digest in self.digests.values())
        )


class _Canonical(pickle.Pickler):
    def __init__(self, file, contents: _Contents, outer: bool):
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.contents, self.outer = contents, outer

    def reducer_override(self, obj):
        if isinstance(obj, Content):
            if self.outer:
                return (_content_named, (*_name(obj), self.contents.digest(obj)))
            if id(obj) not in self.contents.digests:
                self.contents.waiting[id(obj)] = obj
            return (_content_named, _name(obj))
        if not self.outer:
            name = self.contents.named.get(id(obj))
            if name is not None:
                return (_content_named, name)
        return _plain_reduction(obj)


def _state(content: Content, leaving_out=()) -> dict:
    """A Content's own state; its context and settings are the build's part."""
    return {
        name: value
        for name, value in sorted(content.__dict__.items())
        if name not in kept_steps.LEFT_OUT and name not in leaving_out
    }


def _name(content: Content) -> tuple:
    """What tells one Content from another (read from its state: Pelican's
    `save_as` and `url` are worked out anew on each access)."""
    state = content.__dict__
    return (type(content).__qualname__, state.get("source_path"), state.get("slug"))


def _plain_reduction(obj):
    """How the key pickles OBJ: a module as its name; a named tuple or a
    slotted dataclass (a page's sections and references) as its fields,
    which is what pickle would give, without its Python-level round trip for
    each; anything else (NotImplemented) as pickle would."""
    kind = type(obj)
    fields = _FIELDS.get(kind)
    if fields is None:
        fields = _FIELDS[kind] = _plain_fields(kind)
    if fields:
        return (_content_named, (kind.__qualname__, *[getattr(obj, f) for f in fields]))
    if isinstance(obj, types.ModuleType):
        return (_content_named, (f"module:{obj.__name__}",))
    return NotImplemented


_FIELDS: dict[type, tuple[str, ...]] = {}


def _plain_fields(kind: type) -> tuple[str, ...]:
    """The fields that are the whole state of a named tuple or of a dataclass
    with slots (and no __dict__ to hold more); () for any other type."""
    if "__dict__" in dir(kind):
        return ()
    if issubclass(kind, tuple) and hasattr(kind, "_fields"):
        return tuple(kind._fields)
    if dataclasses.is_dataclass(kind):
        return tuple(field.name for field in dataclasses.fields(kind))
    return ()


def _content_named(name: str):
    """Never called: keys are only compared, never unpickled."""
    raise NotImplementedError(name)
