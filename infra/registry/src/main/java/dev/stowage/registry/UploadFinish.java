package dev.stowage.registry;

import dev.stowage.oci.Digest;
import java.util.Optional;
import java.util.Set;

/**
 * {@code PUT <location>?digest=<digest>}: closes an upload; with a body this is the second half
 * of a monolithic upload (POST then one PUT).
 */
public record UploadFinish(String repository, String location, Digest digest, Optional<RequestBody> body)
        implements RegistryStep<Void> {
    @Override public String method() { return "PUT"; }
    @Override public String path() { return location + (location.contains("?") ? "&" : "?") + "digest=" + digest; }
    @Override public Set<Integer> accepted() { return Set.of(201); }
    @Override public Void read(RegistryResponse response) { return null; }
    @Override public String description() { return "finish upload of blob " + digest.shortHex() + " in " + repository; }
}
