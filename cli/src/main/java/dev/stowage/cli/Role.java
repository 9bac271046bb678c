package dev.stowage.cli;

import java.util.Locale;

/** The stages a process can run; {@code stowage serve ROLE} runs one, {@code stowage build} all. */
enum Role {
    PLANNER, LAYER_WORKER, ASSEMBLER, PUBLISHER;

    String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * Whether this stage's Kafka bus is transactional: the planner and the assembler turn one
     * message into several and gain atomicity; a layer worker's or publisher's output is
     * idempotent on its own, and their per-message cost matters more (docs/kafka-bus.md).
     */
    boolean consumesAndProducesAtomically() {
        return this == PLANNER || this == ASSEMBLER;
    }

    /**
     * The default {@code --health-port}: one per role, so every role can run on one host with its
     * defaults (the planner's fleet webhook takes 8081, {@code --webhook-port}).
     */
    int defaultHealthPort() {
        return switch (this) {
            case PLANNER -> 8080;
            case LAYER_WORKER -> 8082;
            case ASSEMBLER -> 8083;
            case PUBLISHER -> 8084;
        };
    }

    static Role parse(String text) {
        for (Role r : values()) if (r.id().equals(text)) return r;
        throw new IllegalArgumentException("role must be planner, layer-worker, assembler or publisher, got '" + text + "'");
    }
}
