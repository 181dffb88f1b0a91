"""A stable fingerprint of in-memory models: the key of the per-report statements cache.

``pickle.dumps`` of a fitted model is not the same bytes in two processes: sets and frozensets
(stop-word lists) are written in hash order, which changes with ``PYTHONHASHSEED``, and scikit-learn's
text vectorisers keep ``_stop_words_id`` (the memory address of their stop-word list).  A key made from
those bytes never matched across runs, so cached statements were recomputed every run.  The pickler
here writes sets sorted and leaves out such run-time-only attributes; everything that decides a
prediction is still hashed.
"""

from __future__ import annotations

import hashlib
import io
import pickle
import types
from typing import Any

#: attributes that hold a process's run-time state, not anything a prediction depends on
VOLATILE_STATE = frozenset({"_stop_words_id"})
_BY_REFERENCE = (type, types.FunctionType, types.BuiltinFunctionType, types.ModuleType, types.MethodType)


class _StablePickler(pickle._Pickler):  # the pure-Python pickler: its per-type dispatch can be extended
    dispatch = dict(pickle._Pickler.dispatch)

    def _save_set(self, obj: Any) -> None:
        try:
            items = sorted(obj)
        except TypeError:  # mixed types
            items = sorted(obj, key=repr)
        self.save_reduce(type(obj), (items,), obj=obj)  # type: ignore[attr-defined]

    dispatch[set] = _save_set  # type: ignore[assignment]
    dispatch[frozenset] = _save_set  # type: ignore[assignment]

    def reducer_override(self, obj: Any) -> Any:
        if isinstance(obj, _BY_REFERENCE) or not hasattr(obj, "__dict__"):
            return NotImplemented
        try:
            rv = obj.__reduce_ex__(4)
        except Exception:
            return NotImplemented
        if isinstance(rv, tuple) and len(rv) >= 3 and isinstance(rv[2], dict) and VOLATILE_STATE & rv[2].keys():
            state = {k: v for k, v in rv[2].items() if k not in VOLATILE_STATE}
            return (rv[0], rv[1], state, *rv[3:])
        return NotImplemented


def models_fingerprint(version: str, *models: Any) -> str:
    """16 hex digits naming ``version`` + ``models``, the same in every process for equal models."""
    h = hashlib.sha256(version.encode())
    for m in models:  # hashing our own in-memory models (nothing is unpickled)
        buf = io.BytesIO()
        _StablePickler(buf, protocol=4).dump(m)
        h.update(buf.getvalue())
    return h.hexdigest()[:16]
