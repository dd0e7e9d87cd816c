package io.ghostide.realtime.ghost.advice;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The texts of the offline advice, kept as data in {@value #BUNDLE} and filled in by name: a
 * {@code {where}} in a text takes the value given for {@code "where"}. A key that is missing, or
 * names that differ from a text's placeholders, fail at once rather than print a half sentence.
 */
final class AdviceMessages {

    static final String BUNDLE = "ghost/advice/messages.properties";

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\w+)}");

    // key -> text, loaded once; the file ships in the jar, so a failure to read it is a broken build
    private static final Map<String, String> TEXTS = load();

    private AdviceMessages() {
    }

    /** The text of {@code key} with each placeholder replaced: {@code names} alternates name and value. */
    static String text(String key, Object... namesAndValues) {
        String template = TEXTS.get(key);
        if (template == null) {
            throw new IllegalStateException("No advice text '" + key + "' in " + BUNDLE);
        }
        Set<String> given = new LinkedHashSet<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            given.add((String) namesAndValues[i]);
        }
        if (!given.equals(placeholders(key))) {
            throw new IllegalStateException("Advice text '" + key + "' has placeholders " + placeholders(key)
                    + " but was given " + given);
        }
        Matcher placeholder = PLACEHOLDER.matcher(template);
        StringBuilder text = new StringBuilder();
        while (placeholder.find()) {
            String value = valueOf(placeholder.group(1), namesAndValues);
            placeholder.appendReplacement(text, Matcher.quoteReplacement(value));
        }
        placeholder.appendTail(text);
        return text.toString();
    }

    static Set<String> keys() {
        return TEXTS.keySet();
    }

    static Set<String> placeholders(String key) {
        return PLACEHOLDER.matcher(TEXTS.getOrDefault(key, "")).results().map(match -> match.group(1))
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    private static String valueOf(String name, Object[] namesAndValues) {
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (namesAndValues[i].equals(name)) {
                return String.valueOf(namesAndValues[i + 1]);
            }
        }
        throw new IllegalStateException("No value for {" + name + "}");
    }

    private static Map<String, String> load() {
        try (InputStream in = AdviceMessages.class.getClassLoader().getResourceAsStream(BUNDLE)) {
            if (in == null) {
                throw new IllegalStateException(BUNDLE + " is missing from the classpath");
            }
            Properties texts = new Properties();
            texts.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            return texts.stringPropertyNames().stream()
                    .collect(Collectors.toUnmodifiableMap(key -> key, texts::getProperty));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
