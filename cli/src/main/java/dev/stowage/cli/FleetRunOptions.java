package dev.stowage.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options of fleet commands that build: where store files and blobs are, how many workers, how long to wait. */
final class FleetRunOptions {
    @Option(names = "--store-root", paramLabel = "DIR", description = "store files live at DIR + storeDir (default /)") Path storeRoot = Path.of("/");
    @Option(names = "--blob-store", paramLabel = "URL", description = "blob store and layer cache (default ~/.cache/stowage/blobs)") String blobStore;
    @Option(names = "--workers", paramLabel = "N", description = "layer worker threads (default: number of CPUs)") int workers = Runtime.getRuntime().availableProcessors();
    @Option(names = "--timeout", paramLabel = "SECONDS", description = "give up after this long (default 3600)") long timeoutSeconds = 3600;
    @Option(names = "--json", description = "print the result as JSON on stdout") boolean json;
}
