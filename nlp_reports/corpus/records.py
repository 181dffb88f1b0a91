"""The record of an input that could not be read, and which reasons are transient (never cached)."""

from __future__ import annotations

from dataclasses import dataclass

TRANSIENT_REASONS = frozenset({"timeout", "memory", "worker_died", "internal_error"})


@dataclass
class ErrorRecord:
    """One input that could not be read: where, a machine-readable reason, and what to do."""

    source: str
    reason: str
    message: str
    sha256: str = ""
    seconds: float = 0.0
