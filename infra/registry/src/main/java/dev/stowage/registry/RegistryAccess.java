package dev.stowage.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * How this process pulls from registries: where credentials come from, and the same settings
 * pushes use (retries, timeout, TLS: loopback registries always plain HTTP, every registry with
 * {@code --tls-verify=false}).
 */
public record RegistryAccess(CredentialResolver credentials, PushSettings settings, RegistryMeters meters) {

    /** Without metrics. */
    public RegistryAccess(CredentialResolver credentials, PushSettings settings) {
        this(credentials, settings, RegistryMeters.none());
    }

    /** From the process environment and home, with the default settings. */
    public static RegistryAccess fromEnvironment() {
        return new RegistryAccess(CredentialResolver.fromEnvironment(Map.of()), PushSettings.defaults());
    }

    /** A caller for one registry host; the caller owns a Vert.x instance and must be closed. */
    public RegistryCaller open(String registry) {
        try {
            boolean plainHttp = settings.plainHttp(registry);
            return new RegistryCaller(registry, plainHttp, credentials.forHost(registry), settings.retry(), settings.timeout(), meters);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the credentials for " + registry + ": " + e.getMessage(), e);
        }
    }
}
