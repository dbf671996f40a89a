"""The C library's vocabulary (include/unalloc/vocab.h) read from Python:
the enums of the package are checked against it (tests/test_surface.py) and
lists such as ``unalloc.io.ROLES`` are taken from it, so the words have one
source."""
from typing import Callable, List, Optional


def names(name: Callable[[int], Optional[str]], first: int = 0) -> List[str]:
    """Every name of one enum: ``name(first)``, ``name(first + 1)``, ... until
    the C name function returns None (past the end)."""
    out = []
    while (n := name(first + len(out))) is not None:
        out.append(n)
    return out
