package io.ghostide.realtime.workspace;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.ghostide.realtime.identity.CallerHolder;
import io.ghostide.realtime.system.JsonReadLimits;
import io.ghostide.realtime.system.RefusedBodies;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /api/v1/sessions/{session_id}/files}: a {@code PUT} stores a file from a JSON body
 * {@code {content, language?}} or from a plain body (any other content type, with
 * {@code ?language=}); {@code GET} reads one or lists them all; {@code DELETE} removes one.
 * A body is read with a bound, so an oversized upload is refused without being buffered.
 */
@RestController
@RequestMapping("/api/v1/sessions/{sessionId}/files")
class SessionFilesController {

    // JSON escapes can make content several times longer than the text it carries
    private static final int JSON_OVERHEAD_FACTOR = 4;

    private static final int JSON_OVERHEAD_BYTES = 64 * 1024;

    private final SessionFileService files;

    private final JsonMapper jsonMapper;

    private final JsonReadLimits jsonLimits;

    SessionFilesController(SessionFileService files, JsonMapper jsonMapper, JsonReadLimits jsonLimits) {
        this.files = files;
        this.jsonMapper = jsonMapper;
        this.jsonLimits = jsonLimits;
    }

    /** The body of a JSON {@code PUT}. */
    record PutFileRequest(@Nullable String content, @Nullable String language) {
    }

    /** The answer to a {@code PUT}: the stored file and whether the save created it. */
    record SavedFileResponse(String fileId, String fileName, String language, long size, Instant savedAt,
            boolean created) {
    }

    /** One file with its content. */
    record SessionFileContent(String fileId, String fileName, String language, long size, Instant savedAt,
            String content) {
    }

    /** The files of a session, without their content. */
    record SessionFileList(String sessionId, List<SessionFile> files, int count) {
    }

    @GetMapping
    SessionFileList list(@PathVariable String sessionId) {
        List<SessionFile> list = this.files.list(sessionId);
        return new SessionFileList(sessionId, list, list.size());
    }

    @GetMapping("/{fileName}")
    SessionFileContent read(@PathVariable String sessionId, @PathVariable String fileName) {
        Map.Entry<SessionFile, String> entry = this.files.read(sessionId, fileName);
        SessionFile file = entry.getKey();
        return new SessionFileContent(file.fileId(), file.fileName(), file.language(), file.size(), file.savedAt(),
                entry.getValue());
    }

    @PutMapping("/{fileName}")
    ResponseEntity<SavedFileResponse> put(@PathVariable String sessionId, @PathVariable String fileName,
            @RequestParam(required = false) @Nullable String language,
            @RequestHeader(value = HttpHeaders.CONTENT_TYPE, required = false) @Nullable String contentType,
            @RequestHeader(value = HttpHeaders.CONTENT_LENGTH, required = false) @Nullable Long contentLength,
            InputStream body, @Nullable Principal principal) throws IOException {
        try {
            return store(sessionId, fileName, language, contentType, contentLength, body, userOf(principal));
        }
        catch (RuntimeException ex) {
            // refused (a bad session, name or body) before the body was read to its end
            if (RefusedBodies.worthDraining(contentLength)) {
                RefusedBodies.drain(body);
            }
            throw ex;
        }
    }

