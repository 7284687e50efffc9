"""A page taller than the terminal goes through a pager ($NEUROLEG_PAGER, $PAGER, less -FRX); never a pipe, never
the quiz; --no-pager and NEUROLEG_PAGER= turn it off; a pager that cannot start leaves the page printed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import invoke, run_in_process

from neuroleg.cli import app, pager
from neuroleg.cli.output import write_page
from neuroleg.render.terminal import Terminal

TIMEOUT = 10
ROWS, COLUMNS = 24, 80  # overview and causes are taller than this; show's first lines are not all of it


@pytest.fixture
def recorder(tmp_path: Path) -> Path:
    """A pager that writes what it is given to `page.txt`, and the LESS it saw to `less.txt`."""
    script = tmp_path / "record-pager"
    script.write_text(
        f'#!/bin/sh\ncat > "{tmp_path}/page.txt"\nprintf "%s" "${{LESS-unset}}" > "{tmp_path}/less.txt"\n',
        encoding="utf-8",
    )
    script.chmod(0o755)
    return script


def on_terminal(command: str, rows: int = ROWS, **env: str) -> tuple[str, int]:
    import pexpect  # type: ignore[import-untyped]  # here, not at the top: only a pseudo-terminal test needs it

    """`command` (a shell line, `neuroleg` meaning this checkout's) on a pseudo-terminal: what it showed, its status."""
    line = command.replace("neuroleg", f"'{sys.executable}' -m neuroleg", 1)
    child = pexpect.spawn(
        "/bin/sh",
        ["-c", line],
        env={**os.environ, "TERM": "xterm", "NO_COLOR": "1", **env},
        encoding="utf-8",
        timeout=TIMEOUT,
        dimensions=(rows, COLUMNS),
    )
    shown = child.read()
    child.close()
    assert child.signalstatus is None, "exited, not killed"
    return shown.replace("\r\n", "\n"), int(child.exitstatus)


@pytest.mark.terminal
@pytest.mark.process
class TestOnATerminal:
    def test_a_tall_page_goes_through_the_pager_and_nothing_else_reaches_the_screen(
        self, recorder: Path, tmp_path: Path
    ) -> None:
        shown, status = on_terminal("neuroleg overview", PAGER=str(recorder))
        plain, _ = on_terminal("neuroleg overview --no-pager")
        assert (status, shown) == (0, "")
        page = (tmp_path / "page.txt").read_text(encoding="utf-8")
        assert page == plain and page.startswith("Neuropathic leg pain\n")
        assert len(page.splitlines()) > ROWS
        assert (tmp_path / "less.txt").read_text(encoding="utf-8") == "FRX"  # LESS was unset: git's choice

    def test_less_set_by_the_user_is_left_as_it_is(self, recorder: Path, tmp_path: Path) -> None:
        on_terminal("neuroleg overview", PAGER=str(recorder), LESS="-i")
        assert (tmp_path / "less.txt").read_text(encoding="utf-8") == "-i"

    def test_a_pipe_is_never_paged(self, recorder: Path, tmp_path: Path) -> None:
        shown, status = on_terminal("neuroleg causes | cat", PAGER=str(recorder))
        assert status == 0 and shown.startswith("Causes of neuropathic leg pain")
        assert not (tmp_path / "page.txt").exists()

    def test_no_pager_prints_the_page_itself(self, recorder: Path, tmp_path: Path) -> None:
        shown, status = on_terminal("neuroleg causes --no-pager", PAGER=str(recorder))
        assert status == 0 and "Causes of neuropathic leg pain" in shown
        assert not (tmp_path / "page.txt").exists()

    def test_neuroleg_pager_set_but_empty_turns_paging_off(self, recorder: Path, tmp_path: Path) -> None:
        shown, status = on_terminal("neuroleg causes", PAGER=str(recorder), NEUROLEG_PAGER="")
        assert status == 0 and "Causes of neuropathic leg pain" in shown
        assert not (tmp_path / "page.txt").exists()

    def test_neuroleg_pager_comes_before_pager(self, recorder: Path, tmp_path: Path) -> None:
        shown, status = on_terminal("neuroleg causes", PAGER="/nonexistent/pager", NEUROLEG_PAGER=str(recorder))
        assert (status, shown) == (0, "")
        assert (tmp_path / "page.txt").read_text(encoding="utf-8").startswith("Causes of neuropathic leg pain")

    def test_a_page_that_fits_the_terminal_is_printed_without_a_pager(self, recorder: Path, tmp_path: Path) -> None:
        shown, status = on_terminal("neuroleg causes", rows=500, PAGER=str(recorder))
        assert status == 0 and shown.startswith("Causes of neuropathic leg pain")
        assert not (tmp_path / "page.txt").exists()

    def test_a_missing_pager_leaves_the_page_printed_without_a_word(self, tmp_path: Path) -> None:
        shown, status = on_terminal("neuroleg causes", PAGER=str(tmp_path / "no-such-pager"))
        plain, _ = on_terminal("neuroleg causes --no-pager")
        assert (status, shown) == (0, plain)  # stderr shares the terminal: nothing was said there either

    def test_a_pager_with_shell_syntax_runs_through_the_shell(self, tmp_path: Path) -> None:
        shown, status = on_terminal("neuroleg causes", PAGER=f'cat > "{tmp_path}/page.txt"')
        assert (status, shown) == (0, "")
        assert (tmp_path / "page.txt").read_text(encoding="utf-8").startswith("Causes of neuropathic leg pain")

    def test_a_shell_that_cannot_find_the_pager_leaves_the_page_printed_after_its_one_line(self) -> None:
        shown, status = on_terminal("neuroleg causes", PAGER="$NO_SUCH_DIR/pager")
        plain, _ = on_terminal("neuroleg causes --no-pager")
        assert status == 0 and shown.endswith(plain)
        assert len(shown[: -len(plain)].splitlines()) == 1  # the shell's own "not found"

    def test_a_pager_that_quits_at_once_ends_quietly_with_status_0(self) -> None:
        shown, status = on_terminal("neuroleg symptoms", PAGER="true")
        assert (status, shown) == (0, "")

    @pytest.mark.skipif(shutil.which("less") is None, reason="less is not installed")
    def test_the_default_pager_is_less_and_q_quits_it(self) -> None:
        import pexpect  # type: ignore[import-untyped]  # here, not at the top: only a pseudo-terminal test needs it

        env = {k: v for k, v in os.environ.items() if k not in ("PAGER", "NEUROLEG_PAGER", "LESS")}
        child = pexpect.spawn(
            sys.executable,
            ["-m", "neuroleg", "causes"],
            env={**env, "TERM": "xterm"},
            encoding="utf-8",
            timeout=TIMEOUT,
            dimensions=(ROWS, COLUMNS),
        )
        child.expect_exact("Causes of neuropathic leg pain")
        child.expect_exact(":")  # less's prompt: the page waits for the reader
        child.sendintr()  # Ctrl-C is the pager's; neuroleg stays to wait for it
        time.sleep(0.2)
        assert child.isalive()
        child.send("q")
        child.expect(pexpect.EOF)
        child.close()
        assert (child.exitstatus, child.signalstatus) == (0, None)

    def test_the_quiz_is_never_paged(self, recorder: Path, tmp_path: Path) -> None:
        import pexpect  # type: ignore[import-untyped]  # here, not at the top: only a pseudo-terminal test needs it

        child = pexpect.spawn(
            sys.executable,
            ["-m", "neuroleg", "quiz", "--seed", "1", "--count", "2"],
            env={**os.environ, "TERM": "xterm", "PAGER": str(recorder)},
            encoding="utf-8",
            timeout=TIMEOUT,
            dimensions=(5, COLUMNS),  # every question is taller than this
        )
        child.expect_exact("Your answer")
        child.sendline("q")
        child.expect_exact("Score: 0 of 0")
        child.expect(pexpect.EOF)
        child.close()
        assert child.exitstatus == 0
        assert not (tmp_path / "page.txt").exists()


@pytest.mark.process
def test_a_piped_reading_command_loads_neither_subprocess_nor_shlex_nor_the_pager() -> None:
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "neuroleg", "show", "diabetes"],
        capture_output=True,
        text=True,
        check=True,
    )
    loaded = {line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines() if line.startswith("import time")}
    assert "neuroleg.cli.output" in loaded
    assert not loaded & {"subprocess", "shlex", "neuroleg.cli.pager"}


