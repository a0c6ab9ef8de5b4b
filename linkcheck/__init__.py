"""`make linkcheck`: the built site's external links, checked live with lychee.

Run as `python -m linkcheck OUTPUTDIR`; see `__main__.py` for why this
wrapper exists and `lychee.toml` for how links are checked.
"""
