"""The checking processes' garbage collector (``rules.collector.tune_collector``)."""

from __future__ import annotations

import subprocess
import sys


def test_a_tuned_process_freezes_its_start_up_and_collects_the_young_generation_less_often() -> (
    None
):
    # in a process of its own: the collector's settings are the whole process's
    code = (
        "import gc\n"
        "from plebiscite.rules.collector import YOUNG_THRESHOLD, tune_collector\n"
        "before = gc.get_threshold()\n"
        "tune_collector()\n"
        "assert before[0] < YOUNG_THRESHOLD, before\n"
        "assert gc.get_threshold() == (YOUNG_THRESHOLD, 20, 100), gc.get_threshold()\n"
        "assert gc.get_freeze_count() > 1000, gc.get_freeze_count()\n"
        "class Node:\n"
        "    pass\n"
        "def cycle():\n"
        "    a, b = Node(), Node()\n"
        "    a.other, b.other = b, a\n"
        "for _ in range(3 * YOUNG_THRESHOLD):\n"
        "    cycle()\n"
        "assert gc.get_count()[0] < YOUNG_THRESHOLD, gc.get_count()\n"  # cycles still collected
        "print('ok')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"
