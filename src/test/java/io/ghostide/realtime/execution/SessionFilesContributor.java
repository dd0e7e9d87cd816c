package io.ghostide.realtime.execution;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.springframework.boot.test.context.TestConfiguration;

/** Stands in for the workspace feature: the sessions named {@code files-*} have a saved {@code helper.py}. */
@TestConfiguration(proxyBeanMethods = false)
class SessionFilesContributor implements RunDirectoryContributor {

    @Override
    public void contribute(String sessionId, Path workDir) throws IOException {
        if (sessionId.startsWith("files-")) {
            Files.writeString(workDir.resolve("helper.py"), "ANSWER = 42\n");
            // a saved file named like the run's own source must not win over the code being run
            Files.writeString(workDir.resolve("main.py"), "print('the saved main.py ran')\n");
        }
    }
}
