package io.ghostide.realtime.system;

import java.util.List;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Scope;
import org.springframework.core.Ordered;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Gives the application's one JSON mapper (REST bodies, STOMP and raw frames, everything the
 * server parses) the {@link JsonReadLimits} derived from the features' {@link JsonInputLimit}s,
 * and bounds request bodies before they are bound ({@link RequestBodyLimitFilter}).
 */
@Configuration(proxyBeanMethods = false)
class JsonLimitsConfiguration {

    @Bean
    static JsonReadLimits jsonReadLimits(List<JsonInputLimit> inputs) {
        return JsonReadLimits.of(inputs);
    }

    /**
     * Takes the place of Boot's builder of the same name: a customizer cannot change the stream
     * factory, where Jackson 3 keeps its read constraints. Boot's customizers (the
     * {@code spring.jackson.*} properties, the problem detail mix-in) are applied as Boot does.
     */
    @Bean
    @Scope("prototype")
    static JsonMapper.Builder jsonMapperBuilder(JsonReadLimits limits,
            ObjectProvider<JsonMapperBuilderCustomizer> customizers) {
        JsonMapper.Builder builder = JsonMapper.builder(JsonFactory.builder()
                .streamReadConstraints(limits.constraints()).build());
        customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
        return builder;
    }

    @Bean
    static FilterRegistrationBean<RequestBodyLimitFilter> requestBodyLimitFilter(List<JsonInputLimit> inputs,
            JsonReadLimits limits, JsonMapper jsonMapper) {
        FilterRegistrationBean<RequestBodyLimitFilter> registration = new FilterRegistrationBean<>(
                new RequestBodyLimitFilter(inputs, limits, jsonMapper));
        // before Spring Security's chain: an oversized body is refused whoever sends it, and never read
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }
}
