"""The guide's build steps for Pelican, one package per job.

Pelican loads one of them, `plugins.guide`: the pipeline, which states the
order in which every other step runs. The others have no `register()` of
their own, so nothing runs that the pipeline does not name.
"""
