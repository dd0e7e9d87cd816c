#!/usr/bin/python3
"""Runs every program under programs/ with the real toolchain and writes what it printed to
corpus.json, the input of OfflineAdviceCorpusTests. Run it again after adding a program."""
import json, os, pathlib, shutil, subprocess, tempfile

HERE = pathlib.Path(__file__).resolve().parent
LANGUAGES = {".py": "python", ".js": "javascript", ".c": "c", ".cpp": "cpp"}


def run(argv, cwd, stdin="", timeout=20):
    done = subprocess.run(argv, cwd=cwd, capture_output=True, text=True, input=stdin,
                          timeout=timeout, env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"})
    code = done.returncode if done.returncode >= 0 else 128 - done.returncode
    return done.stderr, code


def capture(name, language, source, workdir):
    if language == "python":
        return ("runtime_error",) + run(["/usr/bin/python3", "main.py"], workdir)
    if language == "javascript":
        return ("runtime_error",) + run(["/usr/bin/node", "main.js"], workdir)
    compiler = {"c": ["/usr/bin/gcc", "-std=gnu17", "-O2", "-o", "main", "main.c", "-lm"],
                "cpp": ["/usr/bin/g++", "-std=gnu++17", "-O2", "-o", "main", "main.cpp"],
                "java": ["/usr/bin/javac", "-d", ".", "Main.java"]}[language]
    stderr, code = run(compiler, workdir)
    if code != 0:
        return "compilation_error", stderr, code
    program = ["/usr/bin/java", "-Xmx64m", "-Xss512k", "-cp", ".", "Main"] if language == "java" else ["./main"]
    # a number on stdin, so that scanf into a plain int crashes rather than reading nothing
    return ("runtime_error",) + run(program, workdir, "5\n" if language != "java" else "")


# ends the sandbox gives a run itself, from its limits rather than from the program's output
SANDBOX_STOPS = [
    {"name": "timeout.py", "language": "python", "code": "n = 0\nwhile True:\n    n += 1\nx = input()\n", "stderr": "",
     "exitCode": 137, "status": "timed_out"},
    {"name": "timeout.c", "language": "c", "code": "int main(void) {\n    for (;;) { }\n}\n", "stderr": "",
     "exitCode": 137, "status": "timed_out"},
    {"name": "output_limit.js", "language": "javascript", "code": "for (let i = 0; ; i++) {\n  console.log(i);\n}\n",
     "stderr": "", "exitCode": 137, "status": "output_limit_exceeded"},
    {"name": "memory_limit.py", "language": "python", "code": "items = []\nwhile True:\n    items.append('x' * 1000)\n",
     "stderr": "", "exitCode": 137, "status": "memory_limit_exceeded"},
    {"name": "killed.cpp", "language": "cpp", "code": "int main() {\n    while (true) { }\n}\n", "stderr": "",
     "exitCode": 137, "status": "killed"},
]


def main():
    cases = []
    programs = HERE / "programs"
    sources = [(p.name, LANGUAGES[p.suffix], p) for p in programs.iterdir() if p.suffix in LANGUAGES]
    sources += [(d.name + ".java", "java", d / "Main.java") for d in (programs / "java").iterdir()]
    for name, language, path in sorted(sources):
        source = path.read_text()
        workdir = pathlib.Path(tempfile.mkdtemp(prefix="run-"))
        try:
            file = {"python": "main.py", "javascript": "main.js", "c": "main.c", "cpp": "main.cpp",
                    "java": "Main.java"}[language]
            (workdir / file).write_text(source)
            status, stderr, code = capture(name, language, source, workdir)
        finally:
            shutil.rmtree(workdir)
        # the temporary directory differs from run to run; the sandbox's is /tmp/run-1
        stderr = stderr.replace(str(workdir), "/tmp/run-1")
        if code == 0:
            raise SystemExit(name + " did not fail")
        cases.append({"name": name, "language": language, "code": source, "stderr": stderr,
                      "exitCode": code, "status": status})
    cases += SANDBOX_STOPS
    (HERE / "corpus.json").write_text(json.dumps(cases, indent=1, ensure_ascii=False) + "\n")
    print(len(cases), "cases")


if __name__ == "__main__":
    main()
