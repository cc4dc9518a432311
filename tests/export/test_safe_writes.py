"""Exports and imports never leave half a file, never overwrite silently, keep mode and links.

Each case once went wrong: a full disk cut an export mid-row (or left a 0-byte deck), an import
turned a 644 bank into 600 and a symlinked bank into a plain file, CSV faults crashed the import.
"""

from __future__ import annotations

import errno
import os
import stat
import threading
from pathlib import Path

import pytest

from tests.data.hostile_csv import CASES, ROW  # the rows that once crashed the import

BANK = Path(__file__).parents[1] / "data" / "banks" / "valid"

HEADER = "id,section,type,difficulty,tags,prompt_zh,prompt_en,answer,explanation_zh,explanation_en,choices,extra\n"


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


@pytest.mark.parametrize("fmt", ["csv", "md", "anki"])
def test_an_existing_file_is_replaced_only_with_force_and_keeps_its_mode(cli, tmp_path: Path, fmt: str) -> None:
    target = tmp_path / f"out.{fmt}"
    target.write_text("keep me", encoding="utf-8")
    target.chmod(0o640)
    refused = cli("export", fmt, "-o", str(target), "--bank", str(BANK))
    assert refused.exit_code == 2 and "exists; add --force" in refused.stderr
    assert target.read_text(encoding="utf-8") == "keep me"
    replaced = cli("export", fmt, "-o", str(target), "--force", "--bank", str(BANK))
    assert replaced.exit_code == 0, replaced.stderr
    assert target.read_bytes() != b"keep me" and stat.S_IMODE(target.stat().st_mode) == 0o640
    assert _leftovers(tmp_path) == []


