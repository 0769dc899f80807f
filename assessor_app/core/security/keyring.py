"""The keyring beside a case database: one random data key, wrapped once per user under their password.

The file ``<database file>.keyring`` is owner-only JSON, always replaced whole (a temporary file in the
same folder, fsync, ``os.replace``), so a crash leaves the old or the new keyring, never half of one.
Each user's entry holds the data key wrapped with AES-256-GCM under a key-encryption key (KEK) derived
from their password by argon2id with a salt of their own; the additional data binds the wrapped key to
the username and this keyring's id, so an entry copied to another name or another keyring is refused.
Adding or removing a user re-encrypts nothing: only that user's entry changes.

Argon2id parameters are stored per entry, so they can be raised later without a flag day.
:data:`DEFAULT_PARAMS` (time cost 3, 128 MiB, one lane) take about 0.29 s per derivation on the
development machine (2 cores, 2024); :data:`FAST_PARAMS` (time cost 1, 1 MiB) are for demo databases
and tests only, whose passwords are public anyway.

Failed attempts are counted per entry in the file itself, so throttling and lock-out survive a restart:
after :data:`THROTTLE_AFTER` consecutive failures the next attempt waits :data:`FIRST_WAIT_SECONDS`,
doubling with each further failure; after :data:`LOCK_AFTER` the entry is locked until an administrator
sets a new password. A success resets the count. A name with no entry (never a user, or disabled) is
counted the same way, under a salted hash of the name in ``unknown`` (the most recent
:data:`UNKNOWN_KEPT`), after the same argon2 work: a guesser sees the same message, the same wait and the
same lock-out, so cannot tell the names that exist from those that do not, nor try names faster.

Every change is a read-modify-write under an inter-process lock on ``<keyring>.lock``
(:func:`assessor_app.core.file_lock.exclusive`), so the GUI and a command, or two commands, that both
count a failure or add a user never lose each other's write.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assessor_app.core.errors import AppError
from assessor_app.core.file_lock import LockTimeout, exclusive
from assessor_app.core.private_files import replace_private
from assessor_app.core.security.keys import DATA_KEY_BYTES, derive_key

# argon2 and cryptography are imported where a key is derived or unwrapped, not here: the sign-in
# dialog reads this module before anyone has typed a password, and they cost ~40 ms of the app's start.

FORMAT = 1
# A demo keyring's administrator and every demo user's password: public on purpose (a demo database holds
# made-up people only). Here, not in sign_in, so the sign-in dialog knows them without the database layer.
DEMO_ADMINISTRATOR = "demo"
DEMO_PASSWORD = "demo"
KEYRING_SUFFIX = ".keyring"
SALT_BYTES = 16
NONCE_BYTES = 12
THROTTLE_AFTER = 5
FIRST_WAIT_SECONDS = 30
LOCK_AFTER = 10
UNKNOWN_KEPT = 256  # names without an entry whose failures are counted (the oldest forgotten first)
LOCK_SUFFIX = ".lock"
LOCK_WAIT_SECONDS = 15.0  # longer than any holder needs: one argon2 derivation and one write


@dataclass(frozen=True)
class Argon2Params:
    """Argon2id cost: passes over memory, memory in KiB, lanes."""

    time_cost: int
    memory_kib: int
    parallelism: int


DEFAULT_PARAMS = Argon2Params(time_cost=3, memory_kib=128 * 1024, parallelism=1)
FAST_PARAMS = Argon2Params(time_cost=1, memory_kib=1024, parallelism=1)


class SignInError(AppError):
    """A sign-in refused: ``wrong_password`` (also for an unknown user), ``sign_in_throttled`` or
    ``account_locked``."""

    code = "wrong_password"


class KeyringError(AppError):
    """The keyring file is missing, damaged, or does not fit what was asked of it."""

    code = "keyring"


def keyring_path(database_path: Path) -> Path:
    """Where the keyring of the case database at ``database_path`` lives: beside it."""
    database_path = Path(database_path)
    return database_path.with_name(database_path.name + KEYRING_SUFFIX)


def exists(path: Path) -> bool:
    return Path(path).exists()


@contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold the keyring's inter-process lock (re-entrant in one thread) for a read-modify-write."""
    path = Path(path)
    try:
        with exclusive(path.with_name(path.name + LOCK_SUFFIX), wait=LOCK_WAIT_SECONDS):
            yield
    except LockTimeout:
        raise KeyringError(
            f"The keyring {path} is kept busy by another copy of the app; try again.",
            f"密鑰檔 {path} 正被另一個程式使用；請再試。",
            code="keyring_busy",
        ) from None


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def _kek(password: str, salt: bytes, params: Argon2Params) -> bytes:
    from argon2.low_level import Type, hash_secret_raw

    return hash_secret_raw(
        password.encode("utf-8"),
        salt,
        time_cost=params.time_cost,
        memory_cost=params.memory_kib,
        parallelism=params.parallelism,
        hash_len=32,
        type=Type.ID,
    )


