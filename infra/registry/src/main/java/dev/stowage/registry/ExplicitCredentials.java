package dev.stowage.registry;

import java.util.Map;
import java.util.Optional;

/** Credentials given on the command line ({@code --creds}), per registry host. */
record ExplicitCredentials(Map<String, Credentials> byHost) implements CredentialSource {
    ExplicitCredentials {
        byHost = Map.copyOf(byHost);
    }

    @Override
    public Optional<Credentials> find(RegistryHost host) {
        return byHost.entrySet().stream().filter(e -> host.matchesKey(e.getKey())).map(Map.Entry::getValue).findFirst();
    }
}
