"""Compares what README.md says a program prints with what it prints.

example: in the readme-example block, a comment line that directly follows a line ending in
         `<< '\\n';` is the expected output of that statement; all of them, in order, must equal
         the program's output lines.
demo:    the fenced block between the demo-output markers must equal the output of the binary
         run on --input.
"""

import argparse
import re
import subprocess
import sys


def block(text, name):
    m = re.search(rf"<!-- {name}:begin -->\n```[a-z]*\n(.*?)```\n<!-- {name}:end -->", text, re.S)
    if not m:
        sys.exit(f"README.md: no {name} block")
    return m.group(1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=["example", "demo"])
    ap.add_argument("--readme", required=True)
    ap.add_argument("--binary", required=True)
    ap.add_argument("--input")
    a = ap.parse_args()
    text = open(a.readme, encoding="utf-8").read()
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


if __name__ == "__main__":
    sys.exit(main())