def _aad(keyring_id: str, username: str) -> bytes:
    return f"rpl-assessor/keyring/v{FORMAT}\x00{keyring_id}\x00{username}".encode()


def _key_check(data_key: bytes, keyring_id: str) -> str:
    """A tag proving a data key is this keyring's, so a wrong key is never wrapped for a new user."""
    return _b64(hmac.new(derive_key(data_key, "keyring-check"), keyring_id.encode(), hashlib.sha256).digest())


def _entry(
    data_key: bytes, keyring_id: str, username: str, password: str, params: Argon2Params
) -> dict[str, Any]:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    salt = secrets.token_bytes(SALT_BYTES)
    nonce = secrets.token_bytes(NONCE_BYTES)
    wrapped = AESGCM(_kek(password, salt, params)).encrypt(nonce, data_key, _aad(keyring_id, username))
    return {
        "kdf": "argon2id",
        "time_cost": params.time_cost,
        "memory_kib": params.memory_kib,
        "parallelism": params.parallelism,
        "salt": _b64(salt),
        "nonce": _b64(nonce),
        "wrapped_key": _b64(wrapped),
        "failures": 0,
        "last_failure": None,
        "locked": False,
    }


def _damaged(path: Path, why: str) -> KeyringError:
    return KeyringError(
        f"The keyring {path} is damaged ({why}); restore it from a backup.",
        f"密鑰檔 {path} 已損壞（{why}）；請從備份還原。",
        code="keyring_damaged",
    )


def _read(path: Path) -> dict[str, Any]:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise KeyringError(
            f"There is no keyring at {path}: this database has not been set up for signing in.",
            f"{path} 沒有密鑰檔：此資料庫尚未設定登入。",
            code="no_keyring",
        ) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _damaged(path, f"not JSON: {exc.msg}") from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("users"), dict):
        raise _damaged(path, "unknown format")
    return data


def _write(path: Path, data: dict[str, Any]) -> None:
    """Replace the keyring whole: a private temporary file beside it, flushed to disk, then renamed."""
    replace_private(Path(path), json.dumps(data, indent=2, sort_keys=True).encode("utf-8"))


def _params(entry: dict[str, Any]) -> Argon2Params:
    return Argon2Params(int(entry["time_cost"]), int(entry["memory_kib"]), int(entry["parallelism"]))


def is_demo(path: Path) -> bool:
    """Whether the keyring is a demo database's (its passwords are public: ``demo``)."""
    return bool(_read(path).get("demo", False))


def usernames(path: Path) -> list[str]:
    return sorted(_read(path)["users"])


def create_keyring(
    path: Path, username: str, password: str, *, params: Argon2Params = DEFAULT_PARAMS, demo: bool = False
) -> bytes:
    """A new keyring at ``path`` with a fresh random data key wrapped for ``username``; returns the key.

    Refuses (``keyring_exists``) when a file is there: a second keyring would orphan the first key.
    """
    path = Path(path)
    with locked(path):
        return _create(path, username, password, params, demo)


