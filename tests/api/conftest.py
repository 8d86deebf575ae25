"""API fuzzing: a real DutyRoom server on 127.0.0.1, driven by schemathesis.

Like the browser tests (tests/e2e/conftest.py), the server is the built binary ($DUTYROOM_BIN,
set by scripts/test) running `serve` on a fresh SQLite file; on an empty database it migrates
and loads the demo data by itself. Its clock is pinned with DUTYROOM_FIXED_NOW, which also keeps
the sessions of the fuzzing accounts from expiring (the 30-minute idle timeout never elapses).

Every request goes to 127.0.0.1 only.
"""

import os
import pathlib
import tempfile

import hypothesis.configuration
import pytest
from server_support import running_server

# Hypothesis keeps its files (a .hypothesis folder) in the current directory, i.e. the repository;
# they go to a scratch folder instead (scripts/test points TMPDIR at one it removes afterwards).
hypothesis.configuration.set_hypothesis_home_dir(
    pathlib.Path(tempfile.gettempdir()) / "dutyroom-api-hypothesis"
)


@pytest.fixture(scope="session")
def api_server(tmp_path_factory):
    """`dutyroom serve` on a free port; DUTYROOM_API_DATABASE_URL runs the fuzzing on another
    (empty) database, e.g. PostgreSQL."""
    with running_server(tmp_path_factory.mktemp("api"), os.environ.get("DUTYROOM_API_DATABASE_URL")) as s:
        yield s
