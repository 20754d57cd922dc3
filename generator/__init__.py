"""sdksmith: typed sync + async Python clients from OpenAPI 3.0/3.1 descriptions.

The packages are the stages, and imports only flow down this list (``tests/test_architecture.py`` holds that):

* ``cli``       the ``sdksmith`` command; ``cli.console`` is the only module that prints
* ``pipeline``  ``produce()``: spec -> build -> render -> format, one client's files in memory
* ``release``   versions, changelogs, distributions and uploads
* ``changes``   what changed for users between two versions of a spec (``sdksmith diff``)
* ``output``    writing output folders (manifest-aware, all or nothing), their records, the freshness cache
* ``render``    IR -> files (Jinja templates, the models split, provenance, black)
* ``build``     validated spec + config -> the frozen IR (``ir``)
* ``spec``      files -> a validated document (read, bundle, locate, validate)
* ``config ir names text errors``  shared leaves
* ``runtime``   the client runtime, copied verbatim into every generated package; imports nothing of ours
"""

__version__ = "0.1.0"