# the library: which pager, how tall a page is, and the writer's side


@pytest.mark.parametrize(
    ("environ", "command"),
    [
        ({}, "less -FRX"),
        ({"PAGER": "more"}, "more"),
        ({"PAGER": "more", "NEUROLEG_PAGER": "most -s"}, "most -s"),
        ({"PAGER": "more", "NEUROLEG_PAGER": ""}, None),
        ({"PAGER": ""}, None),
        ({"PAGER": "  "}, None),
        ({"PAGER": "cat"}, None),
    ],
)
def test_the_pager_is_neuroleg_pager_then_pager_then_less(environ: dict[str, str], command: str | None) -> None:
    assert pager.pager_command(environ) == command


def test_rows_count_wrapped_lines_and_not_colour_codes() -> None:
    counter = pager.RowCounter(10)
    assert counter.add("\x1b[1mshort\x1b[0m\n") == 1
    assert counter.add("x" * 10 + "\n") == 2  # exactly the width: one row
    assert counter.add("y" * 11) == 4  # one more: two rows, the line not yet ended
    assert counter.add("y" * 9 + "\n") == 4  # twenty characters in all
    assert counter.add("\n") == 5  # an empty line takes a row


def test_lines_from_the_environment_set_the_height() -> None:
    assert pager.terminal_rows({"LINES": "7"}) == 7


