"""`make bench`: build and check costs on synthetic sites (see run.py)."""
