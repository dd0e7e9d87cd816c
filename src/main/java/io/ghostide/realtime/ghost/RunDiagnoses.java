package io.ghostide.realtime.ghost;

import java.util.Map;
import java.util.stream.Collectors;

import io.ghostide.realtime.ghost.advice.ErrorAdvisor;
import io.ghostide.realtime.ghost.advice.FailedRun;
import io.ghostide.realtime.ghost.advice.SourceFile;


/** Hands a session's run and saved files to the offline advisor in the advisor's own terms. */
final class RunDiagnoses {

    private RunDiagnoses() {
    }

    static ErrorAdvisor.Diagnosis diagnose(ErrorAdvisor advisor, GhostPrompt.RunReport run,
            Map<String, GhostPrompt.CodeUnit> savedFiles) {
        // file name -> its saved source
        Map<String, SourceFile> sources = savedFiles.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                saved -> new SourceFile(saved.getValue().language(), saved.getValue().code())));
        return advisor.diagnose(new FailedRun(new SourceFile(run.language(), run.code()), run.result()), sources);
    }
}
