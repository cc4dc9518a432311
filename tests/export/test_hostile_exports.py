"""A hostile bank's text stays text in the Anki deck and the Markdown sheet: no tag, link, script or
MathJax command it holds is obeyed by the program that shows the export."""

from __future__ import annotations

import re
import sqlite3
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import yaml

# Each text tries one way into the program that shows the card or the sheet.
HOSTILE = {
    "section": "3.6",
    "questions": [
        {
            "id": "h-mc", "type": "mc", "difficulty": 1, "tags": ["sgd"],
            "prompt_zh": "<script>alert(1)</script> SGD 每步用几个样本？",
            "prompt_en": "<img src=x onerror=alert(1)> How many? \\(\\href{javascript:alert(2)}{click}\\)",
            "choices": ["<a href=\"javascript:alert(3)\">1</a>",
                        "$\\href{javascript:alert(4)}{x} + \\style{position:fixed;inset:0}{y}$"],
            "answer": "A",
            "explanation_zh": "一个样本。\\[\\class{x}{\\cssId{y}{z}}\\] $\\require{html}\\bbox[position:fixed]{w}$",
            "explanation_en": "$a \\) \\(\\href{javascript:alert(5)}{z}$ [x](javascript:alert(6)) <javascript:alert(7)>",
        },
        {
            "id": "h-tf", "type": "tf", "difficulty": 1, "tags": ["sgd"],
            "prompt_zh": "<details open><summary>x</summary> SGD 用一个样本。 [sound:alarm.mp3] [anki:tts lang=en_US]"
                         "owned[/anki:tts] [latex]\\input{/etc/passwd}[/latex] [$$]x[/$$] [$]y[/$]",
            "prompt_en": "<script\nalert(8)\n[y]: javascript:alert(9)\n\n[y] One sample?",
            "answer": True,
            "explanation_zh": "<!-- 注释吞掉后面的内容\n\n<?php 也会 ?>", "explanation_en": "![pixel](https://example.invalid/t.png) <![CDATA[ x ]]>",
        },
        {
            "id": "h-fence", "type": "tf", "difficulty": 1, "tags": ["sgd"],
            "prompt_zh": "```\n代码块会吞掉后面所有的题目和答案。", "prompt_en": "  ~~~ A fence opened here runs to the end.",
            "answer": True, "explanation_zh": "> ```\n对。", "explanation_en": "- ~~~\nYes.",
        },
    ],
}


