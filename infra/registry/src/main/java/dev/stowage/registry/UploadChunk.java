package dev.stowage.registry;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@code PATCH <location>} with bytes {@code offset..offset+length-1}; returns the next location. */
public record UploadChunk(String repository, String location, long offset, RequestBody chunk) implements RegistryStep<String> {
    @Override public String method() { return "PATCH"; }
    @Override public String path() { return location; }
    @Override public Set<Integer> accepted() { return Set.of(202); }

    @Override
    public Map<String, String> headers() {
        return Map.of("Content-Range", offset + "-" + (offset + chunk.length() - 1));
    }

    @Override public Optional<RequestBody> body() { return Optional.of(chunk); }
    @Override public String read(RegistryResponse response) { return UploadStart.location(response, description()); }
    @Override public String description() { return "upload chunk at " + offset + " in " + repository; }
}
