#!/usr/bin/python3
"""Keeps docs/course.md honest: runs docs/make_course_charts.sh into a temporary directory and
checks that

  - every chart course.md embeds (![...](course/NAME.svg)) is checked in under docs/course/;
  - every checked-in docs/course/*.svg is, byte for byte, what the script draws now;
  - the commands in course.md's ```sh blocks are the commands the script runs, and the other way
    round (the script may add `|| [ $? -eq N ]` to accept an expected exit code, or `|| false`
    to make a failing `a && b` stop it);
  - every line quoted in a ```text block is printed by the programs during the run ("..." stands
    for anything within the line, such as timings).

  check_course_charts.py BIN_DIR SOURCE_DIR

Exit 0: all hold; 1: something does not (every problem is printed); 2: usage.
"""
import os
import re
import signal
import subprocess
import sys
import tempfile

SCRIPT_TIMEOUT_SECONDS = 240
ACCEPTED_EXIT = re.compile(r"\s*\|\|\s*(\[ \$\? -eq \d+ \]|false)$")


def fenced_blocks(markdown, language):
    """The lines of every ``` block of the given language, one list per block."""
    blocks, current = [], None
    for line in markdown.splitlines():
        if current is None:
            if line.strip() == "```" + language:
                current = []
        elif line.strip() == "```":
            blocks.append(current)
            current = None
        else:
            current.append(line)
    return blocks


def doc_commands(markdown):
    return [line.strip() for block in fenced_blocks(markdown, "sh") for line in block
            if line.strip() and not line.strip().startswith("#")]


def script_commands(script):
    """The command lines of the script's experiment_N functions, without `keep` (copying the
    charts out) and without a trailing `|| [ $? -eq N ]` or `|| false`."""
    commands, inside = [], False
    for line in script.splitlines():
        if re.match(r"^experiment_\d+\(\) \{", line):
            inside = True
        elif inside and line.startswith("}"):
            inside = False
        elif inside:
            command = ACCEPTED_EXIT.sub("", line.strip())
            if command and not command.startswith("#") and not command.startswith("keep "):
                commands.append(command)
    return commands


def quoted_line_found(quote, transcript_lines):
    pattern = re.compile(".*".join(re.escape(part) for part in quote.split("...")))
    return any(pattern.search(line) for line in transcript_lines)


def main():
    if len(sys.argv) != 3:
        print(__doc__)
        return 2
    bin_dir, source_dir = sys.argv[1], sys.argv[2]
    doc_path = os.path.join(source_dir, "docs", "course.md")
    script_path = os.path.join(source_dir, "docs", "make_course_charts.sh")
    charts_dir = os.path.join(source_dir, "docs", "course")
    markdown = open(doc_path, encoding="utf-8").read()
    script = open(script_path, encoding="utf-8").read()
    problems = []

    embedded = sorted(set(re.findall(r"!\[[^\]]*\]\(course/([^)\s]+\.svg)\)", markdown)))
    checked_in = sorted(f for f in os.listdir(charts_dir) if f.endswith(".svg")) \
        if os.path.isdir(charts_dir) else []
    for name in embedded:
        if name not in checked_in:
            problems.append(f"docs/course.md embeds course/{name}, which is not in docs/course/ "
                            f"(bash docs/make_course_charts.sh build/bin docs/course)")
    for name in checked_in:
        if name not in embedded:
            problems.append(f"docs/course/{name} is checked in but docs/course.md does not embed it")

    shown, run = doc_commands(markdown), script_commands(script)
    for command in shown:
        if command not in run:
            problems.append(f"docs/course.md shows a command the script does not run: {command}")
    for command in run:
        if command not in shown:
            problems.append(f"the script runs a command docs/course.md does not show: {command}")

    with tempfile.TemporaryDirectory(prefix="course-check.") as out_dir:
        # its own process group, so that a script that overruns is stopped with its children
        process = subprocess.Popen(["bash", script_path, bin_dir, out_dir], stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT, start_new_session=True)
        try:
            output, _ = process.communicate(timeout=SCRIPT_TIMEOUT_SECONDS)
            status, ok = f"exit {process.returncode}", process.returncode == 0
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGTERM)
            output, _ = process.communicate()
            status, ok = f"no end within {SCRIPT_TIMEOUT_SECONDS} s", False
        transcript = output.decode("utf-8", errors="replace")
        if not ok:
            tail = "\n".join(transcript.splitlines()[-40:])
            problems.append(f"docs/make_course_charts.sh failed ({status}); the last lines it "
                            f"printed:\n{tail}")
        else:
            transcript_lines = transcript.splitlines()
            for block in fenced_blocks(markdown, "text"):
                for quote in block:
                    if quote.strip() in ("", "...") or quoted_line_found(quote, transcript_lines):
                        continue
                    problems.append(f"docs/course.md quotes a line no program printed: {quote}")
            produced = sorted(f for f in os.listdir(out_dir) if f.endswith(".svg"))
            for name in sorted(set(embedded) | set(checked_in)):
                if name not in produced:
                    problems.append(f"the script did not write {name}")
                elif name in checked_in:
                    with open(os.path.join(charts_dir, name), "rb") as a, \
                         open(os.path.join(out_dir, name), "rb") as b:
                        if a.read() != b.read():
                            problems.append(f"docs/course/{name} is not what the script draws now "
                                            f"(bash docs/make_course_charts.sh build/bin "
                                            f"docs/course, and check the numbers course.md quotes)")

    for problem in problems:
        print(f"FAILED: {problem}")
    if problems:
        return 1
    print(f"docs/course.md: {len(embedded)} charts, {len(shown)} commands: all as the script makes them")
    return 0


if __name__ == "__main__":
    sys.exit(main())
