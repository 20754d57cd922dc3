"""Stages 4 and 5: the IR becomes files in memory.

``package`` renders every file of a client package from the Jinja templates (``environment`` holds the filters),
``split`` cuts a big models module into one module per model, ``provenance`` writes ``.sdksmith.json``, and
``format`` runs black over the Python files.
"""
