package dev.stowage.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.oci.Digest;
import org.junit.jupiter.api.Test;

class PullReferenceTest {
    static final Digest D = Digest.ofBytes(new byte[] {1});

    @Test
    void tagDigestBothAndDefault() {
        PullReference tagged = PullReference.parse("127.0.0.1:5000/team/app:1.0");
        assertThat(tagged).isEqualTo(new PullReference("127.0.0.1:5000", "team/app", "1.0", null));
        assertThat(tagged.manifestReference()).isEqualTo("1.0");
        assertThat(PullReference.parse("reg.example/app").tag()).isEqualTo("latest");

        PullReference byDigest = PullReference.parse("reg.example:443/app@" + D);
        assertThat(byDigest.tag()).isNull();
        assertThat(byDigest.manifestReference()).isEqualTo(D.toString());
        assertThat(byDigest.name()).isEqualTo("reg.example:443/app@" + D);

        PullReference both = PullReference.parse("reg.example/app:2@" + D);
        assertThat(both.manifestReference()).isEqualTo(D.toString());
        assertThat(both.name()).isEqualTo("reg.example/app:2");
    }

    @Test
    void pinnedKeepsTheTagAsName() {
        PullReference pinned = PullReference.parse("localhost:1/a/b:t").pinned(D);
        assertThat(pinned.toString()).isEqualTo("localhost:1/a/b:t@" + D);
        assertThat(PullReference.parse(pinned.toString())).isEqualTo(pinned);
    }

    @Test
    void badReferencesAreRefusedWithTheText() {
        assertThatThrownBy(() -> PullReference.parse("alpine:3")).hasMessageContaining("registry host").hasMessageContaining("alpine:3");
        assertThatThrownBy(() -> PullReference.parse("reg.example/App:1")).hasMessageContaining("App");
        assertThatThrownBy(() -> PullReference.parse("reg.example/app@sha256:xyz")).hasMessageContaining("xyz");
        assertThatThrownBy(() -> PullReference.parse("user:s3cret@reg.example/app:1"))
                .hasMessageContaining("credentials").hasMessageNotContaining("s3cret");
    }
}
