"""The keyring on real files: wrapping per user, wrong passwords, throttling and lock-out across restarts."""

from __future__ import annotations

import base64
import json
import os
import stat
from pathlib import Path

import pytest

from assessor_app.core.security import keyring
from assessor_app.core.security.keyring import FAST_PARAMS, KeyringError, SignInError

T0 = 1_700_000_000.0


@pytest.fixture
def ring(tmp_path: Path) -> tuple[Path, bytes]:
    path = keyring.keyring_path(tmp_path / "cases.sqlite3")
    key = keyring.create_keyring(path, "admin", "correct horse", params=FAST_PARAMS)
    return path, key


def _code(path: Path, username: str, password: str, now: float) -> str:
    with pytest.raises(SignInError) as caught:
        keyring.unlock(path, username, password, now=now)
    return caught.value.code


def test_the_file_sits_beside_the_database_owner_only_and_without_the_key(ring: tuple[Path, bytes]) -> None:
    path, key = ring
    assert path.name == "cases.sqlite3.keyring"
    assert len(key) == 32
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    raw = path.read_bytes()
    assert key not in raw
    assert base64.b64encode(key) not in raw
    assert key.hex().encode() not in raw
    assert b"correct horse" not in raw
    # No temporary file left behind; the empty lock file stays (removing it would race another locker).
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name, path.name + ".lock"]
    assert path.with_name(path.name + ".lock").read_bytes() == b""
    assert keyring.unlock(path, "admin", "correct horse") == key
    with pytest.raises(KeyringError) as again:
        keyring.create_keyring(path, "other", "pw", params=FAST_PARAMS)
    assert again.value.code == "keyring_exists"
    assert keyring.unlock(path, "admin", "correct horse") == key  # the first keyring was left alone


def test_wrong_password_and_unknown_user_read_the_same(ring: tuple[Path, bytes]) -> None:
    path, _key = ring
    with pytest.raises(SignInError) as wrong:
        keyring.unlock(path, "admin", "Correct horse", now=T0)
    with pytest.raises(SignInError) as unknown:
        keyring.unlock(path, "nobody", "correct horse", now=T0)
    assert wrong.value.code == unknown.value.code == "wrong_password"
    assert (wrong.value.en, wrong.value.zh) == (unknown.value.en, unknown.value.zh)


def test_an_unknown_name_is_throttled_and_locked_like_a_real_one(ring: tuple[Path, bytes]) -> None:
    """A guesser trying names sees for each the wait, the messages and the lock-out a real name gets, and
    the file keeps only a salted hash of the names tried."""
    path, key = ring
    for name in ("admin", "ghost"):
        sequence = [_code(path, name, "guess", T0 + attempt) for attempt in range(keyring.THROTTLE_AFTER)]
        assert sequence == ["wrong_password"] * keyring.THROTTLE_AFTER
        with pytest.raises(SignInError) as throttled:
            keyring.unlock(path, name, "guess", now=T0 + keyring.THROTTLE_AFTER)
        assert throttled.value.code == "sign_in_throttled"
        assert throttled.value.en == (
            f"Too many wrong passwords for {name}: wait 29 seconds before trying again."
        )
        moment = T0 + 1000.0
        for _ in range(keyring.LOCK_AFTER - keyring.THROTTLE_AFTER - 1):
            assert _code(path, name, "guess", moment) == "wrong_password"
            moment += 100_000
        with pytest.raises(SignInError) as locked:
            keyring.unlock(path, name, "guess", now=moment)
        assert locked.value.code == "account_locked"
        assert locked.value.en.startswith(f"The account {name} is locked after 10 wrong passwords")
    assert b"ghost" not in path.read_bytes()
    # The name given an entry later starts afresh (failures typed before it existed are not held against it).
    keyring.add_user(path, key, "ghost", "a fine password", params=FAST_PARAMS)
    assert keyring.unlock(path, "ghost", "a fine password", now=T0 + 10**7) == key


def test_the_names_tried_are_kept_within_a_bound(ring: tuple[Path, bytes]) -> None:
    path, _key = ring
    for number in range(keyring.UNKNOWN_KEPT + 5):
        _code(path, f"guess{number}", "pw", T0 + number)
    assert len(json.loads(path.read_text())["unknown"]) == keyring.UNKNOWN_KEPT


def test_users_each_unlock_the_same_key_and_a_removed_one_no_longer_does(ring: tuple[Path, bytes]) -> None:
    path, key = ring
    keyring.add_user(path, key, "anna", "anna's secret")
    assert keyring.usernames(path) == ["admin", "anna"]
    assert keyring.unlock(path, "anna", "anna's secret") == key
    with pytest.raises(KeyringError) as duplicate:
        keyring.add_user(path, key, "anna", "another")
    assert duplicate.value.code == "keyring_user_exists"
    with pytest.raises(KeyringError) as wrong_key:
        keyring.add_user(path, bytes(32), "mallory", "pw")
    assert wrong_key.value.code == "keyring_wrong_key"
    keyring.remove_user(path, "anna")
    assert keyring.usernames(path) == ["admin"]
    assert _code(path, "anna", "anna's secret", T0) == "wrong_password"
    assert keyring.unlock(path, "admin", "correct horse") == key


