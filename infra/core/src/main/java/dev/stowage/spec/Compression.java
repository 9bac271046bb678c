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

    /** Rejects a level this compression does not have (gzip 1-9, zstd 1-19, none takes no level). */
    public void checkLevel(Integer level) {
        if (level == null) return;
        int max = switch (this) {
            case GZIP -> 9;
            case ZSTD -> 19;
            case NONE -> 0;
        };
        if (max == 0) throw new IllegalArgumentException("compressionLevel does not apply to compression none");
        if (level < 1 || level > max) throw new IllegalArgumentException("compressionLevel for " + id() + " must be 1.." + max + ", got " + level);
    }

    /** The level used when the spec sets none. */
    public int defaultLevel() {
        return this == ZSTD ? 3 : this == GZIP ? 6 : 0;
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
