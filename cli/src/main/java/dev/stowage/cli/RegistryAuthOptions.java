package dev.stowage.cli;

import dev.stowage.error.BadInputException;
import dev.stowage.registryserver.AccessGate;
import dev.stowage.registryserver.AccessRules;
import dev.stowage.registryserver.Htpasswd;
import dev.stowage.registryserver.Tokens;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * {@code --htpasswd FILE [--access FILE] [--token-ttl SECONDS] [--token-key FILE]} of
 * {@code serve registry}: without {@code --htpasswd} and {@code --access} anyone pulls anything
 * (docs/registry-service.md, "Auth"). Files are read once, here; a bad one is bad input naming it.
 */
final class RegistryAuthOptions {
    /** A day: tokens are meant to be short-lived (clients fetch a new one when told to). */
    static final long MAX_TOKEN_TTL_SECONDS = 86_400;
    @Option(names = "--htpasswd", paramLabel = "FILE",
            description = "turn auth on: users and bcrypt hashes as 'htpasswd -B' writes them; clients get tokens from this registry's /token (or send Basic)")
    Path htpasswd;
    @Option(names = "--access", paramLabel = "FILE",
            description = "per-name read rules, first match decides: [{\"names\":\"team-a/**\",\"users\":[\"alice\"]},{\"names\":\"public/**\",\"anonymous\":true}] "
                    + "(default with --htpasswd: every user reads every name, anonymous nobody)")
    Path access;
    @Option(names = "--token-ttl", paramLabel = "SECONDS", description = "how long a token this registry issues is good for, at most a day (default 300)")
    long tokenTtlSeconds = 300;
    @Option(names = "--token-key", paramLabel = "FILE",
            description = "HMAC key tokens are signed with, at least 32 bytes: give every replica the same file so each accepts the others' tokens (default: random per process)")
    Path tokenKey;

    /** The gate these flags describe; usage errors and bad files fail before anything is served. */
    AccessGate gate(CommandLine cl, Clock clock) {
        if (tokenTtlSeconds < 1 || tokenTtlSeconds > MAX_TOKEN_TTL_SECONDS) {
            throw new CommandLine.ParameterException(cl, "--token-ttl must be 1-" + MAX_TOKEN_TTL_SECONDS + " seconds, got " + tokenTtlSeconds);
        }
        if (htpasswd == null && access == null) {
            if (tokenKey != null) throw new CommandLine.ParameterException(cl, "--token-key needs --htpasswd or --access: without them there is no auth");
            return AccessGate.open();
        }
        Htpasswd users = htpasswd == null ? null : Htpasswd.load(htpasswd);
        AccessRules rules = access == null ? AccessRules.everyUser() : AccessRules.load(access);
        if (users == null) {
            rules.firstNamedUser().ifPresent(u -> {
                throw new BadInputException("--access", access + " names user '" + u + "' but there are no users: give --htpasswd FILE");
            });
        }
        Duration ttl = Duration.ofSeconds(tokenTtlSeconds);
        Tokens tokens = tokenKey == null ? Tokens.randomKey(ttl, clock) : new Tokens(Tokens.readKey(tokenKey), ttl, clock);
        return AccessGate.of(users, rules, tokens);
    }

    /** For the serving line: which mode, never a secret. */
    String describe() {
        if (htpasswd == null && access == null) return "anonymous";
        return (htpasswd == null ? "" : "htpasswd " + htpasswd + " ") + (access == null ? "every user" : "access " + access)
                + ", tokens " + tokenTtlSeconds + " s" + (tokenKey == null ? " (key of this process)" : " (key " + tokenKey + ")");
    }
}
