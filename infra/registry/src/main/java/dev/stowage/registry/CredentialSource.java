package dev.stowage.registry;

import java.util.Optional;

/** One place registry credentials may come from; {@link CredentialResolver} asks them in order. */
interface CredentialSource {
    /**
     * The credentials this source holds for {@code host}, if any. A source that exists but is
     * broken (unreadable JSON, a failing credential helper) throws a
     * {@link dev.stowage.error.BadInputException} naming itself, never a secret.
     */
    Optional<Credentials> find(RegistryHost host);
}
