package dev.stowage.it.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.bus.kafka.TopicTimelineReader;
import dev.stowage.event.BuildRequested;
import dev.stowage.it.harness.SharedKafkaBroker;
import dev.stowage.it.harness.Skopeo;
import dev.stowage.it.registryserver.PackageCache;
import dev.stowage.it.registryserver.RegistryProcess;
import dev.stowage.oci.Digest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve registry --kafka}: a catalog image built by the services pulls with the digest it was
 * published with (its build read from the topics); a package list pulled with skopeo is built by
 * the services (one planner, one layer worker, an assembler and a publisher, each its own JVM on a
 * real broker), once, with the digest {@code stowage build} gives its spec.
 */
class RegistryKafkaTest {
    @RegisterExtension static final SharedKafkaBroker KAFKA = new SharedKafkaBroker();
    @TempDir Path tmp;

    private static long builds(String kafka, String namespace, String name) {
        return new TopicTimelineReader(kafka, namespace, null).readAll().stream()
                .filter(e -> e.event() instanceof BuildRequested b && b.input().spec().name().equals(name)).count();
    }

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void catalogImagesAndPackageListsOnTheBus() throws Exception {
        PackageCache packages = new PackageCache(tmp.resolve("packages"));
        String kafka = KAFKA.bootstrapServers();
        String ns = SharedKafkaBroker.freshNamespace();
        String blobs = tmp.resolve("blobs").toString();
        Path dir = Files.createDirectories(tmp.resolve("services"));
        try (Fleet services = new Fleet(dir, kafka, ns, blobs, tmp.resolve("no-store"), List.of(List.of()))) {
            // a catalog image, built by the services: the registry finds its build on the topics
            Path catalogSpec = packages.equivalentSpec(tmp.resolve("catalog-spec.json"), "stowage-it/hello", List.of(packages.hello()));
            Cli.Run submitted = Cli.submitAndWait(kafka, ns, blobs, catalogSpec, tmp.resolve("published"));
            assertThat(submitted.exit()).as(submitted.err() + services.describe()).isZero();
            Path catalog = tmp.resolve("catalog");
            Cli.Run added = Cli.run("fleet", "add", catalogSpec.toString(), "--catalog", catalog.toString(), "--out", "oci:" + tmp.resolve("fleet-out"));
            assertThat(added.exit()).as(added.err()).isZero();

            List<String> flags = new ArrayList<>(List.of("--kafka", kafka, "--namespace", ns, "--blob-store", blobs, "--catalog", catalog.toString()));
            flags.addAll(packages.registryFlags());
            try (RegistryProcess registry = new RegistryProcess(dir.resolve("registry"), flags)) {
                registry.awaitPort(Duration.ofSeconds(90));
                assertThat(Skopeo.rawDigest("--tls-verify=false", "docker://" + registry.host() + "/stowage-it/hello:latest").toString())
                        .isEqualTo(submitted.index());
                String ref = "docker://" + registry.host() + "/shell/hello:latest";
                Digest first = Skopeo.rawDigest("--tls-verify=false", ref);
                assertThat(Skopeo.rawDigest("--tls-verify=false", "docker://" + registry.host() + "/hello/shell")).isEqualTo(first);
                assertThat(builds(kafka, ns, "hello/shell")).as(services.describe() + registry.describe()).isEqualTo(1);
                assertThat(services.planner.lines()).anyMatch(l -> l.contains("planner done BuildRequested"));

                Path spec = packages.equivalentSpec(tmp.resolve("spec.json"), "hello/shell", packages.outputs.subList(1, 5));
                Cli.Run built = Cli.run("build", spec.toString(), "--blob-store", tmp.resolve("blobs-build").toString(),
                        "--audit-log", tmp.resolve("build.jsonl").toString(), "--out", "oci:" + tmp.resolve("built"), "--json");
                assertThat(built.exit()).as(built.err()).isZero();
                assertThat(built.index()).isEqualTo(first.toString());
                assertThat(registry.stop()).as(registry.describe()).isZero();
            }
        }
    }
}
