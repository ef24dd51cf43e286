"""PySide6's check of every module imported after it, made without keeping the source.

PySide6 hooks ``import``: for each module imported after PySide6 itself, it checks whether
the module's source mentions PySide6 (only such a module may switch on
``from __feature__ import snake_case``), reading the source with ``inspect.getsource``.
That goes through ``linecache``, which keeps every line of every file it reads for good:
about 9 MiB of strings in the window's process, the source of all its modules. Clearing
the cache afterwards frees nothing (the lines sit between the modules' own objects in the
allocator's arenas); reading the sources without the cache does: measured 8 s after
opening the sample post, the process tree took 10-11 MiB less PSS.

``read_import_sources_uncached()`` puts in a check that gives PySide6 the same answer but
reads the source through the module's loader, which keeps nothing. PySide6's hook is
private: when it is not found (another PySide6 version), nothing changes and a debug
line says so.
"""

from __future__ import annotations

import logging
import sys
from types import ModuleType

logger = logging.getLogger(__name__)

FEATURE_MODULE = "shibokensupport.feature"  # where PySide6 keeps its import hook
CHECK_NAME = "_mod_uses_pyside"  # its check: does the module's source mention PySide6?


def uses_pyside(module: ModuleType) -> bool:
    """Whether the module's source mentions PySide6 (PySide6's own test), read through
    its loader without linecache; False for a module without source."""
    spec = getattr(module, "__spec__", None)
    loader = getattr(spec, "loader", None) or getattr(module, "__loader__", None)
    get_source = getattr(loader, "get_source", None)
    if get_source is None:
        return False
    name = getattr(spec, "name", None) or module.__name__
    try:
        source = get_source(name)
    except (ImportError, OSError, SyntaxError, TypeError, ValueError):
        return False
    return source is not None and "PySide6" in source


def read_import_sources_uncached() -> bool:
    """Make PySide6's import hook read module sources without linecache; True if done."""
    import PySide6.QtCore  # noqa: F401 - importing PySide6 installs the hook

    feature = sys.modules.get(FEATURE_MODULE)
    if feature is None or not callable(getattr(feature, CHECK_NAME, None)):
        logger.debug("PySide6's import hook not found (%s.%s)", FEATURE_MODULE, CHECK_NAME)
        return False
    setattr(feature, CHECK_NAME, uses_pyside)
    return True
