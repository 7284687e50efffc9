"""neuroleg: an offline, sourced reference on neuropathic leg pain.

A library first: `open_store` loads (or reuses the compiled cache of) a
knowledge base; `parse_knowledge_base` validates a file's bytes. Names are
imported lazily so that `import neuroleg` costs next to nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from neuroleg.db.cache import open_store
    from neuroleg.db.store import Store
    from neuroleg.kb.validate import parse_knowledge_base

__all__ = ["Store", "__version__", "open_store", "parse_knowledge_base"]

_LAZY = {
    "open_store": "neuroleg.db.cache",
    "Store": "neuroleg.db.store",
    "parse_knowledge_base": "neuroleg.kb.validate",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'neuroleg' has no attribute {name!r}")
