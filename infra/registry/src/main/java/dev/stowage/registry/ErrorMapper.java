package dev.stowage.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.json.Json;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Turns an unexpected status and its OCI error body ({@code {"errors":[{code,message}]}}) into a typed error. */
final class ErrorMapper {
    private ErrorMapper() {}

    static RegistryException map(String registry, RegistryStep<?> step, RegistryResponse r, RegistryAuth auth) {
        List<String> codes = new ArrayList<>();
        List<String> messages = new ArrayList<>();
        readErrors(r.body(), codes, messages);
        String detail = codes.isEmpty() ? "" : " " + String.join(",", codes)
                + (messages.isEmpty() ? "" : " (" + String.join("; ", messages) + ")");
        int s = r.status();
        if (s == 429 || s >= 500) {
            return new RegistryUnavailableException("registry " + registry + ": " + step.description()
                    + " answered " + s + detail, retryAfter(r), null);
        }
        if (s == 401 || s == 403) return auth.denied(r, step, detail);
        return new RegistryRejectedException("registry " + registry + ": " + step.description()
                + " answered " + s + detail, s, codes);
    }

    private static void readErrors(byte[] body, List<String> codes, List<String> messages) {
        if (body.length == 0 || body.length > 64 * 1024) return;
        try {
            for (JsonNode e : Json.reader().readTree(body).path("errors")) {
                if (e.path("code").isTextual()) codes.add(e.get("code").asText());
                if (e.path("message").isTextual()) messages.add(e.get("message").asText());
            }
        } catch (IOException notJson) {
            // a proxy's HTML page: the status alone must do
        }
    }

    private static Duration retryAfter(RegistryResponse r) {
        try {
            return r.header("Retry-After").map(v -> Duration.ofSeconds(Long.parseLong(v.trim()))).orElse(null);
        } catch (NumberFormatException httpDate) {
            return null;
        }
    }
}
