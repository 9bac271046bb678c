package dev.stowage.cli;

import dev.stowage.assembler.AssemblerService;
import dev.stowage.assembler.finished.FinishedImage;
import dev.stowage.assembler.provenance.ProvenanceDocuments;
import dev.stowage.assembler.provenance.ProvenanceTimes;
import dev.stowage.blob.BlobStore;
import dev.stowage.event.Published;
import dev.stowage.nix.StorePath;
import dev.stowage.oci.Descriptor;
import dev.stowage.oci.Digest;
import dev.stowage.oci.ImageLocation;
import dev.stowage.oci.ImageName;
import dev.stowage.oci.MediaTypes;
import dev.stowage.oci.Platform;
import dev.stowage.oci.StoredImage;
import dev.stowage.planner.PlannerService;
import dev.stowage.publisher.registrycache.PublishedBuild;
import dev.stowage.publisher.registrycache.PublishedBuildReader;
import dev.stowage.registry.ManifestHead;
import dev.stowage.registry.RegistryAccess;
import dev.stowage.registry.RegistryCaller;
import dev.stowage.registry.RegistryException;
import dev.stowage.spec.BuildInput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry as the record of finished images (docs/registry.md, "Nothing to push"): when every
 * output of a build is a registry reference that already holds the image this input assembles to
 * (an OCI index whose attached provenance says it was assembled from this very input, by this
 * version, with these reproducible times: {@link ProvenanceDocuments#describesBuildOf}), and every
 * tag the output would get already points at it, there is nothing to build and nothing to push.
 * Reading is best effort: anything unreadable or different means a build, never a failure.
 */
final class RegistryShortcut {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryShortcut.class);

    /** The image found, as a finished image (for the result), and what each output holds. */
    record Found(FinishedImage image, List<Published.Destination> destinations) {}

    private RegistryShortcut() {}

    static Optional<Found> find(BlobStore store, BuildInput input, List<ImageLocation> outputs, RegistryAccess access, ProvenanceTimes times) {
        if (!times.isReproducible() || outputs.isEmpty() || !outputs.stream().allMatch(ImageLocation.Registry.class::isInstance)) {
            return Optional.empty();
        }
        PublishedBuild first = null;
        List<Published.Destination> destinations = new ArrayList<>();
        for (ImageLocation o : outputs) {
            ImageLocation.Registry output = (ImageLocation.Registry) o;
            Optional<PublishedBuild> build = read(store, input, output, access, times);
            if (build.isEmpty() || (first != null && !first.digest().equals(build.get().digest()))) return Optional.empty();
            if (first == null) first = build.get();
            List<String> tags = output.tags(input.spec().allTags(input.tag()));
            destinations.add(new Published.Destination(output, output.name().withTag(tags.get(0)).toString(),
                    first.digest(), MediaTypes.OCI_INDEX));
        }
        return finishedImage(input, first).map(image -> new Found(image, destinations));
    }

    /** The image at the output's first tag when it is this input's and every other tag points at it too. */
    private static Optional<PublishedBuild> read(BlobStore store, BuildInput input, ImageLocation.Registry output, RegistryAccess access, ProvenanceTimes times) {
        try {
            List<String> tags = output.tags(input.spec().allTags(input.tag()));
            ImageName ref = output.name().withTag(tags.get(0));
            try (RegistryCaller caller = access.open(ref.registry())) {
                Optional<PublishedBuild> build = new PublishedBuildReader(store, caller).read(ref);
                if (build.isEmpty() || !ProvenanceDocuments.describesBuildOf(build.get().provenance(), build.get().digest(), input,
                        AssemblerService.VERSION, times)) return Optional.empty();
                for (String tag : tags.subList(1, tags.size())) {
                    Optional<Digest> other = caller.call(new ManifestHead(ref.repository(), tag));
                    if (!other.equals(Optional.of(build.get().digest()))) return Optional.empty();
                }
                return build;
            }
        } catch (RegistryException | IOException | UncheckedIOException | IllegalArgumentException e) {
            LOG.warn("cannot read {} to tell whether it holds this build ({}): building", output, e.getMessage());
            return Optional.empty();
        }
    }

    /** The registry's image in the terms of a finished image: each platform's own layers are the last ones of its manifest. */
    private static Optional<FinishedImage> finishedImage(BuildInput input, PublishedBuild build) {
        Map<Platform, List<List<StorePath>>> planned = PlannerService.storePaths(input);
        List<FinishedImage.Image> images = new ArrayList<>();
        for (StoredImage i : build.images()) {
            Platform platform = i.descriptor().platform();
            List<List<StorePath>> paths = planned.get(platform);
            List<Descriptor> layers = i.manifest().layers();
            List<Digest> diffIds = i.config().rootfs() == null ? List.of() : i.config().rootfs().diffIds();
            if (paths == null || diffIds.size() != layers.size() || paths.size() > layers.size()) return Optional.empty();
            int base = layers.size() - paths.size();
            List<FinishedImage.Layer> own = new ArrayList<>();
            for (int n = 0; n < paths.size(); n++) {
                Descriptor l = layers.get(base + n);
                own.add(new FinishedImage.Layer(Descriptor.of(l.mediaType(), l.digest(), l.size()), diffIds.get(base + n), paths.get(n)));
            }
            images.add(new FinishedImage.Image(platform, i.descriptor(), i.manifest().config(), own));
        }
        return Optional.of(new FinishedImage(FinishedImage.FORMAT, input.spec().name(), input.tag(), input.spec().allTags(input.tag()),
                build.index(), build.referrers(), images));
    }
}
