package io.ghostide.realtime.limits;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Puts the REST calls that run code, ask Ghost or write files under the rate limits. */
@Configuration(proxyBeanMethods = false)
class RateLimitWebConfiguration implements WebMvcConfigurer {

    private final RateLimiter limiter;

    RateLimitWebConfiguration(RateLimiter limiter) {
        this.limiter = limiter;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new RestRateLimitInterceptor(this.limiter, RateLimiter.Action.EXECUTE_CODE))
                .addPathPatterns("/api/v1/execution/**");
        registry.addInterceptor(new RestRateLimitInterceptor(this.limiter, RateLimiter.Action.OTHER))
                .addPathPatterns("/api/v1/executions/**");
        registry.addInterceptor(new RestRateLimitInterceptor(this.limiter, RateLimiter.Action.GHOST_CHAT))
                .addPathPatterns("/api/v1/ghost/**");
        registry.addInterceptor(new RestRateLimitInterceptor(this.limiter, RateLimiter.Action.OTHER))
                .addPathPatterns("/api/v1/sessions/*/files/**");
    }
}