def _bank(tmp_path: Path) -> Path:
    path = tmp_path / "hostile.yaml"
    path.write_text(yaml.safe_dump(HOSTILE, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, tuple]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append((tag, tuple(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


# Everything the deck's own fields are built from; a tag or attribute beyond these came from the bank.
DECK_TAGS = {("div", (("class", "en"),)), ("div", (("class", "explain"),)), ("div", (("class", "explain en"),)),
             ("ul", (("style", "list-style:none;padding-left:0"),)), ("li", ()), ("b", ()), ("br", ())}
MATH = re.compile(r"\\\((.*?)\\\)|\\\[(.*?)\\\]", re.S)
OBEYED_MACROS = re.compile(r"\\(?:href|class|cssId|style|data|require|bbox)(?![A-Za-z])")


def _notes(cli, tmp_path: Path) -> dict[str, list[str]]:
    deck = tmp_path / "deck.apkg"
    run = cli("export", "anki", "-o", str(deck), "--bank", str(_bank(tmp_path)))
    assert run.exit_code == 0, run.stderr
    with zipfile.ZipFile(deck) as package:
        package.extract("collection.anki2", tmp_path)
    db = sqlite3.connect(tmp_path / "collection.anki2")
    rows = db.execute("SELECT flds FROM notes").fetchall()
    db.close()
    return {flds.split("\x1f")[0]: flds.split("\x1f") for (flds,) in rows}


def test_anki_fields_hold_no_tag_the_bank_wrote(cli, tmp_path: Path) -> None:
    notes = _notes(cli, tmp_path)
    for fields in notes.values():
        for field in fields:
            parser = _Tags()
            parser.feed(field)
            assert set(parser.tags) <= DECK_TAGS, field
    front, back = notes["h-mc"][2], notes["h-mc"][3]
    assert "&lt;script&gt;alert(1)&lt;/script&gt; SGD" in front and "&lt;img src=x onerror=alert(1)&gt;" in front
    assert "&lt;a href=&quot;javascript:alert(3)&quot;&gt;1&lt;/a&gt;" in front
    assert "[x](javascript:alert(6)) &lt;javascript:alert(7)&gt;" in back  # plain text in HTML: no link
    assert "&lt;details open&gt;" in notes["h-tf"][2] and "&lt;!-- 注释" in notes["h-tf"][3]


# What Anki itself looks for in a field (rslib text.rs and latex.rs): a sound, speech or LaTeX tag.
ANKI_TAGS = re.compile(r"\[sound:(.+?)\]|\[anki:tts\s?(.*?)\](.*?)\[/anki:tts\]|\[latex\](.+?)\[/latex\]"
                       r"|\[\$\](.+?)\[/\$\]|\[\$\$\](.+?)\[/\$\$\]", re.S | re.I)


def test_anki_fields_play_speak_and_typeset_nothing_of_the_banks(cli, tmp_path: Path) -> None:
    notes = _notes(cli, tmp_path)
    assert [field for fields in notes.values() for field in fields if ANKI_TAGS.search(field)] == []
    front = notes["h-tf"][2]
    assert "&#91;sound:alarm.mp3] &#91;anki:tts lang=en_US]owned[/anki:tts] &#91;latex]" in front
    parser = _Tags()
    parser.feed(front)
    assert "[sound:alarm.mp3] [anki:tts lang=en_US]owned" in "".join(parser.text)  # what the card shows


def test_anki_math_is_only_the_banks_dollars_and_obeys_no_html_command(cli, tmp_path: Path) -> None:
    notes = _notes(cli, tmp_path)
    front, back = notes["h-mc"][2], notes["h-mc"][3]
    # $..$ became MathJax; a \( or \[ the bank wrote itself did not (Anki typesets those anywhere).
    assert [m.group(0)[:2] for m in MATH.finditer(front)] == ["\\("]
    assert len(MATH.findall(back)) == 2
    for field in (front, back):
        for segment in MATH.finditer(field):
            assert not OBEYED_MACROS.search(segment.group(0)), segment.group(0)
    # Shown as written instead: the command's name is still there for the reader.
    assert "\\backslash\\mathrm{href}{javascript:alert(4)}{x}" in front
    assert "\\backslash\\mathrm{style}{position:fixed;inset:0}{y}" in front
    assert "click" in front and "href{javascript:alert(2)}" in front


def test_anki_keeps_the_banks_ordinary_formulas(cli, tmp_path: Path) -> None:
    from ch3quiz.export.anki import to_anki_html

    assert to_anki_html(r"梯度 $\sigma(z)-y$ < 1") == r"梯度 \(\sigma(z)-y\) &lt; 1"
    assert to_anki_html(r"$$\mathrm{ReLU}(a-b)=\max(0,a-b)$$") == r"\[\mathrm{ReLU}(a-b)=\max(0,a-b)\]"
    assert to_anki_html(r"$\textstyle \sum_i x_i$ and $\hrefx$") == r"\(\textstyle \sum_i x_i\) and \(\hrefx\)"


def _sheet_tokens(cli, tmp_path: Path, answers: str) -> tuple[str, list]:
    from markdown_it import MarkdownIt

    sheet = tmp_path / f"sheet-{answers}.md"
    run = cli("export", "md", "--answers", answers, "-o", str(sheet), "--bank", str(_bank(tmp_path)))
    assert run.exit_code == 0, run.stderr
    text = sheet.read_text(encoding="utf-8")
    reader = MarkdownIt("commonmark")  # raw HTML on, as a CommonMark viewer has it
    reader.validateLink = lambda url: True  # a viewer that does not filter javascript: links itself
    tokens = reader.parse(text)
    return text, tokens + [child for token in tokens for child in (token.children or [])]


OUR_HTML = {"<details><summary>答案 / Answer</summary>\n", "</details>\n"}


def test_the_markdown_sheet_makes_no_html_link_or_image_of_bank_text(cli, tmp_path: Path) -> None:
    for answers in ("inline", "end"):
        text, tokens = _sheet_tokens(cli, tmp_path, answers)
        assert [t.type for t in tokens if t.type in ("link_open", "image")] == [], answers
        assert {t.content for t in tokens if t.type == "html_inline"} == set(), answers
        assert {t.content for t in tokens if t.type == "html_block"} <= OUR_HTML, answers
        assert [t.type for t in tokens if t.type in ("fence", "code_block")] == [], answers
        if answers == "inline":  # every fold closes where the sheet closes it
            closed = sum(t.content == "</details>\n" for t in tokens if t.type == "html_block")
            assert closed == len(HOSTILE["questions"])
    # What the reader of the file sees: the bank's text, with only a "<" or a backslash changed.
    assert "&lt;script>alert(1)&lt;/script> SGD 每步用几个样本？" in text
    assert "[x]\\(javascript:alert(6)) &lt;javascript:alert(7)>" in text
    assert "&lt;script\nalert(8)\n\\[y]: javascript:alert(9)" in text
    assert "> &lt;!-- 注释吞掉后面的内容" in text and "&lt;?php 也会 ?>" in text
    assert "![pixel]\\(https://example.invalid/t.png) &lt;![CDATA[ x ]]>" in text
    assert "\\```\n代码块" in text and "  \\~~~ A fence" in text and "> > \\```" in text
    # A viewer that typesets formulas with MathJax gets no link or style command either.
    assert not OBEYED_MACROS.search(text)
    assert "$\\backslash\\mathrm{href}{javascript:alert(4)}{x} + \\backslash\\mathrm{style}{position:fixed;inset:0}{y}$" in text


def test_the_bundled_banks_texts_need_no_escape_on_the_sheet(bundled_bank) -> None:
    from ch3quiz.bank.model import choice_text
    from ch3quiz.export.markdown import _shown

    for question in bundled_bank:
        texts = [question.prompt_zh, question.prompt_en, question.explanation_zh, question.explanation_en,
                 *(choice_text(choice) for choice in question.choices)]
        assert [_shown(text) for text in texts] == texts, question.id


CONTROL = {
    "section": "3.6",
    "questions": [{
        "id": "c-tf", "type": "tf", "difficulty": 1, "tags": ["sgd"],
        "prompt_zh": "\x1b]0;owned\x07SGD 每步用一个样本。", "prompt_en": "\x1b[2JOne sample per step?", "answer": True,
        "explanation_zh": "对。\rline", "explanation_en": "Yes.",
    }],
}


def _csv_on_a_terminal(bank: Path, home: Path) -> bytes:
    """What ``export csv -o -`` sends to stdout when stdout is a pseudo-terminal."""
    import os
    import pty
    import select
    import subprocess
    import sys

    master, slave = pty.openpty()
    env = {**os.environ, "NO_COLOR": "1", "CH3QUIZ_HOME": str(home), "PYTHONPATH": str(Path(__file__).parents[2])}
    child = subprocess.Popen([sys.executable, "-m", "ch3quiz", "export", "csv", "-o", "-", "--bank", str(bank)],
                             stdin=subprocess.DEVNULL, stdout=slave, stderr=subprocess.DEVNULL, env=env)
    os.close(slave)
    shown = bytearray()
    try:
        while True:
            ready, _, _ = select.select([master], [], [], 0.05)
            try:
                chunk = os.read(master, 65536) if ready else b""
            except OSError:  # the child has gone and closed its side
                break
            if ready and not chunk:
                break
            shown.extend(chunk)
            if not ready and child.poll() is not None:
                break
        assert child.wait(timeout=60) == 0
    finally:
        child.kill()
        os.close(master)
    return bytes(shown)


def test_a_csv_shown_on_a_terminal_has_its_control_characters_shown_not_obeyed(cli, tmp_path: Path) -> None:
    bank = tmp_path / "control.yaml"
    bank.write_text(yaml.safe_dump(CONTROL, allow_unicode=True), encoding="utf-8")
    shown = _csv_on_a_terminal(bank, tmp_path / "home").decode("utf-8")
    assert "\x1b" not in shown and "\x07" not in shown
    assert "␛]0;owned␇SGD 每步用一个样本。" in shown and "␛[2JOne sample per step?" in shown and "对。␍line" in shown
    # Into a pipe or a file every byte stays, so the import gets the bank back as it was.
    piped = cli("export", "csv", "-o", "-", "--bank", str(bank))
    assert piped.exit_code == 0 and "\x1b]0;owned\x07SGD" in piped.stdout and "对。\rline" in piped.stdout
