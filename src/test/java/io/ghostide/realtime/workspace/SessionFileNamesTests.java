package io.ghostide.realtime.workspace;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SessionFileNamesTests {

    private final SessionFileNames names = new SessionFileNames(128);

    @ParameterizedTest
    @ValueSource(strings = { "main.py", "util.py", "Main.java", "a", "my-file_2.cpp", "README", "x.tar.gz", "_init.py" })
    void plainNamesAreAccepted(String name) {
        assertThat(this.names.problemWith(name)).isNull();
        assertThat(this.names.requireValid(name)).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = { "../etc/passwd", "..", ".", "a/../../b", "/etc/passwd", "dir/main.py", "..\\win.ini",
            "C:\\x.py", ".env", ".main.py.123.tmp", "a..b", "main py", "main.py\u0000", "ünïcode.py", "a:b", "~root",
            "" })
    void namesThatAreNotPlainAreRefused(String name) {
        assertThat(this.names.problemWith(name)).isNotNull();
        assertThatThrownBy(() -> this.names.requireValid(name)).isInstanceOf(SessionFileException.class)
                .satisfies(ex -> assertThat(((SessionFileException) ex).getStatusCode().value()).isEqualTo(400));
    }

    @Test
    void nameLengthIsLimited() {
        assertThat(this.names.problemWith("a".repeat(128))).isNull();
        assertThat(this.names.problemWith("a".repeat(129))).contains("129 characters").contains("at most 128");
    }

    @Test
    void problemsSayWhatIsWrong() {
        assertThat(this.names.problemWith("../x")).contains("path separator");
        assertThat(this.names.problemWith("..x")).contains("'..'");
        assertThat(this.names.problemWith(".env")).contains("starts with a dot");
        assertThat(this.names.problemWith("a b")).contains("only letters, digits");
    }
}
