/**
 * Instrumentation shared by every stage: Micrometer meters registered on a {@code MeterRegistry}
 * the entry point passes in (never a global one). Names follow Prometheus conventions once
 * exported ({@code stowage_…_total}, {@code _seconds}, {@code _bytes}); no tag carries a build id
 * or any other unbounded value, and none carries a credential. The list is in docs/operations.md.
 */
package dev.stowage.metrics;
