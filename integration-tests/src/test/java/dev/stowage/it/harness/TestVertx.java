package dev.stowage.it.harness;

import dev.stowage.registry.CredentialResolver;
import dev.stowage.registry.PushSettings;
import dev.stowage.registry.RegistryAccess;
import dev.stowage.registry.RegistryMeters;
import dev.stowage.registry.RegistryPusher;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The Vert.x instance a test owns, as the CLI's process owns one: created with the test instance
 * ({@code @RegisterExtension final TestVertx vertx = new TestVertx();}) and closed after each test.
 * Registry clients made here run on it.
 */
public final class TestVertx implements Supplier<Vertx>, AfterEachCallback {
    private final Vertx vertx = Vertx.vertx();

    @Override
    public Vertx get() {
        return vertx;
    }

    /** Registry access with {@code credentials} and {@code settings}, on this instance. */
    public RegistryAccess access(CredentialResolver credentials, PushSettings settings) {
        return new RegistryAccess(this, credentials, settings);
    }

    /** A pusher with {@code credentials} and the default settings. */
    public RegistryPusher pusher(CredentialResolver credentials) {
        return pusher(credentials, PushSettings.defaults());
    }

    public RegistryPusher pusher(CredentialResolver credentials, PushSettings settings) {
        return new RegistryPusher(access(credentials, settings));
    }

    public RegistryPusher pusher(CredentialResolver credentials, PushSettings settings, RegistryMeters meters) {
        return new RegistryPusher(access(credentials, settings).withMeters(meters));
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
