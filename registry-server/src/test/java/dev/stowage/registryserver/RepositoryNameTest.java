package dev.stowage.registryserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class RepositoryNameTest {
    @Test
    void theDistributionGrammarHolds() {
        for (String ok : new String[] {"a", "shell/hello", "a.b_c__d--e/f-g", "x/y/z", "0/1"}) {
            assertThat(new RepositoryName(ok).value()).isEqualTo(ok);
        }
        for (String bad : new String[] {"", "Hello", "a/", "/a", "a//b", "a-", "-a", "a..b", "a___b", "a b", "a".repeat(256)}) {
            assertThatThrownBy(() -> new RepositoryName(bad)).as(bad).isInstanceOf(DistributionException.class)
                    .satisfies(e -> assertThat(((DistributionException) e).code()).isEqualTo(ErrorCode.NAME_INVALID));
        }
    }

    @Test
    void routesSplitTheNameFromTheEndpoint() {
        Route r = Route.parse("/v2/shell/hello/manifests/latest").orElseThrow();
        assertThat(r.kind()).isEqualTo(Route.Kind.MANIFEST);
        assertThat(r.name().value()).isEqualTo("shell/hello");
        assertThat(r.argument()).isEqualTo("latest");
        // a package may be called "manifests": the last endpoint segment wins
        assertThat(Route.parse("/v2/manifests/blobs/sha256:x").orElseThrow().name().value()).isEqualTo("manifests");
        assertThat(Route.parse("/v2/a/tags/list").orElseThrow().kind()).isEqualTo(Route.Kind.TAGS);
        assertThat(Route.parse("/v2/a/tags/other")).isEmpty();
        assertThat(Route.parse("/v2/").orElseThrow().kind()).isEqualTo(Route.Kind.BASE);
        assertThat(Route.parse("/v3/a/manifests/x")).isEqualTo(Optional.empty());
    }

    @Test
    void referencesAreTagsOrDigests() {
        assertThat(ManifestReference.parse("latest").tag()).isEqualTo("latest");
        assertThat(ManifestReference.parse("sha256:" + "a".repeat(64)).isDigest()).isTrue();
        assertThatThrownBy(() -> ManifestReference.parse("sha256:zz")).satisfies(e -> assertThat(((DistributionException) e).code()).isEqualTo(ErrorCode.DIGEST_INVALID));
        assertThatThrownBy(() -> ManifestReference.parse(".hidden")).satisfies(e -> assertThat(((DistributionException) e).code()).isEqualTo(ErrorCode.TAG_INVALID));
    }

    @Test
    void byteRanges() {
        assertThat(ByteRange.parse(null, 100)).isEmpty();
        assertThat(ByteRange.parse("bytes=10-19", 100)).hasValue(new ByteRange(10, 19));
        assertThat(ByteRange.parse("bytes=90-", 100)).hasValue(new ByteRange(90, 99));
        assertThat(ByteRange.parse("bytes=90-500", 100)).hasValue(new ByteRange(90, 99));
        assertThat(ByteRange.parse("bytes=-10", 100)).hasValue(new ByteRange(90, 99));
        assertThat(ByteRange.parse("bytes=0-1,5-6", 100)).as("several ranges: the whole blob").isEmpty();
        for (String bad : new String[] {"bytes=100-", "bytes=20-10", "bytes=-0", "bytes=99999999999999999999-"}) {
            assertThatThrownBy(() -> ByteRange.parse(bad, 100)).as(bad)
                    .satisfies(e -> assertThat(((DistributionException) e).code()).isEqualTo(ErrorCode.RANGE_INVALID));
        }
    }
}
