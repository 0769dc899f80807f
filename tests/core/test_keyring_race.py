"""Two real processes writing one keyring at once (failures counted, users added): no write is lost."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from assessor_app.core.security import keyring
from assessor_app.core.security.keyring import FAST_PARAMS

ROUNDS = 8  # below the lock-out, so every failure is counted and none refused early
T0 = 1_700_000_000.0

# Each worker waits for the start file, then counts ROUNDS failures for its own user and adds ROUNDS users
# of its own, interleaved: every step is a read-modify-write of the same file.
WORKER = """
import sys, time
from pathlib import Path
from assessor_app.core.security import keyring
from assessor_app.core.security.keyring import FAST_PARAMS, SignInError
ring, key, me, start = Path(sys.argv[1]), bytes.fromhex(sys.argv[2]), sys.argv[3], Path(sys.argv[4])
while not start.exists():
    time.sleep(0.001)
for round in range({rounds}):
    try:
        # hours apart, so the throttle never refuses one early
        keyring.unlock(ring, me, "wrong", now={t0} + round * 7200)
    except SignInError:
        pass
    keyring.add_user(ring, key, f"{{me}}{{round}}", "pw", params=FAST_PARAMS)
"""


def test_two_processes_lose_none_of_each_others_writes(tmp_path: Path) -> None:
    ring = keyring.keyring_path(tmp_path / "cases.sqlite3")
    key = keyring.create_keyring(ring, "admin", "pw", params=FAST_PARAMS)
    for name in ("alice", "bob"):
        keyring.add_user(ring, key, name, "right", params=FAST_PARAMS)
    start = tmp_path / "start"
    script = WORKER.format(rounds=ROUNDS, t0=T0)
    workers = [
        subprocess.Popen([sys.executable, "-c", script, str(ring), key.hex(), name, str(start)])
        for name in ("alice", "bob")
    ]
    time.sleep(0.5)  # both imported and polling
    start.touch()
    for worker in workers:
        assert worker.wait(timeout=120) == 0
    names = keyring.usernames(ring)
    expected = {f"{name}{n}" for name in ("alice", "bob") for n in range(ROUNDS)}
    assert expected <= set(names), sorted(expected - set(names))
    assert keyring.failures(ring, "alice") == (ROUNDS, False)
    assert keyring.failures(ring, "bob") == (ROUNDS, False)
    assert keyring.unlock(ring, "alice0", "pw") == key
