package dev.stowage.publisher.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;

/**
 * How this process pulls from registries: where credentials come from and whether TLS is used.
 * Loopback registries are always spoken to over plain HTTP; with {@code tlsVerify=false} (the
 * command line's {@code --tls-verify=false}) every registry is (the rule pushes follow too).
 */
public record RegistryAccess(CredentialResolver credentials, boolean tlsVerify, RetryPolicy retry, Duration timeout) {

    public static RegistryAccess standard(CredentialResolver credentials, boolean tlsVerify) {
        return new RegistryAccess(credentials, tlsVerify, RetryPolicy.standard(), Duration.ofSeconds(60));
    }

    /** From the process environment and home, verifying TLS. */
    public static RegistryAccess fromEnvironment() {
        return standard(CredentialResolver.fromEnvironment(Map.of()), true);
    }

    public boolean plainHttp(String registry) {
        return !tlsVerify || new ImageReference(registry, "any", "latest").loopback();
    }

    /** A caller for one registry host; the caller owns a Vert.x instance and must be closed. */
    public RegistryCaller open(String registry) {
        try {
            return new RegistryCaller(registry, plainHttp(registry), credentials.forHost(registry), retry, timeout);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the credentials for " + registry + ": " + e.getMessage(), e);
        }
    }
}
