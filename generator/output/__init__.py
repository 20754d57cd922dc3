"""Stage 6 and what output folders remember: ``write`` (the one writer, manifest-aware, all or nothing),
``records`` (the spec copy, version and changelog an output folder keeps), ``freshness`` (skipping a regeneration
whose inputs did not change)."""
