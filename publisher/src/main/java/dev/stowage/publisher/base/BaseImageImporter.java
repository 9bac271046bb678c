package dev.stowage.publisher.base;

import dev.stowage.blob.BlobStore;
import dev.stowage.error.BadInputException;
import dev.stowage.oci.Platform;
import dev.stowage.spec.BaseImage;
import dev.stowage.spec.BaseImageResolver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Resolves {@code fromImage} for a platform by copying the base image's blobs into the blob store:
 * {@code oci:DIR[:TAG]} (an OCI layout, e.g. one Stowage wrote) or {@code docker-archive:FILE}
 * (e.g. from {@code docker save} or {@code skopeo copy}). The manifest digest pins the base.
 */
public final class BaseImageImporter implements BaseImageResolver {
    private final BlobStore store;

    public BaseImageImporter(BlobStore store) {
        this.store = store;
    }

    @Override
    public BaseImage resolve(String reference, Platform platform) {
        try {
            if (reference.startsWith("oci:")) return new OciLayoutBase(store).read(reference, reference.substring(4), platform);
            if (reference.startsWith("docker-archive:")) {
                return new DockerArchiveBase(store).read(reference, Path.of(reference.substring(15)), platform);
            }
        } catch (IOException | UncheckedIOException e) {
            throw new BadInputException("fromImage", "cannot read base image " + reference + ": " + e.getMessage(), e);
        }
        throw new BadInputException("fromImage", "registry base images (" + reference + ") are not supported yet; "
                + "copy the base to an OCI layout first (skopeo copy docker://… oci:DIR:TAG)");
    }
}
