"""The fake-credentials tally on a board (docs/spec.md §16.5, docs/record.md §6)."""
