package io.ghostide.realtime.ghost.advice;

import java.util.Optional;

/** Reads the error out of what one language family's toolchain or runtime wrote to stderr. */
interface ErrorParser {

    Optional<ParsedError> parse(String stderr);
}
