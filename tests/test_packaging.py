"""Packaging: from a clean clone, the built wheel and the built sdist each install and run
``ch3quiz validate`` on the bank they carry. Nothing here is skipped: a build that cannot run fails."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ch3quiz.bank import load_bank

ROOT = Path(__file__).parents[1]
BUILD_BACKEND = "hatchling>=1.21"  # as [build-system] requires in pyproject.toml


def _run(*args: str | Path, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True, timeout=600,
                          env={**os.environ, **(env or {})})
    assert done.returncode == 0, f"{' '.join(map(str, args))}\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}"
    return done


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A clean clone of the committed tree (or the tree itself outside git), its sdist and wheel, and the backend."""
    work = tmp_path_factory.mktemp("packaging")
    source = work / "clone"
    if (ROOT / ".git").exists():
        _run("git", "clone", "--quiet", "--no-hardlinks", ROOT, source, cwd=work)
    else:  # an unpacked sdist runs its own tests: build from it as it is
        shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns("__pycache__", ".pytest_cache"))
    backend = work / "backend"
    _run(sys.executable, "-m", "pip", "install", "--quiet", "--target", backend, BUILD_BACKEND, cwd=work)
    dist = work / "dist"
    _run(sys.executable, "-m", "hatchling", "build", "-d", dist, cwd=source, env={"PYTHONPATH": str(backend)})
    (wheel,), (sdist,) = dist.glob("ch3quiz-*.whl"), dist.glob("ch3quiz-*.tar.gz")
    return {"work": work, "clone": source, "wheel": wheel, "sdist": sdist, "backend": backend}


@pytest.mark.parametrize("artifact", ["wheel", "sdist", "clone"])
def test_each_installs_and_validates_its_bundled_bank(built: dict[str, Path], artifact: str) -> None:
    target = built["work"] / f"installed-{artifact}"
    # The project alone (its dependencies are this interpreter's), built without network by the backend above.
    _run(sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation", "--no-index",
         "--target", target, built[artifact], cwd=built["work"], env={"PYTHONPATH": str(built["backend"])})
    assert (target / "bin" / "ch3quiz").is_file(), "the console script is missing"
    elsewhere = built["work"] / f"run-{artifact}"
    elsewhere.mkdir()
    env = {"PYTHONPATH": str(target), "CH3QUIZ_HOME": str(elsewhere / "home")}
    found = _run(sys.executable, "-c", "import ch3quiz.paths as p; print(p.__file__)", cwd=elsewhere, env=env)
    assert found.stdout.strip().startswith(str(target)), "the installed copy was not the one imported"
    validate = _run(sys.executable, "-m", "ch3quiz", "validate", cwd=elsewhere, env=env)
    assert validate.stdout.startswith("ok: ") and str(target) in validate.stdout
    sections = json.loads(_run(sys.executable, "-m", "ch3quiz", "sections", "--json", cwd=elsewhere, env=env).stdout)
    assert sum(row["total"] for row in sections) == len(load_bank(ROOT / "questions"))


def test_the_sdist_carries_what_a_rebuild_and_its_tests_need(built: dict[str, Path]) -> None:
    import tarfile

    with tarfile.open(built["sdist"]) as sdist:
        names = {name.split("/", 1)[1] for name in sdist.getnames() if "/" in name}
    for needed in ("pyproject.toml", "README.md", "ch3quiz/cli/catalog.py", "tests/conftest.py", "docs/json.md"):
        assert needed in names, needed
    assert any(name.startswith("questions/") and name.endswith(".yaml") for name in names)
