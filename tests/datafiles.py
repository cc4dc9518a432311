"""Loading a Python file of tests/data (numpy oracles, labelled corpora) as a module, once per session.

Those files are data beside the YAML they check, not a package, so they are loaded by path; the module is
registered before it runs because dataclasses look their module up while the classes are built.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType


def load_module(name: str, path: Path) -> ModuleType:
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]
