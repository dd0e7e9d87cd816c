package io.ghostide.realtime.ghost.advice;

import java.util.Set;

/** The Python modules a program may import without a file of its own next to it. */
public final class PythonModules {

    /** Modules of the standard library, which need only an import. */
    static final Set<String> STDLIB = Set.of("math", "random", "os", "sys", "json", "time", "re",
            "datetime", "collections", "itertools", "functools", "string", "statistics", "typing", "pathlib", "csv",
            "copy", "heapq", "bisect", "fractions", "decimal", "unittest", "dataclasses", "enum", "abc", "io",
            "operator", "textwrap", "pprint", "argparse", "subprocess", "threading", "queue", "hashlib", "base64",
            "secrets", "uuid", "calendar", "array", "struct", "logging", "shutil", "glob", "tempfile", "urllib");

    /** Popular packages that are not installed in the sandbox. */
    static final Set<String> THIRD_PARTY = Set.of("numpy", "pandas", "requests", "flask", "django",
            "matplotlib", "scipy", "bs4", "yaml", "PIL", "sklearn", "torch", "tensorflow", "pytest", "fastapi",
            "seaborn", "cv2", "sympy", "aiohttp", "httpx", "pydantic", "dotenv", "openai");

    private PythonModules() {
    }

    /** Whether {@code name} is a module of the standard library or a well-known package, not a file of the user's. */
    public static boolean isLibrary(String name) {
        return STDLIB.contains(name) || THIRD_PARTY.contains(name);
    }
}
