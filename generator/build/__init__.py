"""Stage 3: a validated spec plus its config become the frozen IR (``ir.Api``).

``api`` orchestrates: resources and their methods (``operations``, with ``bodies``, ``responses`` and the
``extensions`` for pagination and streams), the client (``client``: servers, ``security``), and the models
(``registry`` names every class, ``types`` maps schemas to type expressions, ``models`` asks
datamodel-code-generator for the classes). ``context`` holds what they share while one spec is built.
"""

from .api import build

__all__ = ["build"]
