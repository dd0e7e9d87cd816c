package io.ghostide.realtime.ghost;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import io.ghostide.realtime.ghost.advice.ErrorAdvisor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OfflineGhostProviderTests {

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

    private final OfflineGhostProvider provider = new OfflineGhostProvider(new ErrorAdvisor(), this.scheduler,
            Duration.ZERO);

    @AfterEach
    void stop() {
        this.scheduler.shutdownNow();
    }

    @Test
    void aSaveRemarkSummarisesTheSavedFileWithItsMissingImports() {
        GhostPrompt.CodeUnit util = new GhostPrompt.CodeUnit("util.py", "python", "def add(a, b):\n    return a + b\n");
        GhostPrompt.CodeUnit main = new GhostPrompt.CodeUnit("main.py", "python",
                "import util\nimport helpers\nimport math\n\ndef main():\n    print(util.add(1, 2))\n");
        String remark = this.provider.write(new GhostPrompt(GhostPrompt.Trigger.ON_SAVE, null, session(main, util, main), List.of(),
                null, main));
        assertThat(remark).contains("Saved main.py: 6 lines of Python, defining `main`")
                .contains("It imports util.py, saved here").contains("It imports helpers.py, which isn't saved")
                .doesNotContain("math.py");
    }

    @Test
    void savingAModuleTellsWhoImportsIt() {
        GhostPrompt.CodeUnit main = new GhostPrompt.CodeUnit("main.py", "python", "from util import add\nprint(add(1, 2))\n");
        GhostPrompt.CodeUnit util = new GhostPrompt.CodeUnit("util.py", "python", "def add(a, b):\n    return a + b\n");
        String remark = this.provider.write(new GhostPrompt(GhostPrompt.Trigger.ON_SAVE, null, session(util, main, util), List.of(),
                null, util));
        assertThat(remark).contains("Saved util.py").contains("`add`").contains("main.py imports it");
    }

    @Test
    void aRunRemarkDescribesTheCodeWithAHintWhenThereIsOne() {
        GhostPrompt.RunReport run = new GhostPrompt.RunReport("run-1", "javascript",
                "function check(x) {\n  if (x == null) return 0;\n  return x;\n}\n", null);
        String remark = this.provider.write(new GhostPrompt(GhostPrompt.Trigger.ON_RUN, null, session(null), List.of(), run, null));
        assertThat(remark).contains("4 lines of JavaScript").contains("`check`").contains("line 2: `==` converts types");
    }

    @Test
    void explainingCodeDescribesTheSavedModuleItImports() {
        GhostPrompt.CodeUnit util = new GhostPrompt.CodeUnit("util.py", "python", "def add(a, b):\n    return a + b\n");
        GhostPrompt.CodeUnit main = new GhostPrompt.CodeUnit("main.py", "python", "import util\nprint(util.add(1, 2))\n");
        String answer = this.provider.write(new GhostPrompt(GhostPrompt.Trigger.CHAT, "explain my code", session(main, util, main),
                List.of(), null, null));
        assertThat(answer).contains("main.py is 2 lines of Python").contains("util.py is saved in this session and defines `add`");
    }

    private static GhostPrompt.SessionSnapshot session(GhostPrompt.CodeUnit current, GhostPrompt.CodeUnit... saved) {
        Map<String, GhostPrompt.CodeUnit> files = new LinkedHashMap<>();
        for (GhostPrompt.CodeUnit file : saved) {
            files.put(file.fileName(), file);
        }
        return new GhostPrompt.SessionSnapshot("s1", current, null, false, files);
    }
}
