package dev.stowage.registry;

import dev.stowage.oci.Digest;
import java.util.Set;

/** {@code HEAD /v2/<repo>/blobs/<digest>}: whether the repository already has the blob. */
public record BlobHead(String repository, Digest digest) implements RegistryStep<Boolean> {
    @Override public String method() { return "HEAD"; }
    @Override public String path() { return "/v2/" + repository + "/blobs/" + digest; }
    @Override public Set<Integer> accepted() { return Set.of(200, 404); }
    @Override public Boolean read(RegistryResponse response) { return response.status() == 200; }
    @Override public String description() { return "check blob " + digest.shortHex() + " in " + repository; }
}
