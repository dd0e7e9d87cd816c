package io.ghostide.realtime.security;

import java.util.function.Predicate;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import tools.jackson.databind.json.JsonMapper;

/**
 * Spring Security's own firewall, which runs before every filter of the chain on every request and
 * upgrade, with the host names the server answers to ({@link AllowedHostnames}): enforced while
 * bound to loopback, or whenever hosts are listed. A refusal is a problem detail, before
 * authentication ({@link FirewallRejectionHandler}).
 */
@Configuration(proxyBeanMethods = false)
class FirewallConfiguration {

    @Bean
    WebSecurityCustomizer firewall(SecurityProperties properties, JsonMapper jsonMapper, Environment environment) {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        Predicate<String> hostnames = new AllowedHostnames(properties.allowedHosts());
        if (ServerAddress.isLoopback(environment) || !properties.allowedHosts().isEmpty()) {
            firewall.setAllowedHostnames(hostnames);
        }
        else {
            hostnames = host -> true;
        }
        RequestRejectedHandler rejections = new FirewallRejectionHandler(hostnames, new ProblemResponses(jsonMapper));
        return web -> web.httpFirewall(firewall).requestRejectedHandler(rejections);
    }
}
