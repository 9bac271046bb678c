package dev.stowage.registry;

import java.util.List;
import java.util.Set;

/** {@code POST /v2/<repo>/blobs/uploads/}: opens an upload session; returns its location. */
public record UploadStart(String repository) implements RegistryStep<String> {
    @Override public String method() { return "POST"; }
    @Override public String path() { return "/v2/" + repository + "/blobs/uploads/"; }
    @Override public Set<Integer> accepted() { return Set.of(202); }
    @Override public String read(RegistryResponse response) { return location(response, description()); }
    @Override public String description() { return "start upload in " + repository; }

    static String location(RegistryResponse response, String what) {
        return response.header("Location").orElseThrow(() -> new RegistryRejectedException(
                what + ": registry answered " + response.status() + " without a Location header", response.status(), List.of()));
    }
}
