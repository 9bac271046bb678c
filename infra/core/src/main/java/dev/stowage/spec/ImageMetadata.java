package dev.stowage.spec;

import dev.stowage.oci.Annotations;
import java.util.Map;
import java.util.TreeMap;

/** Descriptive metadata, written as OCI annotations on index and manifests and as config Labels. */
public record ImageMetadata(String title, String description, String source, String url, String licenses, String version,
        String revision, String vendor) {

    /** The {@code org.opencontainers.image.*} keys of the fields that are set. */
    public Map<String, String> annotations() {
        Map<String, String> m = new TreeMap<>();
        put(m, "title", title);
        put(m, "description", description);
        put(m, "source", source);
        put(m, "url", url);
        put(m, "licenses", licenses);
        put(m, "version", version);
        put(m, "revision", revision);
        put(m, "vendor", vendor);
        return m;
    }

    private static void put(Map<String, String> m, String key, String value) {
        if (value != null) m.put(Annotations.PREFIX + key, value);
    }
}
