"""The quiz worksheet to print: questions first and an answer key at the end (`--answers end`, the default), or each
answer under its question (`--answers inline`), in every format; and what the quiz says when it has fewer questions
than `--count` asks for."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import BUNDLED, Page, invoke, ok
from test_format_html_browser import CHROMIUM, browser

from neuroleg.db.cache import open_store
from neuroleg.domain.quiz import LETTERS, Quiz, make_quiz

KEY_HEADING = "Answer key"
DISCLAIMER = "It does not give medical advice"


@pytest.fixture(scope="module")
def ten() -> Quiz:
    """The quiz `-n 10 --seed 1` gives, made by the library: the right answers."""
    return make_quiz(open_store(BUNDLED, cache=None), count=10, seed=1)


def answer(quiz: Quiz, number: int) -> str:
    """Question `number`'s right answer as the worksheet prints it: "b) Diabetes"."""
    q = quiz.questions[number - 1]
    return f"{LETTERS[q.answer]}) {q.answer_text}"


def structured(fmt: str, *args: str) -> dict[str, Any]:
    out = ok("quiz", "-n", "10", "--seed", "1", "-f", fmt, *args)
    doc: dict[str, Any] = json.loads(out) if fmt == "json" else yaml.safe_load(out)
    return doc


# the text formats: questions, then the key


def test_the_markdown_worksheet_ends_with_an_answer_key_giving_each_number_and_letter(ten: Quiz) -> None:
    out = ok("quiz", "-n", "10", "--seed", "1", "-f", "markdown")
    sheet, key = out.split(f"\n## {KEY_HEADING}\n")
    assert "\n## " not in key, "the key is the last section"
    assert "**Answer:**" not in sheet and "**Why:**" not in sheet and "**Source:**" not in sheet
    for number in range(1, 11):
        assert f"\n## Question {number} of 10\n" in sheet
    numbered = re.findall(r"^### Question (\d+)\n\n- \*\*Answer:\*\* (.+)$", key, re.MULTILINE)
    assert numbered == [(str(n), answer(ten, n).replace("_", "\\_")) for n in range(1, 11)]
    assert key.count("- **Why:** ") == 10 and key.count("- **Source:** ") == 10
    assert DISCLAIMER in sheet  # the sheet handed out keeps the note; the key follows it


def test_the_plain_worksheet_puts_every_answer_after_every_question(ten: Quiz) -> None:
    out = ok("quiz", "-n", "10", "--seed", "1")  # piped: the plain worksheet
    sheet, key = out.split(f"\n{KEY_HEADING}\n")
    assert "Answer:" not in sheet and "Why:" not in sheet
    assert "Question 10 of 10" in sheet and DISCLAIMER in sheet
    flat = " ".join(key.split())
    for number in range(1, 11):
        assert f"Question {number}: Answer: {answer(ten, number)} Why: " in flat


def test_the_table_format_prints_the_key_too() -> None:
    out = ok("quiz", "-n", "2", "--seed", "1", "-f", "table")
    assert out.index("Question 2 of 2") < out.index(KEY_HEADING) < out.index("Answer:")


def test_the_html_worksheet_prints_its_key_on_a_new_page(ten: Quiz) -> None:
    html = ok("quiz", "-n", "10", "--seed", "1", "-f", "html")
    page = Page(html)
    assert page.problems == []
    top = [s for s in page.all("section") if "section" not in s.parents]
    key = top[-1]
    assert key.attrs["class"] == "new-page" and [s for s in top if s.attrs.get("class")] == [key]
    assert key.content().startswith(f"{KEY_HEADING} Question 1 Answer {answer(ten, 1)} Why ")
    printed = html[html.index("@media print {") : html.index("</style>")]  # the rule holds on paper alone
    assert ".new-page { break-before: page; page-break-before: always; }" in printed
    keyed = [e for e in page.all("dt") if "section" in e.parents]
    assert [e.content() for e in keyed].count("Answer") == 10
    assert page.text().index(KEY_HEADING) > page.text().index(DISCLAIMER) > page.text().index("Question 10 of 10")
    for number in range(1, 11):
        assert f"Question {number} Answer {answer(ten, number)} Why " in key.content()


def test_inline_keeps_each_answer_under_its_question(ten: Quiz) -> None:
    out = ok("quiz", "-n", "10", "--seed", "1", "-f", "markdown", "--answers", "inline")
    assert KEY_HEADING not in out
    parts = out.split("\n## Question ")[1:]
    assert len(parts) == 10
    for number, part in enumerate(parts, 1):
        assert part.startswith(f"{number} of 10\n")
        assert f"- **Answer:** {answer(ten, number).replace('_', chr(92) + '_')}\n" in part
    page = Page(ok("quiz", "-n", "2", "--seed", "1", "-f", "html", "--answers", "inline"))
    assert page.problems == [] and all("class" not in s.attrs for s in page.all("section"))


