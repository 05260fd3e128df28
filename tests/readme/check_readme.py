"""Compares what README.md says a program prints with what it prints.

example: in the readme-example block, a comment line that directly follows a line ending in
         `<< '\\n';` is the expected output of that statement; all of them, in order, must equal
         the program's output lines.
demo:    the fenced block between the demo-output markers must equal the output of the binary
         run on --input.
install: every readme-install-NAME block must be, verbatim, what the consumer tests run
         (--consumer-dir: way/CMakeLists.txt between `# readme-install-NAME:begin/end`, or a
         `# readme-install-NAME: <command>` line of ways_in.py, or its VCPKG_MANIFEST).
"""

import argparse
import pathlib
import re
import textwrap
import subprocess
import sys


def block(text, name):
    m = re.search(rf"<!-- {name}:begin -->\n```[a-z]*\n(.*?)```\n<!-- {name}:end -->", text, re.S)
    if not m:
        sys.exit(f"README.md: no {name} block")
    return m.group(1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=["example", "demo", "install"])
    ap.add_argument("--readme", required=True)
    ap.add_argument("--binary")
    ap.add_argument("--input")
    ap.add_argument("--consumer-dir")
    a = ap.parse_args()
    text = open(a.readme, encoding="utf-8").read()
    if a.mode == "install":
        return check_install(text, pathlib.Path(a.consumer_dir))
    if a.mode == "example":
        lines = block(text, "readme-example").splitlines()
        expected = [lines[i].strip()[3:] for i in range(1, len(lines))
                    if lines[i].strip().startswith("// ") and lines[i - 1].rstrip().endswith("<< '\\n';")]
        cmd = [a.binary]
    else:
        expected = block(text, "demo-output").splitlines()
        cmd = [a.binary, a.input]
    if not expected:
        sys.exit("no expected output found in README.md: the check would be vacuous")
    run = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    actual = run.stdout.splitlines()
    if run.returncode != 0 or actual != expected:
        print(f"exit code {run.returncode}\nstderr: {run.stderr}", file=sys.stderr)
        print("README.md says:", *expected, sep="\n  ", file=sys.stderr)
        print("the program prints:", *actual, sep="\n  ", file=sys.stderr)
        return 1
    print(f"README.md {a.mode}: {len(expected)} lines match")
    return 0


def check_install(text, consumer):
    names = re.findall(r"<!-- readme-install-([a-z_]+):begin -->", text)
    if len(names) < 7:
        sys.exit(f"README.md has only {len(names)} install snippets: {names}")
    cmake = (consumer / "way" / "CMakeLists.txt").read_text()
    script = (consumer / "ways_in.py").read_text()
    bad = 0
    for name in names:
        want = block(text, f"readme-install-{name}")
        m = re.search(rf"# readme-install-{name}:begin\n(.*?)\n\s*# readme-install-{name}:end",
                      cmake, re.S)
        if m:
            have = textwrap.dedent(m.group(1)) + "\n"
        elif (m := re.search(rf"# readme-install-{name}: (.*)", script)):
            have = m.group(1) + "\n"
        elif name == "vcpkg" and (m := re.search(r'VCPKG_MANIFEST = """(.*?)"""', script, re.S)):
            have = m.group(1)
        else:
            print(f"readme-install-{name}: no test runs it", file=sys.stderr)
            bad += 1
            continue
        if have != want:
            print(f"readme-install-{name}: README.md says\n{want}the test runs\n{have}",
                  file=sys.stderr)
            bad += 1
        else:
            print(f"readme-install-{name}: identical")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
