package dev.stowage.registryserver;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.stowage.error.BadInputException;
import dev.stowage.json.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Who may read which repository names: an ordered list of rules, the first whose {@code names}
 * glob ({@link NameGlob}) matches decides; no match is denied. A rule lets in the {@code users}
 * it lists ({@code "*"}: every user the htpasswd file knows) and, with {@code "anonymous": true},
 * callers without credentials. Loaded strictly from JSON:
 * {@code [{"names":"public/**","anonymous":true},{"names":"team-a/**","users":["alice"]}]}.
 */
public final class AccessRules {
    /** One rule as written. */
    public record Rule(NameGlob names, List<String> users, boolean anonymous) {
        public Rule {
            users = List.copyOf(users);
        }

        boolean lets(Optional<String> user) {
            return user.isEmpty() ? anonymous : anonymous || users.contains("*") || users.contains(user.get());
        }
    }

    /** A rule as the file holds it; {@code names} is required, unknown fields are refused. */
    private record Written(@JsonProperty(value = "names", required = true) String names, List<String> users, Boolean anonymous) {}

    private final List<Rule> rules;

    public AccessRules(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** Anyone may read anything: the registry without auth. */
    public static AccessRules anonymousEverywhere() {
        return new AccessRules(List.of(new Rule(NameGlob.compile("**"), List.of(), true)));
    }

    /** Every user of the htpasswd file may read anything, nobody else: {@code --htpasswd} without {@code --access}. */
    public static AccessRules everyUser() {
        return new AccessRules(List.of(new Rule(NameGlob.compile("**"), List.of("*"), false)));
    }

    public static AccessRules load(Path file) {
        byte[] bytes = InputFile.read(file, "the access rules");
        List<Written> written;
        try {
            written = Json.reader().forType(new TypeReference<List<Written>>() {}).readValue(bytes);
        } catch (JsonProcessingException e) {
            throw new BadInputException(file.toString(), "not access rules ([{\"names\":GLOB,\"users\":[USER…],\"anonymous\":BOOL}]): " + Json.describe(e), e);
        } catch (IOException e) {
            throw new BadInputException(file.toString(), "cannot read the access rules: " + e.getMessage(), e);
        }
        if (written == null) throw new BadInputException(file.toString(), "empty access rules: give a JSON array of rules");
        List<Rule> rules = new ArrayList<>();
        for (int i = 0; i < written.size(); i++) {
            Written w = written.get(i);
            String at = file + ": [" + i + "]";
            if (w == null) throw new BadInputException(at, "a rule is an object, got null");
            NameGlob glob;
            try {
                glob = NameGlob.compile(w.names());
            } catch (IllegalArgumentException e) {
                throw new BadInputException(at + ".names", e.getMessage(), e);
            }
            List<String> users = w.users() == null ? List.of() : w.users();
            for (String u : users) {
                if (u == null || u.isEmpty() || u.contains(":")) throw new BadInputException(at + ".users", "a user is a non-empty name without ':', got '" + u + "'");
            }
            boolean anonymous = w.anonymous() != null && w.anonymous();
            if (users.isEmpty() && !anonymous) throw new BadInputException(at, "the rule lets nobody in: give \"users\" or \"anonymous\": true");
            rules.add(new Rule(glob, users, anonymous));
        }
        return new AccessRules(rules);
    }

    /** Whether {@code user} (empty: no credentials) may read {@code name}: the first rule matching the name decides. */
    public boolean allows(Optional<String> user, RepositoryName name) {
        for (Rule r : rules) {
            if (r.names().matches(name)) return r.lets(user);
        }
        return false;
    }

    /** The first user a rule names, if any (they need {@code --htpasswd}). */
    public Optional<String> firstNamedUser() {
        return rules.stream().flatMap(r -> r.users().stream()).findFirst();
    }
}
