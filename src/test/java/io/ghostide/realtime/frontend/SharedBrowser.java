package io.ghostide.realtime.frontend;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One headless Chromium for a test class and its nested classes, registered as a static
 * {@code @RegisterExtension} field: started before the first test (the class is skipped where
 * {@link BrowserDriver#unavailableReason} says it cannot run), its tabs and context closed after
 * every test, and the browser closed after the class that started it.
 */
final class SharedBrowser implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {

    private @Nullable BrowserDriver driver;

    // the class whose tests started the browser: nested classes' callbacks reach here too
    private @Nullable Class<?> owner;

    /** The running browser; only within a test. */
    BrowserDriver driver() {
        BrowserDriver current = this.driver;
        if (current == null) {
            throw new IllegalStateException("The browser runs only within the tests of its class");
        }
        return current;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        if (this.driver == null) {
            this.owner = context.getRequiredTestClass();
            this.driver = BrowserDriver.startOrSkip();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (this.driver != null) {
            this.driver.reset();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (this.driver != null && context.getRequiredTestClass() == this.owner) {
            this.driver.close();
            this.driver = null;
            this.owner = null;
        }
    }
}
