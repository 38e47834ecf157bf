"""``python -m plebiscite``: the same command line as the ``plebiscite`` console script."""

from __future__ import annotations

from plebiscite.cli import app

if __name__ == "__main__":
    app(prog_name="python -m plebiscite")
