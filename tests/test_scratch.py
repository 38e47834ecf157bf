"""The private scratch database (model/scratch.py)."""

from __future__ import annotations

import os
import threading

from plebiscite.model.scratch import close_scratch, open_scratch


class _Owner:
    pass


def test_a_scratch_database_opened_in_one_thread_is_used_in_another(tmp_path: object) -> None:
    owner = _Owner()
    tmp, db = open_scratch(owner, prefix="t-", name="s.sqlite", directory=str(tmp_path))
    db.execute("CREATE TABLE t (x INTEGER)")
    errors: list[BaseException] = []

    def use() -> None:
        try:
            db.execute("INSERT INTO t VALUES (7)")
        except BaseException as exc:
            errors.append(exc)

    worker = threading.Thread(target=use)
    worker.start()
    worker.join()
    assert errors == []
    assert db.execute("SELECT x FROM t").fetchall() == [(7,)]
    close_scratch(db, tmp)
    assert not os.path.exists(tmp)


def test_the_directory_goes_with_its_owner(tmp_path: object) -> None:
    owner = _Owner()
    tmp, db = open_scratch(owner, prefix="t-", name="s.sqlite", directory=str(tmp_path))
    db.close()
    del owner
    assert not os.path.exists(tmp)
