"""``python -m plebiscite``: the same command line as the ``plebiscite`` console script."""

from __future__ import annotations

from plebiscite.cli import main

if __name__ == "__main__":
    main(prog_name="python -m plebiscite")
