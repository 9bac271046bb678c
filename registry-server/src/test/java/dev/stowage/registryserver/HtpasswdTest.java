package dev.stowage.registryserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.error.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtpasswdTest {
    /** Written by Debian's {@code htpasswd -Bbn alice secret} (apache2-utils). */
    static final String ALICE = "alice:$2y$05$/zxHQoN0nBl9RDv5hUsuJObgVNlRTCSzAiSpRkwANoeGSP6lhWw0W";
    /** {@code htpasswd -Bbn -C 10 dave pw2}. */
    static final String DAVE = "dave:$2y$10$evkgrBXsIuAONTnJIPI9v.xscMw9K19vQGClUYM2w15YfbbR1c7XC";
    @TempDir Path tmp;

    @Test
    void bcryptLinesAsHtpasswdWritesThemVerify() throws IOException {
        Htpasswd users = Htpasswd.load(Files.writeString(tmp.resolve("users"), "# team\n" + ALICE + "\n\n"));
        assertThat(users.verify("alice", "secret")).isTrue();
        assertThat(users.verify("alice", "Secret")).isFalse();
        assertThat(users.verify("bob", "secret")).isFalse();
        assertThat(users.knows("alice")).isTrue();
        assertThat(users.knows("bob")).isFalse();
        Htpasswd costly = Htpasswd.load(Files.writeString(tmp.resolve("costly"), ALICE + "\n" + DAVE + "\n"));
        assertThat(costly.verify("dave", "pw2")).isTrue();
        assertThat(costly.verify("alice", "secret")).isTrue();
        assertThat(costly.verify("dave", "secret")).isFalse();
    }

    @Test
    void otherHashKindsAreRefusedNamingFileAndLineButNotTheHash() throws IOException {
        String md5 = "$apr1$Kv91fqrM$mX7k5Dn8/Q2B.bBSkGK230";
        Path file = Files.writeString(tmp.resolve("users"), ALICE + "\nmd5user:" + md5 + "\n");
        assertThatThrownBy(() -> Htpasswd.load(file)).isInstanceOf(BadInputException.class)
                .hasMessageStartingWith(file + ":2: ").hasMessageContaining("md5user").hasMessageNotContaining(md5).hasMessageNotContaining("apr1");
        for (String other : new String[] {"shauser:{SHA}GpHWL3ymc5liWkNopqtdSjuqYHM=", "plain:secret", "crypt:rqXexS6ZhobKA", "nocolon",
            "cheap:$2y$03$evkgrBXsIuAONTnJIPI9v.xscMw9K19vQGClUYM2w15YfbbR1c7XC"}) {
            Path f = Files.writeString(tmp.resolve("other"), other + "\n");
            assertThatThrownBy(() -> Htpasswd.load(f)).as(other).isInstanceOf(BadInputException.class).hasMessageStartingWith(f + ":1: ")
                    .hasMessageNotContaining(other.substring(other.indexOf(':') + 1));
        }
    }

    @Test
    void aMissingEmptyOrRepeatingFileIsBadInput() throws IOException {
        assertThatThrownBy(() -> Htpasswd.load(tmp.resolve("absent"))).isInstanceOf(BadInputException.class).hasMessageContaining("absent");
        assertThatThrownBy(() -> Htpasswd.load(Files.writeString(tmp.resolve("empty"), "\n"))).isInstanceOf(BadInputException.class)
                .hasMessageContaining("no user");
        assertThatThrownBy(() -> Htpasswd.load(Files.writeString(tmp.resolve("twice"), ALICE + "\n" + ALICE + "\n")))
                .isInstanceOf(BadInputException.class).hasMessageContaining(":2: ").hasMessageContaining("twice");
    }
}
