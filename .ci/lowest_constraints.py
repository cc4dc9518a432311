"""Print a pip constraints file that pins every direct dependency (and the test extra) of
pyproject.toml to the lowest released version its floor allows, so CI proves the floors are real.

A floor names a series (``>=0.9``) whose first release may not exist (0.9.2 was the first 0.9): the
package index is asked which versions exist, and the lowest final release at or above the floor wins.

Run: python .ci/lowest_constraints.py > lowest.txt && pip install '.[test]' -c lowest.txt
"""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

FLOOR = re.compile(r"^\s*([A-Za-z0-9_.\-]+)(?:\[[^\]]*\])?\s*[^;]*?>=\s*([0-9][^,;\s]*)")
FINAL = re.compile(r"^\d+(\.\d+)*$")  # no pre-, post- or dev releases


def _key(version: str) -> tuple[int, ...]:
    parts = [int(p) for p in version.split(".")]
    while parts and parts[-1] == 0:  # 0.24 == 0.24.0
        parts.pop()
    return tuple(parts)


def lowest_release(name: str, floor: str) -> str:
    """The lowest final release of ``name`` at or above ``floor``, as the package index lists them."""
    listed = subprocess.run([sys.executable, "-m", "pip", "index", "versions", name],
                            capture_output=True, text=True, check=False)
    match = re.search(r"Available versions:\s*(.+)", listed.stdout)
    if not match:
        sys.exit(f"cannot list the versions of {name} ({listed.stderr.strip()[-300:]})")
    released = [v.strip() for v in match.group(1).split(",") if FINAL.match(v.strip())]
    allowed = [v for v in released if _key(v) >= _key(floor)]
    if not allowed:
        sys.exit(f"no release of {name} satisfies >={floor}")
    return min(allowed, key=_key)


def floors(pyproject: Path) -> list[tuple[str, str]]:
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    requirements = [*project.get("dependencies", []), *project.get("optional-dependencies", {}).get("test", [])]
    found = []
    for requirement in requirements:
        match = FLOOR.match(requirement)
        if not match:
            sys.exit(f"{requirement!r} has no '>=' floor; every dependency needs one")
        found.append((match.group(1), match.group(2)))
    return found


if __name__ == "__main__":
    for name, floor in floors(Path(__file__).parents[1] / "pyproject.toml"):
        print(f"{name}=={lowest_release(name, floor)}")
