package dev.stowage.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How store paths are grouped into layers. */
public enum Layering {
    /** nixpkgs' referencesByPopularity + streamLayeredImage grouping. */
    POPULARITY,
    /** Size-aware: largest paths alone, the rest grouped by the large paths that use them. */
    AUTO;

    @JsonCreator
    public static Layering parse(String text) {
        for (Layering l : values()) {
            if (l.id().equals(text)) return l;
        }
        throw new IllegalArgumentException("layering must be popularity or auto; got '" + text + "'");
    }

    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
