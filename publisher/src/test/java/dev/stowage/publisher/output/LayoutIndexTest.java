package dev.stowage.publisher.output;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.oci.Annotations;
import dev.stowage.oci.Descriptor;
import dev.stowage.oci.Digest;
import dev.stowage.oci.ImageIndex;
import dev.stowage.oci.MediaTypes;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LayoutIndexTest {
    static Descriptor index(String content) {
        return Descriptor.of(MediaTypes.OCI_INDEX, Digest.ofBytes(content.getBytes()), content.length());
    }

    @Test
    void anEntryIsTheIndexAnnotatedWithItsTagOnly() {
        Descriptor idx = index("a").withAnnotations(Map.of("x", "y"));
        assertThat(LayoutIndex.entry(idx, "v1").annotations()).isEqualTo(Map.of(Annotations.REF_NAME, "v1"));
        assertThat(LayoutIndex.entry(idx, "v1").digest()).isEqualTo(idx.digest());
    }

    @Test
    void replacesTheSameRefNameInPlaceKeepsOthersAndAppendsNewNames() {
        Descriptor v1 = LayoutIndex.entry(index("a"), "v1");
        Descriptor v2 = LayoutIndex.entry(index("b"), "v2");
        Descriptor untagged = index("c");
        ImageIndex start = ImageIndex.oci(List.of(v1, untagged, v2), Map.of());

        Descriptor v1b = LayoutIndex.entry(index("d"), "v1");
        assertThat(LayoutIndex.with(start, v1b).manifests()).containsExactly(v1b, untagged, v2);
        Descriptor v3 = LayoutIndex.entry(index("e"), "v3");
        assertThat(LayoutIndex.with(start, v3).manifests()).containsExactly(v1, untagged, v2, v3);
        assertThat(LayoutIndex.with(start, v1)).isEqualTo(start);
    }

    @Test
    void duplicateRefNamesCollapseToOne() {
        Descriptor v1 = LayoutIndex.entry(index("a"), "v1");
        Descriptor v1dup = LayoutIndex.entry(index("b"), "v1");
        ImageIndex start = ImageIndex.oci(List.of(v1, v1dup), Map.of());
        Descriptor v1c = LayoutIndex.entry(index("c"), "v1");
        assertThat(LayoutIndex.with(start, v1c).manifests()).containsExactly(v1c);
    }
}
