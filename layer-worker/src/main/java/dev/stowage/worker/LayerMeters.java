package dev.stowage.worker;

import dev.stowage.oci.Platform;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * The layer worker's meters, by platform ({@code linux/amd64}, …): tasks by outcome
 * ({@code stowage_layer_tasks_total{outcome=built|cached|failed, platform}}), and for built layers
 * the build time ({@code stowage_layer_build_seconds}), sizes
 * ({@code stowage_layer_uncompressed_bytes}, {@code stowage_layer_compressed_bytes}) as histograms
 * and the compression throughput (uncompressed bytes per second of build time,
 * {@code stowage_layer_compression_throughput_bytes_per_second}).
 */
final class LayerMeters {
    /** Histogram buckets (a few, fixed: each one is a series per platform). */
    private static final Duration[] SECONDS = {Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
        Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10),
        Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(5), Duration.ofMinutes(10)};
    /** 4 KiB to 4 GiB, each 4 times the one before. */
    private static final double[] BYTES = powersOfFour(4096, 11);
    /** 1 MiB/s to 4 GiB/s. */
    private static final double[] BYTES_PER_SECOND = powersOfFour(1 << 20, 7);
    private final MeterRegistry meters;

    LayerMeters(MeterRegistry meters) {
        this.meters = meters;
    }

    void cached(Platform platform) {
        task("cached", platform);
    }

    void failed(Platform platform) {
        task("failed", platform);
    }

    void built(Platform platform, BuiltLayer layer, Duration took) {
        task("built", platform);
        String p = platform.toString();
        Timer.builder("stowage.layer.build").description("time to build one layer (tar, digests, compression, upload)")
                .tag("platform", p).serviceLevelObjectives(SECONDS).register(meters).record(took);
        DistributionSummary.builder("stowage.layer.uncompressed").baseUnit("bytes").description("uncompressed tar size of built layers")
                .tag("platform", p).serviceLevelObjectives(BYTES).register(meters).record(layer.uncompressedSize());
        DistributionSummary.builder("stowage.layer.compressed").baseUnit("bytes").description("blob size of built layers")
                .tag("platform", p).serviceLevelObjectives(BYTES).register(meters).record(layer.blob().size());
        double seconds = Math.max(took.toNanos(), 1) / 1e9;
        DistributionSummary.builder("stowage.layer.compression.throughput").baseUnit("bytes_per_second")
                .description("uncompressed bytes per second of layer build time").tag("platform", p)
                .serviceLevelObjectives(BYTES_PER_SECOND).register(meters).record(layer.uncompressedSize() / seconds);
    }

    private void task(String outcome, Platform platform) {
        Counter.builder("stowage.layer.tasks").description("layer tasks handled, by outcome and platform")
                .tags("outcome", outcome, "platform", platform.toString()).register(meters).increment();
    }

    private static double[] powersOfFour(double first, int count) {
        double[] bounds = new double[count];
        for (int i = 0; i < count; i++) bounds[i] = first * Math.pow(4, i);
        return bounds;
    }
}
