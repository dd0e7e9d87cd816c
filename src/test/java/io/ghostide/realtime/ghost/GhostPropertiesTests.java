package io.ghostide.realtime.ghost;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

class GhostPropertiesTests {

    @Test
    void defaultsNeedNothing() {
        GhostProperties properties = bind(Map.of(), Map.of());
        assertThat(properties.provider()).isEqualTo(GhostProperties.Provider.OFFLINE);
        assertThat(properties.apiKey()).isEmpty();
        assertThat(properties.firstTokenTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(properties.totalTimeout()).isEqualTo(Duration.ofSeconds(120));
        assertThat(properties.historySize()).isEqualTo(20);
        assertThat(properties.reactions().onRun()).isTrue();
        assertThat(properties.reactions().onSave()).isTrue();
        assertThat(properties.reactions().onSaveDebounce()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void theEnvironmentVariablesOfTheReadmeSwitchToAModel() {
        GhostProperties properties = bind(Map.of(), Map.of("GHOSTIDE_GHOST_PROVIDER", "openai",
                "GHOSTIDE_GHOST_BASE_URL", "http://localhost:11434/v1", "GHOSTIDE_GHOST_MODEL", "llama3.2",
                "GHOSTIDE_GHOST_API_KEY", "sk-secret-1"));
        assertThat(properties.model()).isEqualTo("llama3.2");
        assertThat(properties.provider()).isEqualTo(GhostProperties.Provider.OPENAI);
        assertThat(properties.apiKey()).isEqualTo("sk-secret-1");
        assertThat(properties.baseUrl().toString()).isEqualTo("http://localhost:11434/v1");
        assertThat(properties.toString()).doesNotContain("sk-secret-1").contains("apiKey=******");
    }

    private static GhostProperties bind(Map<String, Object> properties, Map<String, Object> environment) {
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        env.getPropertySources().addFirst(new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, environment));
        env.getPropertySources().addFirst(new MapPropertySource("test", properties));
        ConfigurationPropertySources.attach(env);
        return Binder.get(env).bindOrCreate("ghostide.ghost", GhostProperties.class);
    }
}
