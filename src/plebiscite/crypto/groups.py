"""The registry of election groups by name: ``secp256k1`` (default) and ``modp4096``."""

from __future__ import annotations

from plebiscite.crypto.group import Group
from plebiscite.errors import ParameterError

__all__ = ["DEFAULT_GROUP", "GROUP_NAMES", "get_group"]

DEFAULT_GROUP = "secp256k1"
GROUP_NAMES = ("secp256k1", "modp4096")


def get_group(name: str) -> Group:
    """The group called ``name``; each is built once, with its backend fixed."""
    if name == "secp256k1":
        from plebiscite.crypto.secp256k1 import SECP256K1

        return SECP256K1
    if name == "modp4096":
        from plebiscite.crypto.modp import MODP4096

        return MODP4096
    raise ParameterError(f"unknown group {name!r}; known groups: {', '.join(GROUP_NAMES)}")