def paged_terminal() -> Terminal:
    return Terminal(is_tty=True, color=False, width=40)


def test_the_writer_pages_only_a_page_taller_than_the_terminal(tmp_path: Path, recorder: Path) -> None:
    environ = {"PAGER": str(recorder), "LINES": "5", "PATH": os.environ["PATH"]}
    write_page(["one\n", "two\n", "three\n", "four\n"], paged_terminal(), environ)
    assert not (tmp_path / "page.txt").exists()  # four lines and the prompt's fit in five
    write_page(["one\n", "two\n", "three\n", "four\n", "five\n"], paged_terminal(), environ)
    assert (tmp_path / "page.txt").read_text(encoding="utf-8") == "one\ntwo\nthree\nfour\nfive\n"


def test_the_writer_never_pages_when_stdout_is_not_a_terminal(tmp_path: Path, recorder: Path) -> None:
    environ = {"PAGER": str(recorder), "LINES": "2"}
    result = invoke("overview", env=environ)
    assert result.exit_code == 0 and result.stdout.startswith("Neuropathic leg pain\n")
    assert not (tmp_path / "page.txt").exists()


def test_a_reader_that_quits_early_stops_the_page_without_an_error() -> None:
    process = pager.start("head -c 1 >/dev/null", {"PATH": os.environ["PATH"]})
    assert process is not None
    long_page = ("a line of a long page\n" * 1000 for _ in range(100))  # 2 MB: far more than a pipe holds
    assert pager.feed(process, long_page, "utf-8") is None
    assert process.returncode == 0


def test_a_pager_that_cannot_be_started_is_none() -> None:
    assert pager.start("/nonexistent/pager -x", {}) is None
    assert pager.start("less 'unclosed", {}) is None
    assert pager.start("''", {}) is None


def test_the_fast_path_reads_no_pager_anywhere_on_the_line_and_leaves_anything_else_to_typer() -> None:
    from neuroleg.cli.fast_path import parse

    parsed = parse(["show", "--no-pager", "diabetes"])
    assert parsed is not None and parsed[1]["no_pager"] is True
    parsed = parse(["show", "diabetes"])
    assert parsed is not None and parsed[1]["no_pager"] is False
    assert parse(["show", "diabetes", "--no-pager=1"]) is None  # Click says why
    assert parse(["show", "diabetes", "--no-pager", "--no-pager"]) is None  # Click takes it: one parser judges


def test_no_pager_through_typer_too() -> None:
    result = invoke("show", "diabetes", "--no-pager", "--no-pager")
    assert result.exit_code == 0 and result.stdout.startswith("Diabetes")
    result = invoke("show", "diabetes", "--no-pager=yes")
    assert result.exit_code == 2 and "Option '--no-pager' does not take a value." in result.stderr


def test_v_is_short_for_version() -> None:
    from neuroleg import __version__

    assert (invoke("-V").exit_code, invoke("-V").stdout) == (0, f"neuroleg {__version__}\n")


def test_export_help_lists_only_the_formats_export_writes() -> None:
    result = invoke("export", "-h")
    assert result.exit_code == 0 and "<markdown|html>" in result.stdout
    formats = next(line for line in result.stdout.splitlines() if "--format" in line)
    assert "json" not in formats and "table" not in formats


def test_a_page_that_fails_midway_still_ends_and_waits_for_the_pager() -> None:
    process = pager.start("cat >/dev/null", {"PATH": os.environ["PATH"]})
    assert process is not None

    def failing() -> Iterator[str]:
        yield "the first lines\n"
        raise ValueError("a bug while the page is made")

    with pytest.raises(ValueError, match="a bug"):
        pager.feed(process, failing(), "utf-8")
    assert process.returncode == 0  # it had the end of its input, and was waited for


@pytest.mark.parametrize("args", [("causes", "--no-pager"), ("match", "--no-pager", "tingling", "-f", "json")])
def test_no_pager_means_the_same_to_the_fast_path_and_to_typer(args: tuple[str, ...]) -> None:
    fast, typer_ = invoke(*args), run_in_process(app.main, list(args))
    assert (fast.exit_code, fast.stdout, fast.stderr) == (typer_.exit_code, typer_.stdout, typer_.stderr)
    assert fast.exit_code == 0 and fast.stdout