def _create(path: Path, username: str, password: str, params: Argon2Params, demo: bool) -> bytes:
    if path.exists():
        raise KeyringError(
            f"A keyring already exists at {path}; it was left untouched.",
            f"{path} 已有密鑰檔，未作改動。",
            code="keyring_exists",
        )
    data_key = secrets.token_bytes(DATA_KEY_BYTES)
    keyring_id = secrets.token_hex(16)
    data = {
        "format": FORMAT,
        "keyring_id": keyring_id,
        "demo": demo,
        "key_check": _key_check(data_key, keyring_id),
        "users": {username: _entry(data_key, keyring_id, username, password, params)},
    }
    _write(path, data)
    return data_key


def _wrong_password() -> SignInError:
    return SignInError("Wrong user name or password.", "用戶名稱或密碼錯誤。", code="wrong_password")


def _locked(username: str) -> SignInError:
    return SignInError(
        f"The account {username} is locked after {LOCK_AFTER} wrong passwords; an administrator must "
        "set a new password (assessor-app users reset).",
        f"帳戶 {username} 因密碼錯誤 {LOCK_AFTER} 次已被鎖定；須由系統管理員重設密碼"
        "（assessor-app users reset）。",
        code="account_locked",
    )


def wait_seconds(failures: int) -> int:
    """How long after the last failure the next attempt must wait, after ``failures`` in a row."""
    if failures < THROTTLE_AFTER:
        return 0
    return int(FIRST_WAIT_SECONDS * 2 ** (failures - THROTTLE_AFTER))


def _unknown_tag(data: dict[str, Any], username: str) -> str:
    """How a name without an entry is counted: salted with this keyring's id, never the name itself."""
    return hashlib.sha256(f"{data['keyring_id']}\x00{username}".encode()).hexdigest()[:32]


def _forget_unknown(data: dict[str, Any], username: str) -> None:
    """A name that gets an entry starts afresh: failures typed before it existed are not held against it."""
    unknown = data.get("unknown")
    if isinstance(unknown, dict):
        unknown.pop(_unknown_tag(data, username), None)


def _count_failure(data: dict[str, Any], entry: dict[str, Any], moment: float) -> None:
    entry["failures"] = int(entry.get("failures", 0)) + 1
    entry["last_failure"] = moment
    entry["locked"] = entry["failures"] >= LOCK_AFTER
    unknown = data.get("unknown")
    if isinstance(unknown, dict) and len(unknown) > UNKNOWN_KEPT:
        oldest = sorted(unknown, key=lambda tag: float(unknown[tag].get("last_failure") or 0.0))
        for tag in oldest[: len(unknown) - UNKNOWN_KEPT]:
            del unknown[tag]


def _refuse_early(username: str, entry: dict[str, Any], moment: float) -> None:
    """The lock-out or the wait still running after ``entry``'s failures, if any."""
    if entry.get("locked"):
        raise _locked(username)
    wait = wait_seconds(int(entry.get("failures", 0)))
    if wait and entry.get("last_failure") is not None:
        # A clock set back counts from the attempt, never grants an early try.
        remaining = float(entry["last_failure"]) + wait - moment
        if remaining > 0:
            seconds = int(remaining) + (remaining % 1 > 0)
            raise SignInError(
                f"Too many wrong passwords for {username}: wait {seconds} seconds before trying again.",
                f"{username} 的密碼錯誤次數過多：請等候 {seconds} 秒後再試。",
                code="sign_in_throttled",
            )


