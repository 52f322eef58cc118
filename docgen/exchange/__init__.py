"""Exchange: meet councils' other tools (OCDS, workbooks, Transparency Code CSV, packs, conversion, skeletons)."""
