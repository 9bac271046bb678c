package dev.stowage.publisher.base;

import dev.stowage.blob.BlobStore;
import dev.stowage.error.BadInputException;
import dev.stowage.error.TransientException;
import dev.stowage.oci.ImageLocation;
import dev.stowage.oci.Platform;
import dev.stowage.registry.RegistryAccess;
import dev.stowage.registry.RegistryAuthException;
import dev.stowage.registry.RegistryCaller;
import dev.stowage.registry.RegistryRejectedException;
import dev.stowage.registry.RegistryUnavailableException;
import dev.stowage.spec.BaseImage;
import dev.stowage.spec.BaseImageResolver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Resolves {@code fromImage} for a platform by copying the base image's blobs into the blob store:
 * {@code oci:DIR[:TAG]} (an OCI layout, e.g. one Stowage wrote), {@code docker-archive:FILE}
 * (e.g. from {@code docker save} or {@code skopeo copy}) or {@code docker://HOST/REPO[:TAG][@DIGEST]}
 * (pulled through the registry client). The manifest digest pins the base. One importer serves
 * one build: a registry tag is resolved once for all platforms; close it to release registry connections.
 */
public final class BaseImageImporter implements BaseImageResolver, AutoCloseable {
    private final BlobStore store;
    private final RegistryAccess registries;
    private final Map<String, RegistryCaller> callers = new LinkedHashMap<>();
    private final RegistryBase registryBase;

    public BaseImageImporter(BlobStore store, RegistryAccess registries) {
        this.store = store;
        this.registries = registries;
        this.registryBase = new RegistryBase(store, host -> callers.computeIfAbsent(host, registries::open));
    }

    @Override
    public BaseImage resolve(String reference, Platform platform) {
        try {
            if (reference.startsWith(ImageLocation.OCI)) return new OciLayoutBase(store).read(reference, reference.substring(ImageLocation.OCI.length()), platform);
            if (reference.startsWith(ImageLocation.DOCKER_ARCHIVE)) {
                return new DockerArchiveBase(store).read(reference, Path.of(reference.substring(ImageLocation.DOCKER_ARCHIVE.length())), platform);
            }
            if (reference.startsWith(ImageLocation.DOCKER)) return registryBase.read(reference, reference.substring(ImageLocation.DOCKER.length()), platform);
        } catch (IOException | UncheckedIOException e) {
            throw new BadInputException("fromImage", "cannot read base image " + reference + ": " + e.getMessage(), e);
        } catch (RegistryRejectedException | RegistryAuthException e) {
            throw new BadInputException("fromImage", "cannot pull base image " + reference + ": " + e.getMessage(), e);
        } catch (RegistryUnavailableException e) {
            throw new TransientException("fromImage: cannot pull base image " + reference + ": " + e.getMessage(), e);
        }
        throw new BadInputException("fromImage", "unknown base image transport: " + reference
                + " (use oci:DIR[:TAG], docker-archive:FILE or docker://HOST/REPO:TAG)");
    }

    @Override
    public void close() {
        callers.values().forEach(RegistryCaller::close);
        callers.clear();
    }
}
