package dev.stowage.it.serve;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The services of one deployment, each its own JVM: a planner, the given layer workers, an
 * assembler and a publisher, on one broker and one blob store.
 */
final class Fleet implements AutoCloseable {
    static final Duration READY = Duration.ofSeconds(90);
    final ServiceProcess planner;
    final List<ServiceProcess> workers = new ArrayList<>();
    final ServiceProcess assembler;
    final ServiceProcess publisher;

    /** @param workerArgs per layer worker, its extra flags (e.g. {@code --platform linux/arm64}) */
    Fleet(Path dir, String kafka, String namespace, String blobStore, Path storeRoot, List<List<String>> workerArgs) {
        this(dir, kafka, namespace, blobStore, storeRoot, List.of(), workerArgs);
    }

    /** @param plannerArgs the planner's extra flags (e.g. {@code --catalog kafka://…}) */
    Fleet(Path dir, String kafka, String namespace, String blobStore, Path storeRoot, List<String> plannerArgs, List<List<String>> workerArgs) {
        List<String> common = List.of("--kafka", kafka, "--namespace", namespace, "--blob-store", blobStore);
        planner = new ServiceProcess("planner", dir, args("planner", common, plannerArgs));
        for (int i = 0; i < workerArgs.size(); i++) {
            List<String> extra = new ArrayList<>(List.of("--store-root", storeRoot.toString()));
            extra.addAll(workerArgs.get(i));
            workers.add(new ServiceProcess("layer-worker-" + (i + 1), dir, args("layer-worker", common, extra)));
        }
        assembler = new ServiceProcess("assembler", dir, args("assembler", common, List.of()));
        publisher = new ServiceProcess("publisher", dir, args("publisher", common, List.of()));
        all().forEach(ServiceProcess::start);
        all().forEach(s -> s.awaitReady(READY));
    }

    private static List<String> args(String role, List<String> common, List<String> extra) {
        List<String> a = new ArrayList<>(List.of(role));
        a.addAll(common);
        a.addAll(extra);
        return a;
    }

    List<ServiceProcess> all() {
        return Stream.concat(Stream.concat(Stream.of(planner), workers.stream()), Stream.of(assembler, publisher)).toList();
    }

    /** Every service's log tail, for failure messages. */
    String describe() {
        return all().stream().map(ServiceProcess::describe).collect(Collectors.joining("\n"));
    }

    /** SIGTERM to every service; returns their exit codes by name. */
    Map<String, Integer> terminate() throws InterruptedException {
        Map<String, Integer> codes = new TreeMap<>();
        all().forEach(ServiceProcess::sigterm);
        for (ServiceProcess s : all()) codes.put(s.name(), s.awaitExit(Duration.ofSeconds(60)));
        return codes;
    }

    @Override
    public void close() throws InterruptedException {
        all().forEach(ServiceProcess::sigterm);
        for (ServiceProcess s : all()) {
            try {
                s.awaitExit(Duration.ofSeconds(30));
            } catch (AssertionError hung) {
                // killed by terminate; the test reports its own failure
            }
        }
    }
}
