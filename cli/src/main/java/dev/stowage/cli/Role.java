package dev.stowage.cli;

import java.util.Locale;

/** The stages a process can run; {@code stowage serve ROLE} runs one, {@code stowage build} all. */
enum Role {
    PLANNER, LAYER_WORKER, ASSEMBLER, PUBLISHER;

    String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static Role parse(String text) {
        for (Role r : values()) if (r.id().equals(text)) return r;
        throw new IllegalArgumentException("role must be planner, layer-worker, assembler or publisher, got '" + text + "'");
    }
}
