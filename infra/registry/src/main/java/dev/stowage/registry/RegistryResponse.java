package dev.stowage.registry;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** A response as seen by a step: status, headers (lower-case names) and a small body. */
public record RegistryResponse(int status, Map<String, List<String>> headers, byte[] body) {
    public RegistryResponse {
        headers = Map.copyOf(headers);
    }

    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    public List<String> headers(String name) {
        return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    }
}
