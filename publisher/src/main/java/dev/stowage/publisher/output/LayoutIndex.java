package dev.stowage.publisher.output;

import dev.stowage.oci.Annotations;
import dev.stowage.oci.Descriptor;
import dev.stowage.oci.ImageIndex;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code index.json} of an OCI layout as a value: a layout may hold several images, each
 * named by its {@code org.opencontainers.image.ref.name} annotation.
 */
public final class LayoutIndex {
    private LayoutIndex() {}

    /** The descriptor an image gets in {@code index.json}: the image index, annotated with its tag. */
    public static Descriptor entry(Descriptor imageIndex, String tag) {
        return Descriptor.of(imageIndex.mediaType(), imageIndex.digest(), imageIndex.size())
                .withAnnotations(Map.of(Annotations.REF_NAME, tag));
    }

    /**
     * {@code existing} with {@code entry} in it: an entry with the same ref name is replaced in
     * place (the first one; later duplicates are dropped), other entries keep their order, a new
     * name is appended. The result is equal to {@code existing} when the entry is already there.
     */
    public static ImageIndex with(ImageIndex existing, Descriptor entry) {
        String ref = entry.annotations().get(Annotations.REF_NAME);
        List<Descriptor> out = new ArrayList<>();
        boolean placed = false;
        for (Descriptor d : existing.manifests()) {
            if (ref != null && ref.equals(d.annotations().get(Annotations.REF_NAME))) {
                if (!placed) out.add(entry);
                placed = true;
            } else {
                out.add(d);
            }
        }
        if (!placed) out.add(entry);
        return new ImageIndex(2, existing.mediaType(), out, existing.annotations());
    }

    public static ImageIndex empty() {
        return ImageIndex.oci(List.of(), Map.of());
    }
}
