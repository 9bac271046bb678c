package dev.stowage.registry;

import java.util.Set;

/** {@code GET /v2/}: 200 (open) or 401 with the challenge that says how to authenticate. */
public record Ping() implements RegistryStep<RegistryResponse> {
    @Override public String method() { return "GET"; }
    @Override public String path() { return "/v2/"; }
    @Override public Set<Integer> accepted() { return Set.of(200, 401); }
    @Override public String repository() { return null; }
    @Override public RegistryResponse read(RegistryResponse response) { return response; }
    @Override public String description() { return "ping /v2/"; }
}
