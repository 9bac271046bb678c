package dev.stowage.dashboard.view;

import java.time.Instant;

/**
 * One layer task of a build as a bar of the Gantt chart: the worker instance that built it
 * ({@code lane}, the {@code producer} of its {@code LayerBuilt}), when it started (the worker's
 * {@code startedAt}, else when the task was queued) and ended, whether the layer cache had it,
 * and its compressed size.
 */
public record LayerTaskView(String platform, int layerIndex, int layerCount, String lane, Instant start, Instant end,
        boolean cached, boolean customisation, long bytes, String blob) {}