def unlock(path: Path, username: str, password: str, *, now: float | None = None) -> bytes:
    """The data key, if ``password`` is ``username``'s; each failure is counted in the file, for a name
    without an entry too (module docstring).

    ``now`` (seconds since the epoch, default the clock) is the moment of the attempt.
    """
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    path = Path(path)
    moment = time.time() if now is None else now
    with locked(path):
        data = _read(path)
        entry = data["users"].get(username)
        if entry is None:
            unknown = data.setdefault("unknown", {})
            counted = unknown.setdefault(_unknown_tag(data, username), {"failures": 0, "last_failure": None})
            _refuse_early(username, counted, moment)
            # The same work, the same write and the same message as a wrong password.
            first = next(iter(data["users"].values()), None)
            _kek(password, secrets.token_bytes(SALT_BYTES), _params(first) if first else DEFAULT_PARAMS)
            _count_failure(data, counted, moment)
            _write(path, data)
            raise _locked(username) if counted["locked"] else _wrong_password()
        _refuse_early(username, entry, moment)
        try:
            kek = _kek(password, _unb64(entry["salt"]), _params(entry))
            data_key = AESGCM(kek).decrypt(
                _unb64(entry["nonce"]), _unb64(entry["wrapped_key"]), _aad(str(data["keyring_id"]), username)
            )
        except InvalidTag:
            _count_failure(data, entry, moment)
            _write(path, data)
            if entry["locked"]:
                raise _locked(username) from None
            raise _wrong_password() from None
        except (KeyError, ValueError, TypeError) as exc:
            raise _damaged(path, f"the entry of {username} is unreadable") from exc
        if entry.get("failures") or entry.get("last_failure") is not None:
            entry["failures"] = 0
            entry["last_failure"] = None
            _write(path, data)
        return data_key


def _checked(path: Path, data_key: bytes) -> dict[str, Any]:
    data = _read(path)
    if not hmac.compare_digest(str(data.get("key_check", "")), _key_check(data_key, str(data["keyring_id"]))):
        raise KeyringError(
            f"That data key does not belong to the keyring {path}.",
            f"該資料密鑰不屬於密鑰檔 {path}。",
            code="keyring_wrong_key",
        )
    return data


def _default_params(data: dict[str, Any]) -> Argon2Params:
    return FAST_PARAMS if data.get("demo") else DEFAULT_PARAMS


def add_user(
    path: Path, data_key: bytes, username: str, password: str, *, params: Argon2Params | None = None
) -> None:
    """Wrap the data key for a new user (``keyring_user_exists`` if they have an entry already).

    ``params`` default to :data:`DEFAULT_PARAMS`, or :data:`FAST_PARAMS` in a demo keyring.
    """
    with locked(path):
        data = _checked(path, data_key)
        if username in data["users"]:
            raise KeyringError(
                f"{username} can already sign in with a password.",
                f"{username} 已設有登入密碼。",
                code="keyring_user_exists",
            )
        data["users"][username] = _entry(
            data_key, str(data["keyring_id"]), username, password, params or _default_params(data)
        )
        _forget_unknown(data, username)
        _write(path, data)


def set_password(
    path: Path, data_key: bytes, username: str, password: str, *, params: Argon2Params | None = None
) -> None:
    """Give ``username`` a new password (an administrator's reset): clears the failures and the lock.
    A user without an entry (disabled earlier) gets one."""
    with locked(path):
        data = _checked(path, data_key)
        data["users"][username] = _entry(
            data_key, str(data["keyring_id"]), username, password, params or _default_params(data)
        )
        _forget_unknown(data, username)
        _write(path, data)


def remove_user(path: Path, username: str) -> None:
    """Remove ``username``'s entry: their password no longer unlocks anything. No entry: nothing to do."""
    with locked(path):
        data = _read(path)
        if data["users"].pop(username, None) is not None:
            _write(path, data)


def failures(path: Path, username: str) -> tuple[int, bool]:
    """``username``'s consecutive failures and whether they are locked out (for the administrator)."""
    entry = _read(path)["users"].get(username)
    if entry is None:
        return 0, False
    return int(entry.get("failures", 0)), bool(entry.get("locked", False))


def restore(path: Path, snapshot: bytes) -> None:
    """Put back the keyring as ``snapshot`` (its bytes read earlier), when the change it went with failed."""
    with locked(path):
        _write(path, json.loads(snapshot))
