package dev.stowage.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The one reference grammar: registry names (pulls and push targets) and Docker names. */
class ImageNameTest {
    static final Digest D = Digest.ofBytes(new byte[] {1});

    @Test
    void tagDigestBothAndTheLatestDefault() {
        ImageName tagged = ImageName.parse("127.0.0.1:5000/team/app:1.0");
        assertThat(tagged).isEqualTo(new ImageName("127.0.0.1:5000", "team/app", "1.0", null));
        assertThat(tagged.manifestReference()).isEqualTo("1.0");

        ImageName untagged = ImageName.parse("reg.example/app");
        assertThat(untagged.tag()).isNull();
        assertThat(untagged.manifestReference()).isEqualTo("latest");
        assertThat(untagged.orLatest().tag()).isEqualTo("latest");
        assertThat(untagged).hasToString("reg.example/app");

        ImageName byDigest = ImageName.parse("reg.example:443/app@" + D);
        assertThat(byDigest.tag()).isNull();
        assertThat(byDigest.orLatest()).isEqualTo(byDigest);
        assertThat(byDigest.manifestReference()).isEqualTo(D.toString());

        ImageName both = ImageName.parse("reg.example/app:2@" + D);
        assertThat(both.manifestReference()).isEqualTo(D.toString());
        assertThat(both.tag()).isEqualTo("2");
        assertThat(both.repositoryName()).isEqualTo("reg.example/app");
    }

    @Test
    void pinnedKeepsTheTagAsName() {
        ImageName pinned = ImageName.parse("localhost:1/a/b:t").pinned(D);
        assertThat(pinned.toString()).isEqualTo("localhost:1/a/b:t@" + D);
        assertThat(ImageName.parse(pinned.toString())).isEqualTo(pinned);
        assertThat(ImageName.parse("reg.example/app").orLatest().pinned(D)).hasToString("reg.example/app:latest@" + D);
    }

    @Test
    void pushTargetsTakeATagNotADigest() {
        assertThat(ImageName.parsePushTarget("127.0.0.1:5000/team/app").tag()).isNull();
        assertThat(ImageName.parsePushTarget("127.0.0.1:5000/team/app").orLatest()).hasToString("127.0.0.1:5000/team/app:latest");
        assertThat(ImageName.parsePushTarget("127.0.0.1:5000/team/app:1.0").withTag("2")).hasToString("127.0.0.1:5000/team/app:2");
        assertThatThrownBy(() -> ImageName.parsePushTarget("h.example/app@" + D)).hasMessage("push targets take a tag, not a digest: 'h.example/app@" + D + "'");
        assertThatThrownBy(() -> ImageName.parsePushTarget("app:1.0")).hasMessage("image reference needs a registry host: 'app:1.0'");
    }

    @Test
    void badReferencesAreRefusedWithTheText() {
        assertThatThrownBy(() -> ImageName.parse("alpine:3")).hasMessageContaining("registry host").hasMessageContaining("alpine:3");
        assertThatThrownBy(() -> ImageName.parse("reg.example/App:1")).hasMessage("bad repository name 'App'");
        assertThatThrownBy(() -> ImageName.parse("reg.example/app@sha256:xyz")).hasMessageContaining("xyz");
        assertThatThrownBy(() -> ImageName.parse("user:s3cret@reg.example/app:1"))
                .hasMessageContaining("credentials").hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> ImageName.parse(" ")).hasMessage("image reference is missing");
        assertThatThrownBy(() -> ImageName.parse("bad_host:5000/app:1")).hasMessage("bad registry host 'bad_host:5000'");
        assertThatThrownBy(() -> ImageName.parse("127.0.0.1:http/app:1")).hasMessage("bad registry host '127.0.0.1:http'");
        assertThatThrownBy(() -> ImageName.parse("127.0.0.1:5000/app:bad!tag")).hasMessage("bad tag 'bad!tag'");
        assertThatThrownBy(() -> ImageName.parse("127.0.0.1:5000/app:" + "t".repeat(129))).hasMessageStartingWith("bad tag");
        assertThatThrownBy(() -> ImageName.parse("127.0.0.1:99999/app:1")).hasMessage("registry port 99999 in '127.0.0.1:99999/app:1' must be 1-65535");
        assertThatThrownBy(() -> ImageName.parse("127.0.0.1:0/app:1")).hasMessageContaining("port 0");
        assertThat(ImageName.parse("[::1]:5000/app:1").registry()).isEqualTo("[::1]:5000");
    }

    @Test
    void loopbackRegistriesOnly() {
        assertThat(ImageName.parse("127.0.0.1:5000/team/app:1").loopback()).isTrue();
        assertThat(ImageName.parse("localhost/app").loopback()).isTrue();
        assertThat(ImageName.parse("[::1]:5000/app").loopback()).isTrue();
        assertThat(ImageName.parse("registry.example/team/app:1").loopback()).isFalse();
        assertThat(ImageName.parse("10.0.0.1:5000/app").loopback()).isFalse();
    }

    @Test
    void dockerNamesWithOptionalHostAndLatestAsTheDefault() {
        assertThat(ImageName.parseDockerName("app:1.0")).isEqualTo(new ImageName(null, "app", "1.0", null));
        assertThat(ImageName.parseDockerName("team/app")).isEqualTo(new ImageName(null, "team/app", null, null));
        assertThat(ImageName.parseDockerName("team/app").orLatest()).hasToString("team/app:latest");
        assertThat(ImageName.parseDockerName("localhost:5000/team/app:v2")).isEqualTo(new ImageName("localhost:5000", "team/app", "v2", null));
        assertThat(ImageName.parseDockerName("localhost/app")).isEqualTo(new ImageName("localhost", "app", null, null));
        assertThat(ImageName.parseDockerName("registry.example.org/a/b").orLatest()).hasToString("registry.example.org/a/b:latest");
    }

    @Test
    void dockerNamesRefuseWhatDockerWouldRefuseSayingWhy() {
        assertThatThrownBy(() -> ImageName.parseDockerName("App:1")).hasMessage("name component 'App' must be lowercase letters and digits, separated by . _ __ or -");
        assertThatThrownBy(() -> ImageName.parseDockerName("app:-x")).hasMessage("tag '-x' must be 1-128 of A-Z a-z 0-9 _ . - and not start with . or -");
        assertThatThrownBy(() -> ImageName.parseDockerName("app@" + D)).hasMessage("docker-daemon: outputs take NAME[:TAG], not a digest");
        assertThatThrownBy(() -> ImageName.parseDockerName("team//app")).hasMessageContaining("name component ''");
        assertThatThrownBy(() -> ImageName.parseDockerName("app:" + "t".repeat(129))).hasMessageStartingWith("tag 'ttt");
        assertThatThrownBy(() -> ImageName.parseDockerName("bad_host:5000/app")).hasMessage("registry host 'bad_host:5000' is not a valid host[:port]");
        assertThatThrownBy(() -> ImageName.parseDockerName("a".repeat(256))).hasMessage("image name is longer than 255 characters");
    }

    @Test
    void theGrammarsPieces() {
        assertThat(ImageName.isRepository("team/my_app.v2__x--y")).isTrue();
        assertThat(ImageName.isRepository("Team/app")).isFalse();
        assertThat(ImageName.isTag("_1.0-rc")).isTrue();
        assertThat(ImageName.isTag(".x")).isFalse();
        assertThat(ImageName.isHost("reg-1.example:5000")).isTrue();
        assertThat(ImageName.isHost("-reg.example")).isFalse();
        assertThat(ImageName.isDockerHost("team")).isFalse();
    }
}
