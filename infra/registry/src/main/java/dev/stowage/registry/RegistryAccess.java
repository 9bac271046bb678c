package dev.stowage.registry;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Supplier;

/**
 * How this process pulls from registries: where credentials come from, and the same settings
 * pushes use (retries, timeout, TLS: loopback registries always plain HTTP, every registry with
 * {@code --tls-verify=false}), and the Vert.x instance its HTTP clients run on, asked for only
 * when a caller is opened (so a process that never talks to a registry never starts one).
 */
public record RegistryAccess(Supplier<Vertx> vertx, CredentialResolver credentials, PushSettings settings, RegistryMeters meters) {

    /** Without metrics. */
    public RegistryAccess(Supplier<Vertx> vertx, CredentialResolver credentials, PushSettings settings) {
        this(vertx, credentials, settings, RegistryMeters.none());
    }

    /** The same access, counting into {@code counted}. */
    public RegistryAccess withMeters(RegistryMeters counted) {
        return new RegistryAccess(vertx, credentials, settings, counted);
    }

    /** A caller for one registry host, with its own HTTP client on {@link #vertx()}; it must be closed. */
    public RegistryCaller open(String registry) {
        try {
            boolean plainHttp = settings.plainHttp(registry);
            return new RegistryCaller(vertx.get(), registry, plainHttp, credentials.forHost(registry), settings.retry(), settings.timeout(), meters);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the credentials for " + registry + ": " + e.getMessage(), e);
        }
    }
}
