package io.ghostide.realtime.ghost.advice;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

/**
 * The texts of Ghost's offline answers by key, as a message source gives them: read from the
 * {@link #BUNDLES}, their placeholders filled by name (a {@code {where}} in a text takes the value
 * given for {@code "where"}). A key that is missing, or names that differ from a text's
 * placeholders, fail at once rather than print a half sentence.
 */
public final class AdviceMessages {

    // one file per rule table, plus the shared texts and the chat; a key lives in exactly one of them
    static final List<String> BUNDLES = List.of("ghost/advice/messages.properties", "ghost/advice/python.properties",
            "ghost/advice/javascript.properties", "ghost/advice/java.properties", "ghost/advice/native.properties",
            "ghost/advice/chat.properties");

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\w+)}");

    // key -> text, loaded once; the files ship in the jar, so a failure to read one is a broken build
    private static final Map<String, String> TEXTS = load();

    private AdviceMessages() {
    }

    /** The text of {@code key} with each placeholder replaced: {@code names} alternates name and value. */
    public static String text(String key, Object... namesAndValues) {
        String template = TEXTS.get(key);
        if (template == null) {
            throw new IllegalStateException("No advice text '" + key + "' in " + BUNDLES);
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

    /**
     * The text of {@code key} when there is one: for tables kept in the files, whose keys share a
     * prefix and whose rows take no placeholders.
     */
    static @Nullable String optionalText(String key) {
        return TEXTS.containsKey(key) ? text(key) : null;
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
        Map<String, String> texts = new HashMap<>();
        for (String bundle : BUNDLES) {
            Properties file = read(bundle);
            for (String key : file.stringPropertyNames()) {
                if (texts.putIfAbsent(key, file.getProperty(key)) != null) {
                    throw new IllegalStateException("Advice text '" + key + "' is defined twice; again in " + bundle);
                }
            }
        }
        return Map.copyOf(texts);
    }

    private static Properties read(String bundle) {
        try (InputStream in = AdviceMessages.class.getClassLoader().getResourceAsStream(bundle)) {
            if (in == null) {
                throw new IllegalStateException(bundle + " is missing from the classpath");
            }
            Properties file = new Properties();
            file.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            return file;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
