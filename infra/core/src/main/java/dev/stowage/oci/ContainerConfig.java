package dev.stowage.oci;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The execution parameters of an image ({@code config} in the OCI image config), the subset a
 * spec may set. Field names are the OCI ones. Empty collections are omitted from JSON.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ContainerConfig(
        @JsonProperty("Env") List<String> env,
        @JsonProperty("Cmd") List<String> cmd,
        @JsonProperty("Entrypoint") List<String> entrypoint,
        @JsonProperty("WorkingDir") String workingDir,
        @JsonProperty("User") String user,
        @JsonProperty("ExposedPorts") Map<String, Empty> exposedPorts,
        @JsonProperty("Labels") Map<String, String> labels,
        @JsonProperty("Volumes") Map<String, Empty> volumes,
        @JsonProperty("StopSignal") String stopSignal) {

    /** The empty JSON object OCI uses as the value of set-like maps. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Empty() {}

    public ContainerConfig {
        env = env == null ? List.of() : List.copyOf(env);
        cmd = cmd == null ? null : List.copyOf(cmd);
        entrypoint = entrypoint == null ? null : List.copyOf(entrypoint);
        exposedPorts = sorted(exposedPorts);
        labels = sorted(labels);
        volumes = sorted(volumes);
        for (String e : env) {
            if (e.indexOf('=') <= 0) throw new IllegalArgumentException("Env entry must be NAME=value, got '" + e + "'");
        }
    }

    private static <V> Map<String, V> sorted(Map<String, V> m) {
        return m == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(m));
    }

    public static ContainerConfig empty() {
        return new ContainerConfig(null, null, null, null, null, null, null, null, null);
    }
}
