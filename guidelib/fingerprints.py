"""What a build's work depends on, as digests, and the records that keep that
work between builds (plugins/drawn_pages, plugins/kept_steps) or runs (the
hyphenation patterns guidelib/reading.py parses).

A record is a pickled dict in Pelican's cache folder (CACHE_PATH, the
project's cache/ unless set otherwise). One that cannot be read (missing,
cut short, from other code) counts as empty: the work is done again, never
taken from it.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
CODE = ("plugins", "guidelib")  # folders of the project's Python that builds pages


def code_digest(settings: dict) -> bytes:
    """The code, theme, settings files and packages that build the pages."""
    digest = hashlib.sha256(sys.version.encode())
    folders = [PROJECT / name for name in CODE] + [Path(settings.get("THEME", ""))]
    files = sorted(PROJECT.glob("*.py"))
    for folder in folders:
        files += sorted(path for path in folder.rglob("*") if path.is_file())
    for path in files:
        if "__pycache__" in path.parts:
            continue
        digest.update(str(path).encode() + b"\0" + path.read_bytes())
    digest.update("\0".join(installed_packages()).encode())
    return digest.digest()


def installed_packages() -> list[str]:
    """Every installed package with its version, as the names of their
    `*.dist-info` folders say (reading each one's metadata costs ten times more)."""
    return sorted(
        path.name for entry in sys.path if entry for path in Path(entry).glob("*.dist-info")
    )


def record_path(settings: dict, name: str) -> str:
    return os.path.join(settings.get("CACHE_PATH", "cache"), name)


def load_record(path: str) -> dict:
    try:
        with open(path, "rb") as file:
            record = pickle.load(file)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError):
        return {}
    return record if isinstance(record, dict) else {}


def save_record(path: str, record: dict) -> None:
    """Write RECORD whole or not at all (a build stopped half-way leaves the last one)."""
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    scratch = f"{path}.{os.getpid()}"
    with open(scratch, "wb") as file:
        pickle.dump(record, file, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(scratch, path)
