package io.ghostide.realtime.system;

import java.io.IOException;
import java.net.InetAddress;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server's defaults as shipped: port 8000 on the loopback address only, since the server runs
 * code on request. Read from the packaged configuration rather than by binding port 8000, which
 * another process on the machine may hold.
 */
class ServerDefaultsTests {

    @Test
    void theServerListensOnPort8000OfTheLoopbackAddressByDefault() throws IOException {
        Binder binder = packagedConfiguration();
        assertThat(binder.bind("server.port", Integer.class).get()).isEqualTo(8000);
        InetAddress address = binder.bind("server.address", InetAddress.class).get();
        assertThat(address.getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(address.isLoopbackAddress()).isTrue();
    }

    @Test
    void noOtherPackagedConfigurationOverridesTheDefaults() {
        // a profile file or a properties file beside application.yml could move the server off loopback
        for (String name : List.of("application.properties", "application-default.yml", "application-default.properties")) {
            assertThat(new ClassPathResource(name).exists()).as(name).isFalse();
        }
    }

    private static Binder packagedConfiguration() throws IOException {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        for (PropertySource<?> source : new YamlPropertySourceLoader().load("application.yml",
                new ClassPathResource("application.yml"))) {
            environment.getPropertySources().addLast(source);
        }
        return new Binder(ConfigurationPropertySources.from(environment.getPropertySources()));
    }
}
