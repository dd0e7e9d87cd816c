package io.ghostide.realtime.docs;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static io.ghostide.realtime.support.Json.JSON;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operations guide and the code name the same properties: every {@code ghostide.*} property
 * the code defines (the configuration metadata the build writes from the
 * {@code @ConfigurationProperties} records, plus {@code additional-spring-configuration-metadata.json})
 * has a row in the guide's tables with the code's default, and every {@code ghostide.*} name the
 * guide mentions is a property, a group of them, or a meter the code registers.
 */
class OperationsDocumentTests {

    private static final Path GUIDE = Path.of("docs", "operations.md");

    // a table row that starts with a property in backticks: | `name` | default | meaning |
    private static final Pattern ROW = Pattern.compile("^\\| `([a-z][a-z0-9.<>-]*)` \\| ([^|]*) \\|");

    private static final Pattern MENTION = Pattern.compile("`(ghostide\\.[a-z0-9.<>*-]*[a-z0-9>*])`");

    private static final Pattern METER = Pattern.compile("(?:Counter|Gauge|Timer|DistributionSummary)\\.builder\\(\"(ghostide\\.[^\"]+)\"");

    @Test
    void everyPropertyOfTheCodeHasARowWithItsDefault() throws IOException {
        Map<String, String> rows = rows();
        Map<String, JsonNode> properties = properties();
        assertThat(properties).as("the configuration metadata the build writes").isNotEmpty();
        SoftAssertions.assertSoftly(softly -> properties.forEach((name, property) -> {
            String row = rows.containsKey(name) ? name : name + ".<language>";
            softly.assertThat(rows).as("a row for %s in %s", name, GUIDE).containsKey(row);
            JsonNode defaultValue = property.get("defaultValue");
            if (rows.containsKey(row) && defaultValue != null && !defaultValue.isNull() && !defaultValue.asString().isEmpty()) {
                softly.assertThat(rows.get(row)).as("the default of %s", name).isEqualTo("`" + defaultValue.asString() + "`");
            }
        }));
    }

    @Test
    void everyGhostideNameTheGuideMentionsExists() throws IOException {
        Set<String> properties = properties().keySet();
        Set<String> meters = meters();
        Set<String> unknown = new TreeSet<>();
        Matcher mention = MENTION.matcher(Files.readString(GUIDE));
        while (mention.find()) {
            String name = mention.group(1);
            boolean known = meters.contains(name) || properties.contains(name)
                    || (name.endsWith(".*") && properties.stream().anyMatch(p -> p.startsWith(name.substring(0, name.length() - 1))))
                    || (name.endsWith(".<language>") && properties.contains(name.substring(0, name.length() - ".<language>".length())));
            if (!known) {
                unknown.add(name);
            }
        }
        assertThat(unknown).as("names in %s that are neither a property nor a meter", GUIDE).isEmpty();
    }

    @Test
    void everyMeterOfTheCodeIsInTheGuide() throws IOException {
        String guide = Files.readString(GUIDE);
        assertThat(meters()).isNotEmpty().allSatisfy(meter -> assertThat(guide).contains("`" + meter + "`"));
    }

    private static Map<String, String> rows() throws IOException {
        Map<String, String> rows = new LinkedHashMap<>();
        for (String line : Files.readAllLines(GUIDE)) {
            Matcher row = ROW.matcher(line);
            if (row.find()) {
                rows.put(row.group(1), row.group(2).trim());
            }
        }
        return rows;
    }

    // ghostide.* properties from every metadata file on the class path; only this project's carry that prefix
    private static Map<String, JsonNode> properties() throws IOException {
        Map<String, JsonNode> properties = new LinkedHashMap<>();
        for (URL url : Collections.list(OperationsDocumentTests.class.getClassLoader()
                .getResources("META-INF/spring-configuration-metadata.json"))) {
            try (InputStream in = url.openStream()) {
                for (JsonNode property : JSON.readTree(in).path("properties")) {
                    String name = property.get("name").asString();
                    if (name.startsWith("ghostide.")) {
                        properties.put(name, property);
                    }
                }
            }
        }
        return properties;
    }

    private static Set<String> meters() throws IOException {
        Set<String> meters = new TreeSet<>();
        try (Stream<Path> sources = Files.walk(Path.of("src", "main", "java"))) {
            for (Path source : sources.filter(path -> path.toString().endsWith(".java")).toList()) {
                Matcher meter = METER.matcher(Files.readString(source));
                while (meter.find()) {
                    meters.add(meter.group(1));
                }
            }
        }
        return meters;
    }
}
