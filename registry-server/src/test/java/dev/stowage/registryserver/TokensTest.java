package dev.stowage.registryserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.error.BadInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokensTest {
    static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    static final Instant T0 = Instant.parse("2026-12-03T16:00:00Z");
    @TempDir Path tmp;

    private static Tokens at(Instant now, byte[] key) {
        return new Tokens(key, Duration.ofMinutes(5), Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void aTokenGrantsWhatItWasIssuedForOnEveryReplicaWithTheKeyUntilItExpires() {
        Tokens.Issued issued = at(T0, KEY).issue(Optional.of("alice"), Set.of("team-a/tool", "shell/hello"));
        assertThat(issued.grant().iat()).isEqualTo(T0.getEpochSecond());
        assertThat(issued.grant().exp()).isEqualTo(T0.plusSeconds(300).getEpochSecond());
        // another replica with the same key, a little later
        Tokens.Grant grant = at(T0.plusSeconds(299), KEY.clone()).verify(issued.token()).orElseThrow();
        assertThat(grant.user()).hasValue("alice");
        assertThat(grant.pull()).containsExactly("shell/hello", "team-a/tool");
        assertThat(at(T0.plusSeconds(300), KEY).verify(issued.token())).isEmpty();
        assertThat(at(T0.plusSeconds(1), "another key of 32 bytes, not KEY!".getBytes(StandardCharsets.US_ASCII)).verify(issued.token())).isEmpty();
        assertThat(at(T0, KEY).issue(Optional.empty(), Set.of()).grant().user()).isEmpty();
    }

    @Test
    void aTamperedTokenGrantsNothing() {
        Tokens tokens = at(T0, KEY);
        String token = tokens.issue(Optional.of("bob"), Set.of("public/a")).token();
        String[] parts = token.split("\\.");
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        assertThat(claims).contains("\"public/a\"").contains("\"bob\"");
        String widened = Base64.getUrlEncoder().withoutPadding().encodeToString(claims.replace("public/a", "team-a/x").getBytes(StandardCharsets.UTF_8));
        assertThat(tokens.verify(parts[0] + "." + widened + "." + parts[2])).isEmpty();
        char last = parts[2].charAt(parts[2].length() - 1);
        assertThat(tokens.verify(token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A'))).isEmpty();
        for (String junk : new String[] {"", "st1.", "st1..", "st1.e30.", "x.y.z", "st1.!!!.###", parts[0] + "." + parts[1]}) {
            assertThat(tokens.verify(junk)).as(junk).isEmpty();
        }
        assertThat(tokens.verify(token)).isPresent();
    }

    @Test
    void keysAndLifetimesAreChecked() throws IOException {
        assertThatThrownBy(() -> new Tokens(new byte[31], Duration.ofMinutes(5), Clock.systemUTC())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Tokens(KEY, Duration.ZERO, Clock.systemUTC())).isInstanceOf(IllegalArgumentException.class);
        Path shortKey = Files.write(tmp.resolve("short.key"), new byte[16]);
        assertThatThrownBy(() -> Tokens.readKey(shortKey)).isInstanceOf(BadInputException.class).hasMessageContaining("short.key").hasMessageContaining("16");
        assertThatThrownBy(() -> Tokens.readKey(tmp.resolve("absent.key"))).isInstanceOf(BadInputException.class).hasMessageContaining("absent.key");
        assertThat(Tokens.readKey(Files.write(tmp.resolve("good.key"), KEY))).isEqualTo(KEY);
        Tokens a = Tokens.randomKey(Duration.ofMinutes(1), Clock.systemUTC());
        Tokens b = Tokens.randomKey(Duration.ofMinutes(1), Clock.systemUTC());
        assertThat(b.verify(a.issue(Optional.of("alice"), Set.of("x")).token())).isEmpty();
    }
}
