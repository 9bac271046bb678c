package dev.stowage.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.stowage.oci.MediaTypes;
import java.util.Locale;

/** How layer blobs are compressed. Written in lower case in specs and events. */
public enum Compression {
    GZIP(MediaTypes.OCI_LAYER_GZIP),
    ZSTD(MediaTypes.OCI_LAYER_ZSTD),
    NONE(MediaTypes.OCI_LAYER_TAR);

    private final String layerMediaType;

    Compression(String layerMediaType) {
        this.layerMediaType = layerMediaType;
    }

    public String layerMediaType() {
        return layerMediaType;
    }

    @JsonCreator
    public static Compression parse(String text) {
        for (Compression c : values()) {
            if (c.id().equals(text)) return c;
        }
        throw new IllegalArgumentException("compression must be one of gzip, zstd, none; got '" + text + "'");
    }

    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
