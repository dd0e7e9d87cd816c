package io.ghostide.realtime.execution;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LanguageTests {

    @Test
    void aJavaFileIsNamedAfterItsPublicClass() {
        assertThat(Language.JAVA.sourceFileName("public class Hello { }")).isEqualTo("Hello.java");
        assertThat(Language.JAVA.sourceFileName("import java.util.*;\n\npublic final class Greeter {}")).isEqualTo("Greeter.java");
        assertThat(Language.JAVA.sourceFileName("class Helper {}\npublic record Point(int x) {}")).isEqualTo("Point.java");
        assertThat(Language.JAVA.sourceFileName("/* public class Commented {} */ class Main {}")).isEqualTo("Main.java");
        assertThat(Language.JAVA.sourceFileName("class NoPublic { public static void main(String[] a) {} }"))
                .isEqualTo("Main.java");
    }

    @Test
    void theSourceLauncherRunsAJavaFileOnlyWhenItsFirstTypeIsThePublicOne() {
        assertThat(Language.javaRunsFromSource("public class Main { }\nclass Helper { }")).isTrue();
        assertThat(Language.javaRunsFromSource("class OnlyOne { }")).isTrue();
        assertThat(Language.javaRunsFromSource("// class Commented\npublic class Main { static class Inner { } }")).isTrue();
        assertThat(Language.javaRunsFromSource("class Helper { }\npublic class Main { }")).isFalse();
    }

    @Test
    void anEsModuleRunsFromAnMjsFile() {
        assertThat(Language.JAVASCRIPT.sourceFileName("console.log(1)")).isEqualTo("main.js");
        assertThat(Language.JAVASCRIPT.sourceFileName("import fs from 'node:fs';\nconsole.log(1)")).isEqualTo("main.mjs");
        assertThat(Language.JAVASCRIPT.sourceFileName("const fs = require('fs')")).isEqualTo("main.js");
    }

    @Test
    void languagesAreFoundByIdOrCommonAlias() {
        assertThat(Language.byId("python")).isEqualTo(Language.PYTHON);
        assertThat(Language.byId("Py")).isEqualTo(Language.PYTHON);
        assertThat(Language.byId("js")).isEqualTo(Language.JAVASCRIPT);
        assertThat(Language.byId("c++")).isEqualTo(Language.CPP);
        assertThat(Language.byId("cobol")).isNull();
        assertThat(Language.byId(null)).isNull();
    }

    @Test
    void aRuntimesOwnWordsForRunningOutOfMemoryAreRecognized() {
        assertThat(Language.PYTHON.ranOutOfMemory("Traceback ...\nMemoryError\n")).isTrue();
        assertThat(Language.JAVA.ranOutOfMemory("Exception in thread \"main\" java.lang.OutOfMemoryError: Java heap space"))
                .isTrue();
        assertThat(Language.CPP.ranOutOfMemory("terminate called after throwing an instance of 'std::bad_alloc'")).isTrue();
        assertThat(Language.PYTHON.ranOutOfMemory("ZeroDivisionError: division by zero")).isFalse();
    }
}
