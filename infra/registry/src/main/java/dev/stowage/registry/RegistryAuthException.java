package dev.stowage.registry;

import java.util.Optional;

/**
 * The registry (or its token service) refused us after authentication was tried. Says why
 * ({@link Reason}), which registry, repository and user — never a password or token. Not
 * retryable: the same credentials give the same answer.
 */
public final class RegistryAuthException extends RegistryException {
    /** Why access was refused. */
    public enum Reason {
        /** The registry wants credentials and no source had any for it. */
        NO_CREDENTIALS,
        /** The registry or its token service rejected the user's password. */
        BAD_CREDENTIALS,
        /** The user is known but may not do this (e.g. a pull-only user pushing). */
        INSUFFICIENT_SCOPE,
        /** The registry rejected a token its own token service issued. */
        TOKEN_REJECTED,
        /** A challenge we cannot or will not answer (unknown scheme, insecure realm). */
        UNSUPPORTED_CHALLENGE
    }

    private final int status;
    private final Reason reason;
    private final String registry;
    private final String repository;
    private final String user;

    public RegistryAuthException(String message, int status, Reason reason, String registry, String repository, String user) {
        super(message, null);
        this.status = status;
        this.reason = reason;
        this.registry = registry;
        this.repository = repository;
        this.user = user;
    }

    public int status() {
        return status;
    }

    public Reason reason() {
        return reason;
    }

    public String registry() {
        return registry;
    }

    /** The repository the refused request was for (empty for registry-wide requests). */
    public Optional<String> repository() {
        return Optional.ofNullable(repository);
    }

    /** The user we authenticated as (empty when anonymous). */
    public Optional<String> user() {
        return Optional.ofNullable(user);
    }

    @Override
    public boolean retryable() {
        return false;
    }
}