def test_a_symlink_is_never_followed_by_an_export(cli, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("not yours", encoding="utf-8")
    link = tmp_path / "out.csv"
    link.symlink_to(elsewhere)
    assert cli("export", "csv", "-o", str(link), "--bank", str(BANK)).exit_code == 2
    dangling = tmp_path / "dangling.csv"
    dangling.symlink_to(tmp_path / "nowhere" / "x.csv")
    assert cli("export", "csv", "-o", str(dangling), "--bank", str(BANK)).exit_code == 2
    assert cli("export", "csv", "-o", str(link), "--force", "--bank", str(BANK)).exit_code == 0
    assert not link.is_symlink() and link.read_text(encoding="utf-8-sig").startswith("id,")
    assert elsewhere.read_text(encoding="utf-8") == "not yours"


def test_a_replaced_symlink_lends_the_export_no_mode(cli, tmp_path: Path) -> None:
    # The new file took the mode of what the link pointed at: a link to a script made the CSV executable.
    script = tmp_path / "script.sh"
    script.write_text("#!/bin/sh\n", encoding="utf-8")
    script.chmod(0o755)
    link = tmp_path / "out.csv"
    link.symlink_to(script)
    assert cli("export", "csv", "-o", str(link), "--force", "--bank", str(BANK)).exit_code == 0
    assert link.is_file() and not link.is_symlink()
    assert stat.S_IMODE(link.stat().st_mode) & 0o111 == 0
    assert script.read_text(encoding="utf-8") == "#!/bin/sh\n"


@pytest.mark.parametrize("force", [[], ["--force"]], ids=["plain", "force"])
@pytest.mark.parametrize("kind", ["link-to-folder", "link-with-slash", "folder", "missing-folder"])
def test_a_folder_given_as_output_is_refused_and_left_as_it_is(cli, tmp_path: Path, kind: str, force: list) -> None:
    # `export csv -o dirlink/ --force` replaced the link to a folder with a file. Like curl -o, sort -o
    # and pandoc -o, an export refuses a folder (never "add --force") and names a file to give instead.
    folder = tmp_path / "folder"
    folder.mkdir()
    link = tmp_path / "dirlink"
    link.symlink_to(folder)
    given, what = {
        "link-to-folder": (str(link), "is a link to a folder"),
        "link-with-slash": (f"{link}/", "is a link to a folder"),
        "folder": (str(folder), "is a folder;"),
        "missing-folder": (f"{tmp_path / 'new'}/", "is a folder name (it ends in /)"),
    }[kind]
    refused = cli("export", "anki", "-o", given, *force, "--bank", str(BANK))
    assert refused.exit_code == 2, refused.stderr
    assert what in refused.stderr and "-o takes a file name, e.g. -o " in refused.stderr
    assert "ch3.apkg" in refused.stderr and "--force" not in refused.stderr
    assert refused.stderr.count("\n") == 1
    assert link.is_symlink() and link.resolve() == folder.resolve()
    assert list(folder.iterdir()) == [] and not (tmp_path / "new").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dirlink", "folder"]
    inside = cli("export", "anki", "-o", f"{link}/ch3.apkg", *force, "--bank", str(BANK))
    assert inside.exit_code == 0 and (folder / "ch3.apkg").is_file() and link.is_symlink()


@pytest.mark.parametrize("force", [[], ["--force"]], ids=["plain", "force"])
def test_a_device_or_a_pipe_given_as_output_is_refused_and_left_as_it_is(cli, tmp_path: Path, force: list) -> None:
    # A link to a device (as /dev/stdout is) was replaced by the export with --force.
    link = tmp_path / "out.csv"
    link.symlink_to(os.devnull)
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    for target, through in ((link, ", through a link"), (fifo, "")):
        refused = cli("export", "csv", "-o", str(target), *force, "--bank", str(BANK))
        assert refused.exit_code == 2 and f"is a device or a pipe{through}, not a file" in refused.stderr
        assert "use -o -" in refused.stderr
    assert link.is_symlink() and os.readlink(link) == os.devnull and stat.S_ISFIFO(fifo.stat().st_mode)
    assert _leftovers(tmp_path) == []


def test_an_empty_output_name_is_refused(cli, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    refused = cli("export", "csv", "-o", "", "--bank", str(BANK))
    assert refused.exit_code == 2 and "-o needs a file name, e.g. -o ch3.csv" in refused.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_name_too_long_for_the_file_system_is_one_usage_line(cli, tmp_path: Path) -> None:
    # A 400-character -o name was exit 70 (OSError: File name too long, from Path.is_dir), the name in full.
    name = str(tmp_path / ("x" * 400))
    refused = cli("export", "csv", "-o", name, "--bank", str(BANK))
    assert refused.exit_code == 2 and refused.stderr.count("\n") == 1
    assert "File name too long; give a shorter name / 无法使用该路径" in refused.stderr
    assert f"({len(name):,} characters)" in refused.stderr and len(refused.stderr) < 300
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("fmt", ["csv", "anki"])
def test_a_long_name_the_file_system_allows_is_written(cli, tmp_path: Path, fmt: str) -> None:
    # A 250-character name is allowed (255 bytes), but the temp file ".NAME.XXXXXXXX.tmp" beside it was
    # not: "cannot write …: File name too long".
    target = tmp_path / ("y" * 250)
    written = cli("export", fmt, "-o", str(target), "--bank", str(BANK))
    assert written.exit_code == 0, written.stderr
    assert target.stat().st_size > 0 and _leftovers(tmp_path) == []


@pytest.mark.parametrize("fmt", ["csv", "md"])
def test_a_dash_exports_to_stdout_and_makes_no_file(cli, tmp_path: Path, monkeypatch, fmt: str) -> None:
    # '-o -' made a file named '-' in the working folder and said "wrote … to -".
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    done = cli("export", fmt, "-o", "-", "--bank", str(BANK))
    assert done.exit_code == 0, done.stderr
    assert done.stdout.lstrip("\ufeff").startswith("id," if fmt == "csv" else "# ")
    assert "t-mc" in done.stdout and "to stdout" in done.stderr
    assert list(work.iterdir()) == []


def test_a_dash_for_an_anki_deck_is_refused(cli, tmp_path: Path, monkeypatch) -> None:
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    done = cli("export", "anki", "-o", "-", "--bank", str(BANK))
    assert done.exit_code == 2
    assert done.stderr.startswith("error: an Anki deck is a binary file") and done.stdout == ""
    assert list(work.iterdir()) == []


@pytest.mark.parametrize(("fmt", "module", "writer"), [
    ("csv", "ch3quiz.export.csv_io", "write_csv"),
    ("anki", "ch3quiz.export.anki", "write_apkg"),
    ("md", "ch3quiz.export.markdown", "write_markdown"),
])
def test_a_full_disk_leaves_the_old_export_whole(cli, tmp_path: Path, monkeypatch, fmt, module, writer) -> None:
    import importlib

    def half_then_full(questions, path: Path, **_options) -> int:  # md also takes answers=
        Path(path).write_text("id,sect", encoding="utf-8")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(importlib.import_module(module), writer, half_then_full)
    target = tmp_path / f"good.{fmt}"
    target.write_text("the old export, whole", encoding="utf-8")
    run = cli("export", fmt, "-o", str(target), "--force", "--bank", str(BANK))
    assert run.exit_code == 1 and "disk full" in run.stderr and run.stderr.count("\n") == 1
    assert target.read_text(encoding="utf-8") == "the old export, whole"
    assert _leftovers(tmp_path) == []


def _sheet(tmp_path: Path, *rows: str) -> Path:
    sheet = tmp_path / "in.csv"
    sheet.write_text(HEADER + "".join(rows), encoding="utf-8")
    return sheet


def test_import_keeps_the_banks_mode_and_its_symlink(cli, tmp_path: Path) -> None:
    real_dir = tmp_path / "kept-elsewhere"
    real_dir.mkdir()
    real = real_dir / "mine.yaml"
    assert cli("import", "csv", str(_sheet(tmp_path, ROW.format(n=1, difficulty=1, extra=""))),
               "--into", str(real)).exit_code == 0
    real.chmod(0o644)
    link = tmp_path / "mine.yaml"
    link.symlink_to(real)
    run = cli("import", "csv", str(_sheet(tmp_path, ROW.format(n=2, difficulty=2, extra=""))), "--into", str(link))
    assert run.exit_code == 0, run.stderr
    assert link.is_symlink() and stat.S_IMODE(real.stat().st_mode) == 0o644
    assert "n-1" in real.read_text(encoding="utf-8") and "n-2" in real.read_text(encoding="utf-8")
    assert _leftovers(real_dir) == []


@pytest.mark.parametrize(("name", "row", "message"), CASES, ids=[case[0] for case in CASES])
def test_import_faults_are_one_line_and_the_target_stays_intact(cli, tmp_path: Path, name: str, row: str,
                                                                message: str) -> None:
    target = tmp_path / "mine.yaml"
    good = cli("import", "csv", str(_sheet(tmp_path, ROW.format(n=0, difficulty=1, extra=""))), "--into", str(target))
    assert good.exit_code == 0
    before = target.read_bytes()
    run = cli("import", "csv", str(_sheet(tmp_path, row)), "--into", str(target))
    assert run.exit_code == 1, (run.stdout, run.stderr)
    assert message in run.stdout + run.stderr and "internal error" not in run.stderr
    assert target.read_bytes() == before and _leftovers(tmp_path) == []


def test_import_warns_about_control_characters_and_still_imports(cli, tmp_path: Path) -> None:
    target = tmp_path / "mine.yaml"
    row = "n-1,3.1,tf,1,t,\"对吗\x1b[2J\",True?,true,因为,because,,\n"
    run = cli("import", "csv", str(_sheet(tmp_path, row)), "--into", str(target))
    assert run.exit_code == 0
    assert "warning: prompt_zh contains a control character ␛" in run.stdout and "\x1b" not in run.stdout
    assert os.path.exists(target)


def test_import_reads_the_csv_from_stdin_for_a_dash(cli, tmp_path: Path) -> None:
    target = tmp_path / "mine.yaml"
    run = cli("import", "csv", "-", "--into", str(target), input=HEADER + ROW.format(n=7, difficulty=2, extra=""))
    assert run.exit_code == 0, run.stderr
    assert "n-7" in target.read_text(encoding="utf-8")


def _feed(path_or_fd, text: str) -> threading.Thread:
    """Write ``text`` into a pipe from another thread, as a shell's <(cmd) or `cmd > fifo` does."""
    def write() -> None:
        with open(path_or_fd, "w", encoding="utf-8") as pipe:
            pipe.write(text)

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    return writer


@pytest.mark.parametrize("kind", ["dev-fd", "fifo"])
def test_import_reads_a_pipe_given_as_a_file(cli, tmp_path: Path, kind: str) -> None:
    # `import csv <(cmd)` names /dev/fd/63, a pipe, and was refused: "no CSV file at /dev/fd/63".
    target = tmp_path / "mine.yaml"
    rows = HEADER + "".join(ROW.format(n=n, difficulty=2, extra="") for n in range(400))  # beyond a pipe's buffer
    if kind == "fifo":
        source = tmp_path / "rows.fifo"
        os.mkfifo(source)
        writer = _feed(source, rows)
    else:
        read_end, write_end = os.pipe()
        source = Path(f"/dev/fd/{read_end}")
        writer = _feed(write_end, rows)
    try:
        run = cli("import", "csv", str(source), "--into", str(target))
    finally:
        writer.join(timeout=30)
        if kind == "dev-fd":
            os.close(read_end)
    assert run.exit_code == 0, run.stderr
    assert "400 added, 0 updated" in run.stderr
    assert "n-399" in target.read_text(encoding="utf-8")


@pytest.mark.parametrize(("make", "message"), [
    (Path.mkdir, "a folder at"),
    (lambda path: None, "no CSV file at"),
], ids=["folder", "missing"])
def test_import_names_what_is_there_instead_of_a_csv(cli, tmp_path: Path, make, message: str) -> None:
    source = tmp_path / "rows.csv"
    make(source)
    run = cli("import", "csv", str(source), "--into", str(tmp_path / "mine.yaml"))
    assert run.exit_code == 2 and message in run.stderr and run.stderr.count("\n") == 1
    assert not (tmp_path / "mine.yaml").exists()


def _fifo(path: Path) -> None:
    os.mkfifo(path)


# '--into -' wrote a bank file named '-' in the working folder ("use it with --bank -"); a folder
# was taken for a bank folder ("has problems of its own … no .yaml question files here").
@pytest.mark.parametrize(("into", "make", "message"), [
    ("-", None, "error: --into takes the name of your bank file; '-' cannot be written"),
    ("folder", Path.mkdir, "is a folder; --into takes one YAML file"),
    ("pipe.yaml", _fifo, "is not a regular file"),
], ids=["dash", "folder", "fifo"])
def test_import_into_something_not_a_bank_file_is_refused(cli, tmp_path: Path, monkeypatch, into, make,
                                                           message) -> None:
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    if make:
        make(work / into)
    before = sorted(p.name for p in work.iterdir())
    run = cli("import", "csv", "-", "--into", into, input=HEADER + ROW.format(n=7, difficulty=2, extra=""))
    assert run.exit_code == 2
    assert message in run.stderr and run.stderr.count("\n") == 1
    assert sorted(p.name for p in work.iterdir()) == before


def test_a_device_or_pipe_is_never_replaced(cli, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    run = cli("export", "csv", "-o", str(fifo), "--force", "--bank", str(BANK))
    assert run.exit_code == 2 and "is a device or a pipe, not a file" in run.stderr
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode) and _leftovers(tmp_path) == []


HOSTILE_BANK = Path(__file__).parents[1] / "data" / "banks" / "hostile" / "terminal-escapes.yaml"


def _drawn_on_a_terminal(args: list[str], home: Path) -> bytes:
    """What ``ch3quiz ARGS`` draws when its stdout is a pseudo-terminal."""
    import subprocess
    import sys

    pty = pytest.importorskip("pty", reason="needs a Unix pseudo-terminal")
    master, slave = pty.openpty()
    env = {**os.environ, "CH3QUIZ_HOME": str(home), "COLUMNS": "100"}
    child = subprocess.Popen([sys.executable, "-m", "ch3quiz", *args], stdin=subprocess.DEVNULL, stdout=slave,
                             stderr=subprocess.DEVNULL, env=env, cwd=Path(__file__).parents[2])
    os.close(slave)
    drawn = bytearray()
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        drawn += chunk
    child.wait(timeout=30)
    os.close(master)
    return bytes(drawn)


def test_a_csv_printed_to_a_terminal_shows_control_characters_and_a_pipe_gets_them_exact(cli, tmp_path: Path) -> None:
    # `export csv -o -` in a terminal sent a prompt's ESC]0;…BEL to it raw: the window was retitled.
    drawn = _drawn_on_a_terminal(["export", "csv", "-o", "-", "--bank", str(HOSTILE_BANK)], tmp_path)
    assert b"\x1b" not in drawn and b"\x07" not in drawn
    assert "Which one?␛]0;pwned␇".encode() in drawn
    piped = cli("export", "csv", "-o", "-", "--bank", str(HOSTILE_BANK))
    assert "Which one?\x1b]0;pwned\x07" in piped.stdout  # a file or a pipe keeps the bytes for a round trip


def test_imports_into_one_bank_at_once_keep_every_question(tmp_path: Path) -> None:
    # Four imports of different CSVs into one bank at once each said "added", and the bank kept only the
    # last one's questions: each read the bank before another had written it.
    import subprocess
    import sys

    import yaml

    env = {**os.environ, "CH3QUIZ_HOME": str(tmp_path / "home")}
    env.pop("CH3QUIZ_DEBUG", None)
    bank = tmp_path / "mine.yaml"
    procs = []
    for batch in range(4):
        csv = tmp_path / f"batch{batch}.csv"
        csv.write_text(HEADER + "".join(ROW.format(n=f"{batch}-{i}", difficulty=1, extra="") for i in range(15)),
                       encoding="utf-8")
        procs.append(subprocess.Popen([sys.executable, "-m", "ch3quiz", "import", "csv", str(csv), "--into", str(bank)],
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                                      cwd=Path(__file__).parents[2]))
    for proc in procs:
        _, err = proc.communicate(timeout=60)
        assert proc.returncode == 0 and "15 added" in err, err
    kept = yaml.safe_load(bank.read_text(encoding="utf-8"))["questions"]
    assert sorted(q["id"] for q in kept) == sorted(f"n-{b}-{i}" for b in range(4) for i in range(15))
    assert _leftovers(tmp_path) == []
