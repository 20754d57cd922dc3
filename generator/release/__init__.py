"""Releasing generated clients: versions and changelogs (``version``, ``changelog``, ``plan``), distributions
(``build``, with README ``links`` made to work on an index) and uploads (``upload``)."""