def test_throttling_waits_thirty_seconds_then_doubles(ring: tuple[Path, bytes]) -> None:
    path, key = ring
    for attempt in range(5):
        assert _code(path, "admin", "guess", T0 + attempt) == "wrong_password"
    # Five failures: the next try waits 30 s from the last one, even with the right password.
    with pytest.raises(SignInError) as throttled:
        keyring.unlock(path, "admin", "correct horse", now=T0 + 4 + 10)
    assert throttled.value.code == "sign_in_throttled"
    assert "20 seconds" in throttled.value.en
    assert "20 秒" in throttled.value.zh
    assert _code(path, "admin", "guess", T0 + 4 + 30) == "wrong_password"  # sixth failure
    assert _code(path, "admin", "correct horse", T0 + 34 + 59) == "sign_in_throttled"  # now 60 s
    assert keyring.unlock(path, "admin", "correct horse", now=T0 + 34 + 60) == key
    assert keyring.failures(path, "admin") == (0, False)  # a success resets the count
    assert _code(path, "admin", "guess", T0 + 100) == "wrong_password"
    assert keyring.unlock(path, "admin", "correct horse", now=T0 + 100) == key


def test_lock_out_is_kept_in_the_file_and_a_reset_clears_it(ring: tuple[Path, bytes]) -> None:
    path, key = ring
    moment = T0
    codes = []
    for _ in range(10):
        codes.append(_code(path, "admin", "guess", moment))
        moment += 10_000  # past every wait
    assert codes == ["wrong_password"] * 9 + ["account_locked"]
    # A fresh read of the file (a restarted program) finds the lock; the right password does not open it.
    entry = json.loads(path.read_text(encoding="utf-8"))["users"]["admin"]
    assert (entry["failures"], entry["locked"]) == (10, True)
    assert _code(path, "admin", "correct horse", moment + 10**6) == "account_locked"
    keyring.set_password(path, key, "admin", "new password")
    assert keyring.failures(path, "admin") == (0, False)
    assert keyring.unlock(path, "admin", "new password") == key
    assert _code(path, "admin", "correct horse", moment) == "wrong_password"


def test_throttling_survives_a_restart(ring: tuple[Path, bytes]) -> None:
    path, _key = ring
    for attempt in range(5):
        _code(path, "admin", "guess", T0 + attempt)
    copy = path.with_name("copy.keyring")
    copy.write_bytes(path.read_bytes())  # what the next process reads
    assert _code(copy, "admin", "correct horse", T0 + 5) == "sign_in_throttled"


def _edit(path: Path, change: dict[str, object], *, user: str = "admin") -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    data["users"][user].update(change)
    path.write_text(json.dumps(data), encoding="utf-8")


def test_a_tampered_wrapped_key_is_refused(ring: tuple[Path, bytes]) -> None:
    path, _key = ring
    entry = json.loads(path.read_text(encoding="utf-8"))["users"]["admin"]
    wrapped = bytearray(base64.b64decode(entry["wrapped_key"]))
    wrapped[3] ^= 0x01
    _edit(path, {"wrapped_key": base64.b64encode(bytes(wrapped)).decode()})
    assert _code(path, "admin", "correct horse", T0) == "wrong_password"


def test_an_entry_moved_to_another_name_or_keyring_is_refused(
    tmp_path: Path, ring: tuple[Path, bytes]
) -> None:
    path, key = ring
    keyring.add_user(path, key, "anna", "anna's secret")
    data = json.loads(path.read_text(encoding="utf-8"))
    # The AAD binds the username: admin's entry under anna's name does not open with admin's password.
    data["users"]["anna"] = dict(data["users"]["admin"])
    path.write_text(json.dumps(data), encoding="utf-8")
    assert _code(path, "anna", "correct horse", T0) == "wrong_password"
    # ... and the keyring id: the same entry in a keyring with another id is refused too.
    data["keyring_id"] = "0" * 32
    path.write_text(json.dumps(data), encoding="utf-8")
    assert _code(path, "admin", "correct horse", T0) == "wrong_password"


def test_a_damaged_or_missing_file_is_named(tmp_path: Path) -> None:
    missing = tmp_path / "none.keyring"
    with pytest.raises(KeyringError) as absent:
        keyring.unlock(missing, "admin", "pw")
    assert absent.value.code == "no_keyring"
    damaged = tmp_path / "bad.keyring"
    damaged.write_text("{not json", encoding="utf-8")
    with pytest.raises(KeyringError) as broken:
        keyring.usernames(damaged)
    assert broken.value.code == "keyring_damaged"


def test_parameters_are_stored_per_entry(ring: tuple[Path, bytes]) -> None:
    path, key = ring
    stronger = keyring.Argon2Params(time_cost=2, memory_kib=2048, parallelism=1)
    keyring.add_user(path, key, "anna", "pw", params=stronger)
    users = json.loads(path.read_text(encoding="utf-8"))["users"]
    assert (users["anna"]["time_cost"], users["anna"]["memory_kib"]) == (2, 2048)
    assert (users["admin"]["time_cost"], users["admin"]["memory_kib"]) == (1, 1024)
    assert users["anna"]["salt"] != users["admin"]["salt"]
    assert keyring.unlock(path, "anna", "pw") == key
