package dev.stowage.registryserver;

import dev.stowage.error.BadInputException;
import dev.stowage.json.Json;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Bearer tokens this registry issues and accepts: {@code st1.<claims>.<mac>}, the claims canonical
 * JSON ({@link Grant}) and the mac an HMAC-SHA256 over {@code st1.<claims>}, both base64url. Only
 * this registry (and its replicas, sharing the key) reads them: clients treat tokens as opaque, so
 * a JWT's header and algorithm choice would only add ways to get verification wrong. The mac is
 * compared in constant time; an expired token is refused.
 */
public final class Tokens {
    /** Shortest key accepted: an HMAC-SHA256 key shorter than its output weakens it. */
    public static final int MIN_KEY_BYTES = 32;
    private static final String PREFIX = "st1.";
    private static final String ALGORITHM = "HmacSHA256";
    private static final Base64.Encoder ENCODE = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODE = Base64.getUrlDecoder();
    private final SecretKeySpec key;
    private final Duration ttl;
    private final Clock clock;

    /** What a token grants: pull on {@code pull} (repository names) for {@code sub} ("" when issued without credentials), from {@code iat} until {@code exp} (epoch seconds). */
    public record Grant(String sub, List<String> pull, long iat, long exp) {
        public Grant {
            pull = List.copyOf(new TreeSet<>(pull));
        }

        public Optional<String> user() {
            return sub.isEmpty() ? Optional.empty() : Optional.of(sub);
        }
    }

    /** A token and what it grants. */
    public record Issued(String token, Grant grant) {}

    public Tokens(byte[] key, Duration ttl, Clock clock) {
        if (key.length < MIN_KEY_BYTES) throw new IllegalArgumentException("a token key needs at least " + MIN_KEY_BYTES + " bytes, got " + key.length);
        if (ttl.isNegative() || ttl.isZero()) throw new IllegalArgumentException("the token lifetime must be positive, got " + ttl);
        this.key = new SecretKeySpec(key.clone(), ALGORITHM);
        this.ttl = ttl;
        this.clock = clock;
    }

    /** With a random key of this process only: its tokens are good on this replica alone. */
    public static Tokens randomKey(Duration ttl, Clock clock) {
        byte[] key = new byte[MIN_KEY_BYTES];
        new SecureRandom().nextBytes(key);
        return new Tokens(key, ttl, clock);
    }

    /** The key in {@code file} (its bytes as they are, at least {@link #MIN_KEY_BYTES}); bad input names the file, never the key. */
    public static byte[] readKey(Path file) {
        byte[] key = InputFile.read(file, "the token key");
        if (key.length < MIN_KEY_BYTES) {
            throw new BadInputException(file.toString(), "a token key needs at least " + MIN_KEY_BYTES + " bytes, the file has " + key.length
                    + " (e.g. head -c 32 /dev/urandom > FILE)");
        }
        return key;
    }

    public Duration ttl() {
        return ttl;
    }

    public Issued issue(Optional<String> user, Set<String> pull) {
        long now = clock.instant().getEpochSecond();
        Grant grant = new Grant(user.orElse(""), List.copyOf(pull), now, now + ttl.toSeconds());
        String body = PREFIX + ENCODE.encodeToString(Json.canonicalBytes(grant));
        return new Issued(body + "." + ENCODE.encodeToString(mac(body)), grant);
    }

    /** What {@code token} grants, or empty when it is not one of ours, was altered, or has expired. */
    public Optional<Grant> verify(String token) {
        int dot = token.lastIndexOf('.');
        if (!token.startsWith(PREFIX) || dot <= PREFIX.length()) return Optional.empty();
        String body = token.substring(0, dot);
        byte[] given;
        try {
            given = DECODE.decode(token.substring(dot + 1));
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
        if (!MessageDigest.isEqual(mac(body), given)) return Optional.empty();
        Grant grant;
        try {
            grant = Json.read(DECODE.decode(body.substring(PREFIX.length())), Grant.class);
        } catch (IllegalArgumentException | UncheckedIOException malformed) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        return now.getEpochSecond() < grant.exp() ? Optional.of(grant) : Optional.empty();
    }

    private byte[] mac(String body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(body.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
