"""Stages 1 and 2: the spec document.

``read`` turns one file into plain data (safe YAML/JSON, bounded, keys as written, duplicates refused), ``bundle``
pulls in the files its ``$ref``s name, ``load`` does both. ``validate`` checks the result is an OpenAPI 3.0/3.1
description we can generate from and yields a ``Spec`` whose ``data`` later stages read: ``normalize`` reads real
specs' mistakes as their obvious intent (in a copy-on-write ``draft``), ``structure`` asks openapi-pydantic and words
its answer in OpenAPI terms, ``checks`` looks at operations and wire names. ``grammar`` knows what kind of object
stands at each position, ``document`` holds the pointer and reference helpers every later stage reads the document
with (the JSON Pointer spelling itself is the shared leaf ``generator/pointer.py``), ``locate`` the file/line/column
of a pointer for messages.
"""
