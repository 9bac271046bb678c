package dev.stowage.assembler;

import dev.stowage.blob.BlobRef;
import dev.stowage.blob.BlobStore;
import dev.stowage.json.Json;
import dev.stowage.oci.Descriptor;
import dev.stowage.oci.ImageManifest;
import dev.stowage.oci.MediaTypes;
import java.io.IOException;
import java.util.Map;

/** Stores a document as an OCI 1.1 artifact attached to a subject (manifest or index). */
final class Artifacts {
    private final BlobStore store;

    Artifacts(BlobStore store) {
        this.store = store;
    }

    /** Stores {@code bytes}, the empty config and the artifact manifest; returns the manifest's descriptor. */
    Descriptor attach(String artifactType, byte[] bytes, Descriptor subject) throws IOException {
        store.put(MediaTypes.EMPTY_JSON);
        BlobRef blob = store.put(bytes);
        Descriptor subjectRef = Descriptor.of(subject.mediaType(), subject.digest(), subject.size());
        ImageManifest manifest = ImageManifest.artifact(artifactType, Descriptor.of(artifactType, blob.digest(), blob.size()),
                subjectRef, Map.of());
        BlobRef ref = store.put(Json.canonicalBytes(manifest));
        return Descriptor.of(MediaTypes.OCI_MANIFEST, ref.digest(), ref.size()).withArtifactType(artifactType);
    }
}
