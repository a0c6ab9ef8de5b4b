"""Precompress text files: `name.gz` and `name.br` beside each, for the server to send as they are.

Our own dozen lines rather than pelican-precompress (see publish/__init__.py
for why), with the same settings as that plugin: gzip at level 9 and brotli
at quality 11 in text mode, and a compressed copy written only when it is
smaller than the file. The gzip header holds no file name and a zero
modification time, so two builds of the same files give the same bytes.
Pagefind's index files (`.pf_*`, `.pagefind`) are compressed already and are
left alone.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import brotli

TEXT_SUFFIXES = {
    ".atom", ".css", ".html", ".js", ".json", ".map", ".mjs", ".rss", ".svg",
    ".txt", ".webmanifest", ".xml", ".xsl",
}  # fmt: skip


def compressed_copies(data: bytes) -> dict[str, bytes]:
    """The file's .gz and .br bytes, where they are smaller than the file."""
    copies = {
        ".gz": gzip.compress(data, compresslevel=9, mtime=0),
        ".br": brotli.compress(data, mode=brotli.MODE_TEXT, quality=11),
    }
    return {suffix: blob for suffix, blob in copies.items() if len(blob) < len(data)}


def precompress_site(folder: Path) -> dict[str, int]:
    """Write the compressed copies of every text file; return the bytes of each kind."""
    sizes = {"files": 0, ".gz": 0, ".br": 0}
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or path.suffix not in TEXT_SUFFIXES:
            continue
        data = path.read_bytes()
        sizes["files"] += len(data)
        for suffix, blob in compressed_copies(data).items():
            path.with_name(path.name + suffix).write_bytes(blob)
            sizes[suffix] += len(blob)
    return sizes
