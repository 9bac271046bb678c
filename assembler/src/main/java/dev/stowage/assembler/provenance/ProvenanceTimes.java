package dev.stowage.assembler.provenance;

import java.time.Instant;

/**
 * Which times and run details the SLSA provenance records. {@link Mode#REPRODUCIBLE} (the default):
 * start and finish are {@code sourceDateEpoch} when set, else the spec's {@code created}, and
 * nothing that differs between two runs of the same input (build id, worker names, cache hits) is
 * written, so the provenance is byte-identical across rebuilds. {@link Mode#WALL_CLOCK}: the event
 * times, the build id and the workers, as the audit log has them.
 */
public record ProvenanceTimes(Mode mode, Instant sourceDateEpoch) {
    public enum Mode { REPRODUCIBLE, WALL_CLOCK }

    public ProvenanceTimes {
        if (mode == null) throw new IllegalArgumentException("provenance times mode is missing");
    }

    public static ProvenanceTimes fromCreated() {
        return new ProvenanceTimes(Mode.REPRODUCIBLE, null);
    }

    /**
     * From the {@code SOURCE_DATE_EPOCH} convention (seconds since the epoch, decimal); null or blank
     * means unset. Throws {@link IllegalArgumentException} naming the variable for anything else.
     */
    public static Instant parseSourceDateEpoch(String value) {
        if (value == null || value.isBlank()) return null;
        if (!value.matches("[0-9]{1,12}")) {
            throw new IllegalArgumentException("SOURCE_DATE_EPOCH '" + value + "' must be a whole number of seconds since 1970-01-01");
        }
        return Instant.ofEpochSecond(Long.parseLong(value));
    }

    public boolean isReproducible() {
        return mode == Mode.REPRODUCIBLE;
    }
}
