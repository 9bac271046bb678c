package dev.stowage.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.error.BadInputException;
import dev.stowage.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * A docker {@code config.json} or containers {@code auth.json} (same format). For a host:
 * {@code credHelpers.<host>} runs that helper; else {@code auths.<key>} with {@code auth}
 * (base64 {@code user:pass}) or {@code username}/{@code password}; else the {@code credsStore}
 * helper. Keys match as docker matches them ({@link RegistryHost#fromKey}). A missing file holds nothing.
 */
record AuthFile(Path file, Map<String, String> env) implements CredentialSource {
    AuthFile {
        env = Map.copyOf(env);
    }

    @Override
    public Optional<Credentials> find(RegistryHost host) {
        if (!Files.isRegularFile(file)) return Optional.empty();
        JsonNode root = read();
        Optional<String> helper = entry(root.path("credHelpers"), host).filter(JsonNode::isTextual).map(JsonNode::asText);
        if (helper.isPresent()) return new CredentialHelper(helper.get(), env).get(host);
        Optional<JsonNode> auth = entry(root.path("auths"), host);
        if (auth.isPresent()) {
            Optional<Credentials> found = fromAuthEntry(auth.get(), host);
            if (found.isPresent()) return found;
        }
        if (root.path("credsStore").isTextual() && !root.get("credsStore").asText().isEmpty()) {
            return new CredentialHelper(root.get("credsStore").asText(), env).get(host);
        }
        return Optional.empty();
    }

    private Optional<Credentials> fromAuthEntry(JsonNode e, RegistryHost host) {
        String auth = e.path("auth").asText("");
        if (!auth.isEmpty()) {
            try {
                return Optional.of(Credentials.fromAuthField(auth));
            } catch (IllegalArgumentException notBase64) {
                throw new BadInputException(file.toString(), "auths entry for " + host + ": 'auth' is not base64 of user:password");
            }
        }
        String user = e.path("username").asText("");
        String pass = e.path("password").asText("");
        if (!user.isEmpty() && !pass.isEmpty()) return Optional.of(new Credentials(user, pass));
        return Optional.empty(); // {} (a credsStore placeholder) or an identitytoken, which is not supported
    }

    private static Optional<JsonNode> entry(JsonNode object, RegistryHost host) {
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (host.matchesKey(e.getKey())) return Optional.of(e.getValue());
        }
        return Optional.empty();
    }

    private JsonNode read() {
        try {
            JsonNode root = Json.tree(file);
            if (root == null || !root.isObject()) throw new BadInputException(file.toString(), "is not a JSON object");
            return root;
        } catch (IOException e) {
            // Jackson's message may quote the file's content (a password): give only the location.
            throw new BadInputException(file.toString(), "cannot be read as JSON (" + e.getClass().getSimpleName() + ")");
        }
    }
}