def test_answers_is_case_insensitive_and_refuses_other_layouts() -> None:
    assert ok("quiz", "-n", "2", "--seed", "1", "--answers", "INLINE") == ok(
        "quiz", "-n", "2", "--seed", "1", "--answers", "inline"
    )
    result = invoke("quiz", "--answers", "top")
    assert result.exit_code == 2 and "--answers" in result.stderr and result.stdout == ""


# the machine formats


@pytest.mark.parametrize("fmt", ["json", "yaml"])
def test_the_key_at_the_end_is_an_answer_key_list_beside_answerless_questions(fmt: str, ten: Quiz) -> None:
    doc = structured(fmt)
    assert list(doc) == [
        "seed", "count", "cause", "repeat", "questions", "answer_key", "medical_help", "disclaimer",
    ]  # fmt: skip
    assert [list(q) for q in doc["questions"]] == [["number", "kind", "cause", "prompt", "choices"]] * 10
    key = doc["answer_key"]
    assert [list(a) for a in key] == [["number", "answer", "answer_text", "explanation", "sources", "origin"]] * 10
    assert [(a["number"], a["answer"], a["answer_text"]) for a in key] == [
        (n, LETTERS[q.answer], q.answer_text) for n, q in enumerate(ten.questions, 1)
    ]


@pytest.mark.parametrize("fmt", ["json", "yaml"])
def test_inline_gives_each_question_whole_the_key_merged_into_it(fmt: str) -> None:
    end, inline = structured(fmt), structured(fmt, "--answers", "inline")
    assert "answer_key" not in inline
    assert inline["questions"] == [{**q, **a} for q, a in zip(end["questions"], end["answer_key"], strict=True)]
    assert {k: v for k, v in end.items() if k not in ("questions", "answer_key")} == {
        k: v for k, v in inline.items() if k != "questions"
    }


def test_csv_is_one_table_with_the_answer_columns_whatever_the_layout(ten: Quiz) -> None:
    end = ok("quiz", "-n", "10", "--seed", "1", "-f", "csv")
    assert end == ok("quiz", "-n", "10", "--seed", "1", "-f", "csv", "--answers", "inline")
    rows = list(csv.DictReader(io.StringIO(end)))
    assert [(r["number"], r["answer"], r["answer_text"]) for r in rows] == [
        (str(n), LETTERS[q.answer], q.answer_text) for n, q in enumerate(ten.questions, 1)
    ]


# fewer questions than asked for


def test_asking_for_more_than_there_are_says_how_many_on_stderr_and_exits_0() -> None:
    made = make_quiz(open_store(BUNDLED, cache=None), count=100, seed=1)
    assert len(made.questions) < 100
    result = invoke("quiz", "--count", "100", "--seed", "1")
    assert result.exit_code == 0
    assert result.stderr == (
        f"neuroleg: only {len(made.questions)} questions can be asked from this knowledge base; asked for 100\n"
    )
    # the repeat command carries the count given: the same command, the same quiz and the same line
    assert "run 'neuroleg quiz --seed 1 --count 100' for the same quiz" in " ".join(result.stdout.split())
    assert json.loads(ok("quiz", "--count", "10", "--seed", "1", "-f", "json"))["count"] == 10  # enough: no word


def test_a_cause_with_fewer_questions_says_so_naming_the_cause() -> None:
    made = make_quiz(open_store(BUNDLED, cache=None), count=50, cause_id="multiple-sclerosis", seed=2)
    result = invoke("quiz", "--cause", "ms", "-n", "50", "--seed", "2", "-f", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["repeat"] == "neuroleg quiz --seed 2 --count 50 --cause multiple-sclerosis"
    many = "question can" if len(made.questions) == 1 else "questions can"
    assert result.stderr == (
        f"neuroleg: only {len(made.questions)} {many} be asked about multiple-sclerosis from this knowledge base; "
        "asked for 50\n"
    )


# printed by a browser


@pytest.mark.browser
@pytest.mark.skipif(CHROMIUM is None, reason="no Chromium: install Debian's chromium package (.ci/run does)")
def test_the_key_starts_a_page_of_its_own_when_printed(tmp_path: Path) -> None:
    def pages(*args: str) -> int:
        sheet, pdf = tmp_path / f"quiz{len(args)}.html", tmp_path / f"quiz{len(args)}.pdf"
        sheet.write_text(ok("quiz", "-n", "1", "--seed", "1", "-f", "html", *args), encoding="utf-8")
        result = browser(tmp_path, f"--print-to-pdf={pdf}", "--no-pdf-header-footer", sheet.as_uri())
        assert result.returncode == 0, result.stderr.decode(errors="replace")[-2000:]
        return len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf.read_bytes()))

    inline, end = pages("--answers", "inline"), pages()
    assert end == inline + 1  # the same text, and the key alone on the last page
