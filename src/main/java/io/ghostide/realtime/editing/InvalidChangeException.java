package io.ghostide.realtime.editing;

/** A pushed change that the document cannot take, with the {@code error} code its sender gets: 400 or 413. */
final class InvalidChangeException extends RuntimeException {

    private final int code;

    private final String detail;

    private InvalidChangeException(int code, String error, String detail) {
        super(error);
        this.code = code;
        this.detail = detail;
    }

    static InvalidChangeException malformed(String detail) {
        return new InvalidChangeException(400, "Invalid changes", detail);
    }

    static InvalidChangeException misfit(long covered, int documentLength) {
        return new InvalidChangeException(400, "Changes do not fit the document", "The changes cover " + covered
                + " characters (kept and replaced), the document has " + documentLength + "; rebase them on the "
                + "doc_update messages of the session, or open the document again");
    }

    static InvalidChangeException tooLarge(long length, long maxLength) {
        return new InvalidChangeException(413, "Document too large", "The changes would make the document "
                + length + " long; a file holds at most " + maxLength + " (ghostide.workspace.max-file-size)");
    }

    static InvalidChangeException tooLargeBytes(long bytes, long maxBytes) {
        return new InvalidChangeException(413, "Document too large", "The changes would make the document "
                + bytes + " bytes in UTF-8; a file holds at most " + maxBytes + " bytes (ghostide.workspace.max-file-size)");
    }

    static InvalidChangeException splitCharacter() {
        return new InvalidChangeException(400, "Invalid changes", "The changes would leave half of a UTF-16 "
                + "surrogate pair in the document; a file is stored as UTF-8 text");
    }

    static InvalidChangeException tooManyDocuments(int max) {
        return new InvalidChangeException(413, "Too many documents", "A session may have at most " + max
                + " documents open (ghostide.docs.max-documents-per-session)");
    }

    int code() {
        return this.code;
    }

    String detail() {
        return this.detail;
    }
}
