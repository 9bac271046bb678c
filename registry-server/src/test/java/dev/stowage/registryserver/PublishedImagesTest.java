package dev.stowage.registryserver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.event.BuildFailed;
import dev.stowage.event.EventHeader;
import dev.stowage.event.IndexAssembled;
import dev.stowage.event.Published;
import dev.stowage.event.StowageEvent;
import dev.stowage.oci.Descriptor;
import dev.stowage.oci.Digest;
import dev.stowage.oci.MediaTypes;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PublishedImagesTest {
    private static final Descriptor SBOM = Descriptor.of(MediaTypes.OCI_MANIFEST, Digest.ofBytes("sbom".getBytes()), 4)
            .withArtifactType(MediaTypes.CYCLONEDX_JSON);

    private static Clock at(int second) {
        return Clock.fixed(Instant.ofEpochSecond(1_700_000_000L + second), ZoneOffset.UTC);
    }

    private static Descriptor index(String text) {
        return Descriptor.of(MediaTypes.OCI_INDEX, Digest.ofBytes(text.getBytes()), text.length());
    }

    private static void build(List<StowageEvent> out, String id, String name, List<String> tags, Descriptor index, Integer publishedAt) {
        out.add(new IndexAssembled(EventHeader.create(id, "asm", at(0)), name, tags.get(0), index, List.of(), tags, List.of(SBOM)));
        if (publishedAt != null) out.add(new Published(EventHeader.create(id, "pub", at(publishedAt)), index.digest(), List.of()));
    }

    @Test
    void eachTagPointsAtItsLatestPublishedBuild() {
        List<StowageEvent> events = new ArrayList<>();
        build(events, "b-1", "team/app", List.of("v1", "latest"), index("one"), 10);
        build(events, "b-2", "team/app", List.of("v2", "latest"), index("two"), 20);
        build(events, "b-3", "team/app", List.of("v3", "latest"), index("three"), null);
        build(events, "b-4", "team/app", List.of("v4", "latest"), index("four"), null);
        events.add(new BuildFailed(EventHeader.create("b-4", "w", at(30)), "worker", BuildFailed.Kind.INTERNAL, "", "disk full"));
        PublishedImages images = PublishedImages.of(events);
        assertThat(images.tagsOf("team/app")).containsExactly("latest", "v1", "v2");
        assertThat(images.index("team/app", "latest")).hasValue(index("two").digest());
        assertThat(images.index("team/app", "v1")).hasValue(index("one").digest());
        assertThat(images.index("team/app", "v3")).isEmpty();
        assertThat(images.referrers()).containsExactly(SBOM);
        assertThat(images.tagsOf("other")).isEmpty();
    }

    @Test
    void catalogNamesMatchWithOrWithoutTheirRegistryHost() {
        assertThat(CatalogSource.withoutHost("registry.example:5000/team/app")).isEqualTo("team/app");
        assertThat(CatalogSource.withoutHost("localhost/app")).isEqualTo("app");
        assertThat(CatalogSource.withoutHost("team/app")).isEqualTo("team/app");
        assertThat(CatalogSource.withoutHost("app")).isEqualTo("app");
    }
}
