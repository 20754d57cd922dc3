"""What changed for client users between two versions of an API description (``sdksmith diff``, version bumps).

``surface`` turns a built IR into what users program against, ``types`` compares annotations, the rule families
(``operations``, ``models``, and the client, auth and docs rules in ``compare``) add ``Change``s whose level comes
from the one table in ``report``; ``sources`` builds both versions from files or git.
"""
