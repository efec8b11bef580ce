"""Desk users' passwords hashed at a test's cost in the suite's own processes.

Why: comply hashes passwords with Argon2id at argon2-cffi's defaults (RFC 9106's second choice: 3 passes over
64 MiB in 4 lanes), about 0.2 s of CPU for each hash and each check, on purpose. The suite adds desk users and signs
them in some thousands of times, and that cost was a good part of tests/web's CPU (issue 19). What the tests check
of passwords (a hash is Argon2id, only the hash is stored, a wrong password is refused, a lock is kept) does not
depend on the cost, and an Argon2 hash carries its own parameters, so any process checks it whoever made it (a
real `comply serve` signs in a user a test added). So the suite's processes hash with the cheapest Argon2id
parameters; real `comply` processes keep the defaults. tests/store/test_users.py pins the defaults, and a test
marked `real_password_hashing` (one whose point is the cost: a locked attempt must not pay a hash) runs with them.
"""

from __future__ import annotations

from argon2 import PasswordHasher

from engine.store import users

#: what comply hashes with (argon2-cffi's defaults)
PRODUCTION = users._hasher
#: Argon2id at the lowest cost argon2-cffi accepts: one pass over 8 KiB in one lane
TEST = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


def use(hasher: PasswordHasher) -> None:
    """Hash and check desk passwords with `hasher` in this process from now on (the hash of no one's password,
    made once for the unknown names, made again with it)."""
    users._hasher = hasher
    users._dummy_hash.cache_clear()
