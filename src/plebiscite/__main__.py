"""``python -m plebiscite``: the ``plebiscite`` command."""

from plebiscite.cli import main

main()
