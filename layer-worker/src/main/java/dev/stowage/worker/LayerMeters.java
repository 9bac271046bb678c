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
                .tag("platform", p).publishPercentileHistogram().register(meters).record(took);
        DistributionSummary.builder("stowage.layer.uncompressed").baseUnit("bytes").description("uncompressed tar size of built layers")
                .tag("platform", p).publishPercentileHistogram().register(meters).record(layer.uncompressedSize());
        DistributionSummary.builder("stowage.layer.compressed").baseUnit("bytes").description("blob size of built layers")
                .tag("platform", p).publishPercentileHistogram().register(meters).record(layer.blob().size());
        double seconds = Math.max(took.toNanos(), 1) / 1e9;
        DistributionSummary.builder("stowage.layer.compression.throughput").baseUnit("bytes_per_second")
                .description("uncompressed bytes per second of layer build time").tag("platform", p)
                .publishPercentileHistogram().register(meters).record(layer.uncompressedSize() / seconds);
    }

    private void task(String outcome, Platform platform) {
        Counter.builder("stowage.layer.tasks").description("layer tasks handled, by outcome and platform")
                .tags("outcome", outcome, "platform", platform.toString()).register(meters).increment();
    }
}
