"""The last step of `make publish`, run only after the site checks pass: minify, then precompress.

`make publish` builds the site into a scratch folder (Pelican with
publishconf.py, then the Pagefind search index), runs every site check on
it (`python -m sitecheck`), and only then runs this step on it (after
removing the build's record of where pages came from, which only the
checks read: guidelib/page_sources.py):

1. minify.py: HTML minified with minify-html and CSS with rcssmin, each
   page compared with the page that was checked (a page that reads
   differently stops the build);
2. precompress.py: `.gz` and `.br` beside every text file, made from the
   minified files.

The Makefile swaps the folder in for output/ only if this step succeeds.

Why not pelican-precompress (and no minify plugin inside Pelican): that
plugin compresses at the end of Pelican's own run (at `finalized`, through
pelican-granular-signals' `compress` signal). At that moment the search
index does not exist yet (Pagefind indexes the built pages after Pelican
exits, so its scripts, styles and JSON would go out uncompressed), and the
site checks have not run: compressing, or minifying, inside Pelican would
mean checking minified pages, or compressing before the checks. Its worker
pool also ignores a worker's error, so a failed compression would pass
unnoticed. So this step calls the libraries directly, after the checks,
with that plugin's settings (see precompress.py): minify-html and rcssmin
for minifying, Python's gzip and Google's brotli for compressing.

Reproducible: nothing here reads the clock or depends on the order files
are listed in, gzip headers carry no name and a zero time, and brotli,
minify-html and rcssmin give the same bytes for the same input. (No tool in the build
writes the build time, so SOURCE_DATE_EPOCH has nothing to set; the only
clock reading is the review-date check, which decides whether to publish,
not what.)
"""
