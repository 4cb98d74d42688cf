"""Chat users: a TOML file of names, roles and scrypt password hashes.

Only hashes are stored (``scrypt$n$r$p$salt$hash``, hex); a password never touches the disk.
``kb users add NAME --role admin`` writes an entry (password from a prompt or stdin), or set
``KB_ADMIN_USER`` + ``KB_ADMIN_PASSWORD_HASH`` in the environment for one admin without a
file (``kb users hash`` prints a hash).

Example ``data/users.toml``::

    [users.lan]
    role = "admin"
    password_hash = "scrypt$16384$8$1$…$…"

Usage::

    store = UserStore.load(Path("data/users.toml"))
    user = store.verify("lan", "mật khẩu")  # -> ChatUser(name="lan", role="admin") or None
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
import tomllib
import unicodedata
from dataclasses import dataclass
from pathlib import Path

ROLES = ("admin", "reader")
NAME_RE = re.compile(r"^[\w.@-]{1,64}$")
_SCRYPT = {"n": 2**14, "r": 8, "p": 1}
# Verifying an unknown user still costs one hash, so that timing does not reveal names.
_DUMMY_HASH = ""


class UserStoreError(ValueError):
    """The users file or an entry is unusable; the message says which."""


@dataclass(frozen=True)
class ChatUser:
    name: str
    role: str

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


def hash_password(password: str, *, salt: bytes | None = None) -> str:
    if not password:
        raise UserStoreError("password must not be empty")
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(
        unicodedata.normalize("NFC", password).encode("utf-8"), salt=salt, dklen=32, **_SCRYPT
    )
    return f"scrypt${_SCRYPT['n']}${_SCRYPT['r']}${_SCRYPT['p']}${salt.hex()}${digest.hex()}"


def check_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        actual = hashlib.scrypt(
            unicodedata.normalize("NFC", password).encode("utf-8"),
            salt=bytes.fromhex(salt),
            n=int(n),
            r=int(r),
            p=int(p),
            dklen=len(bytes.fromhex(digest)),
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, bytes.fromhex(digest))


def _dummy_hash() -> str:
    global _DUMMY_HASH
    if not _DUMMY_HASH:
        _DUMMY_HASH = hash_password(secrets.token_hex(8))
    return _DUMMY_HASH


@dataclass
class UserStore:
    path: Path | None
    entries: dict[str, dict[str, str]]

    @classmethod
    def load(cls, path: Path | None, *, environ: dict[str, str] | None = None) -> UserStore:
        """Users from ``path`` (missing file = none) plus the admin of the environment."""
        environ = os.environ if environ is None else environ
        entries: dict[str, dict[str, str]] = {}
        if path is not None and path.is_file():
            try:
                data = tomllib.loads(path.read_text(encoding="utf-8"))
            except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
                raise UserStoreError(f"{path}: not a valid TOML users file ({exc})") from exc
            for name, entry in (data.get("users") or {}).items():
                if not isinstance(entry, dict) or not isinstance(entry.get("password_hash"), str):
                    raise UserStoreError(f"{path}: user {name!r} needs a password_hash")
                role = entry.get("role", "reader")
                if role not in ROLES:
                    raise UserStoreError(f"{path}: user {name!r} has unknown role {role!r}")
                entries[unicodedata.normalize("NFC", name)] = {
                    "role": role,
                    "password_hash": entry["password_hash"],
                }
        admin, admin_hash = environ.get("KB_ADMIN_USER", ""), environ.get("KB_ADMIN_PASSWORD_HASH", "")
        if admin and admin_hash:
            entries[unicodedata.normalize("NFC", admin)] = {"role": "admin", "password_hash": admin_hash}
        return cls(path, entries)

    def __bool__(self) -> bool:
        return bool(self.entries)

    def verify(self, name: str, password: str) -> ChatUser | None:
        name = unicodedata.normalize("NFC", name.strip())
        entry = self.entries.get(name)
        if entry is None:
            check_password(password, _dummy_hash())
            return None
        if not check_password(password, entry["password_hash"]):
            return None
        return ChatUser(name, entry["role"])

    def add(self, name: str, password: str, role: str = "reader") -> None:
        """Add or replace a user and rewrite the file atomically."""
        name = unicodedata.normalize("NFC", name.strip())
        if not NAME_RE.match(name):
            raise UserStoreError(f"user name {name!r}: use 1-64 letters, digits, '.', '_', '-', '@'")
        if role not in ROLES:
            raise UserStoreError(f"role must be one of {', '.join(ROLES)}, got {role!r}")
        if self.path is None:
            raise UserStoreError("no users file configured (KB_USERS_FILE)")
        self.entries[name] = {"role": role, "password_hash": hash_password(password)}
        lines = ["# Chat users of the knowledge base: scrypt hashes only (kb users add).", ""]
        for user, entry in sorted(self.entries.items()):
            lines += [
                f'[users."{user}"]',
                f'role = "{entry["role"]}"',
                f'password_hash = "{entry["password_hash"]}"',
                "",
            ]
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(self.path.name + ".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write("\n".join(lines))
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, self.path)
