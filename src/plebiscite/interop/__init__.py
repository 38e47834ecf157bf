"""Reading and checking the records of other voting systems (ElectionGuard 1.x)."""