    private ResponseEntity<SavedFileResponse> store(String sessionId, String fileName, @Nullable String language,
            @Nullable String contentType, @Nullable Long contentLength, InputStream body, String user)
            throws IOException {
        // refuse a bad name or session before reading a byte of the body
        this.files.validate(sessionId, fileName, 0, language);
        MediaType mediaType = mediaType(contentType);
        if (MediaType.APPLICATION_FORM_URLENCODED.includes(mediaType) || MediaType.MULTIPART_FORM_DATA.includes(mediaType)) {
            // a form body is parsed into request parameters before it gets here (curl -d sends one by default):
            // storing what is left would store an empty file
            throw SessionFileException.unsupportedMediaType("Send the file as text/plain or application/octet-stream "
                    + "(curl -T main.py, or -H 'Content-Type: text/plain' --data-binary @main.py), or as JSON "
                    + "{\"content\": ..., \"language\": ...}; got " + mediaType);
        }
        boolean json = mediaType.isCompatibleWith(MediaType.APPLICATION_JSON)
                || mediaType.getSubtype().endsWith("+json");
        long max = this.files.maxFileSize();
        long limit = json ? max * JSON_OVERHEAD_FACTOR + JSON_OVERHEAD_BYTES : max;
        if (contentLength != null && contentLength > limit) {
            throw tooLarge(fileName, contentLength, json);
        }
        byte[] bytes = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
        if (bytes.length > limit) {
            throw tooLarge(fileName, bytes.length, json);
        }
        String content;
        String effectiveLanguage = language;
        if (json) {
            PutFileRequest request = parse(bytes);
            if (request.content() == null) {
                throw SessionFileException.badRequest("Invalid file body", "A JSON body needs a \"content\" string");
            }
            content = request.content();
            if (request.language() != null) {
                effectiveLanguage = request.language();
            }
        }
        else {
            content = decode(bytes, charsetOf(mediaType));
        }
        SessionFileService.SaveResult result = this.files.save(sessionId, fileName, content, effectiveLanguage,
                user);
        SessionFile file = result.file();
        SavedFileResponse response = new SavedFileResponse(file.fileId(), file.fileName(), file.language(),
                file.size(), file.savedAt(), result.created());
        if (result.created()) {
            return ResponseEntity.created(URI.create("/api/v1/sessions/" + sessionId + "/files/" + fileName))
                    .body(response);
        }
        return ResponseEntity.ok(response);
    }

    @DeleteMapping("/{fileName}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable String sessionId, @PathVariable String fileName, @Nullable Principal principal) {
        this.files.delete(sessionId, fileName, userOf(principal));
    }

    // who a doc_update made by this request names
    private static String userOf(@Nullable Principal principal) {
        String user = CallerHolder.callerOf(principal).user();
        return user != null ? user : "anonymous";
    }

    private PutFileRequest parse(byte[] bytes) {
        try {
            PutFileRequest request = this.jsonMapper.readValue(bytes, PutFileRequest.class);
            if (request == null) {
                throw SessionFileException.badRequest("Invalid file body", "The JSON body is empty");
            }
            return request;
        }
        catch (JacksonException ex) {
            // a content longer than any field may be is refused as the content too large it is
            JsonReadLimits.Refusal refusal = this.jsonLimits.refusalOf(ex);
            if (refusal != null) {
                throw refusal.status() == 413 ? SessionFileException.tooLarge(refusal.detail())
                        : SessionFileException.badRequest(refusal.title(), refusal.detail());
            }
            throw SessionFileException.badRequest("Invalid file body", "The body is not a JSON object "
                    + "{\"content\": ..., \"language\": ...}: " + ex.getOriginalMessage());
        }
    }

    private static String decode(byte[] bytes, Charset charset) {
        try {
            return charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        }
        catch (CharacterCodingException ex) {
            throw SessionFileException.badRequest("Invalid file body",
                    "Session files are text; the body is not valid " + charset.name());
        }
    }

    private static Charset charsetOf(MediaType mediaType) {
        try {
            Charset charset = mediaType.getCharset();
            return charset != null ? charset : StandardCharsets.UTF_8;
        }
        catch (IllegalArgumentException ex) {
            throw SessionFileException.badRequest("Invalid content type", "Unknown charset in " + mediaType);
        }
    }

    private static MediaType mediaType(@Nullable String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return MediaType.TEXT_PLAIN;
        }
        try {
            return MediaType.parseMediaType(contentType);
        }
        catch (InvalidMediaTypeException ex) {
            throw SessionFileException.badRequest("Invalid content type", ex.getMessage());
        }
    }

    private SessionFileException tooLarge(String fileName, long size, boolean json) {
        return SessionFileException.tooLarge("The body for " + fileName + " is " + size + " bytes; files are limited to "
                + this.files.maxFileSize() + " bytes (ghostide.workspace.max-file-size)"
                + (json ? ", a JSON body to about four times that" : ""));
    }
}
