package dev.stowage.cli;

import dev.stowage.blob.BlobStore;
import dev.stowage.oci.Digest;
import dev.stowage.oci.ImageLocation;
import dev.stowage.oci.ImageName;
import dev.stowage.publisher.registrycache.PublishedImage;
import dev.stowage.publisher.registrycache.PublishedImageReader;
import dev.stowage.publisher.registrycache.PublishedLayer;
import dev.stowage.registry.RegistryAccess;
import dev.stowage.registry.RegistryCaller;
import dev.stowage.registry.RegistryException;
import dev.stowage.spec.BuildInput;
import dev.stowage.worker.LayerCache;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry as the cache, at submission (docs/registry.md): when every output of a build is a
 * registry, reads what each already holds at its reference ({@link PublishedImageReader}) and
 * seeds the layer cache, for this build only, with the layers every one of them holds under the
 * same key, diffID and blob. The workers then encode none of those. Reading is best effort: a
 * registry that cannot be read leaves the build cold, it never fails it.
 */
final class RegistrySeeds {
    private static final Logger LOG = LoggerFactory.getLogger(RegistrySeeds.class);

    private RegistrySeeds() {}

    /** Seeds and returns how many layers were seeded (0 unless every output is a registry that holds some). */
    static int seed(BlobStore store, String buildId, BuildInput input, List<ImageLocation> outputs, RegistryAccess access) {
        if (outputs.isEmpty() || !outputs.stream().allMatch(ImageLocation.Registry.class::isInstance)) return 0;
        Map<Digest, PublishedLayer> common = null;
        for (ImageLocation output : outputs) {
            Optional<PublishedImage> image = read(store, input, (ImageLocation.Registry) output, access);
            if (image.isEmpty()) return 0;
            Map<Digest, PublishedLayer> here = new LinkedHashMap<>();
            image.get().layers().forEach(l -> here.put(l.key(), l));
            if (common == null) common = here;
            else common.entrySet().removeIf(e -> !e.getValue().equals(here.get(e.getKey())));
        }
        LayerCache cache = new LayerCache(store);
        try {
            for (PublishedLayer l : common.values()) cache.seed(buildId, l.key(), new LayerCache.SeededLayer(l.diffId(), l.blob()));
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("cannot record the layers the registry holds ({}): building without them", e.getMessage());
            return 0;
        }
        LOG.info("{} layers found in {}: they will not be encoded again", common.size(), outputs);
        return common.size();
    }

    /** What the output's reference holds (its tag, or the build's tag when it names none); empty when nothing or unreadable. */
    private static Optional<PublishedImage> read(BlobStore store, BuildInput input, ImageLocation.Registry output, RegistryAccess access) {
        try {
            ImageName ref = output.name().tag() != null ? output.name() : output.name().withTag(input.tag());
            try (RegistryCaller caller = access.open(ref.registry())) {
                return new PublishedImageReader(store, caller).read(ref);
            }
        } catch (RegistryException | IOException | UncheckedIOException | IllegalArgumentException e) {
            LOG.warn("cannot read {} as a cache ({}): building without it", output, e.getMessage());
            return Optional.empty();
        }
    }
}
