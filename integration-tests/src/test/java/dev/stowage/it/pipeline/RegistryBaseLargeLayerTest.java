package dev.stowage.it.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.it.harness.NixStore;
import dev.stowage.it.harness.Registry;
import dev.stowage.it.harness.Skopeo;
import dev.stowage.it.harness.Tools;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A base whose layer (160 MiB, incompressible) is larger than the whole heap of the process
 * pulling it (-Xmx64m): the blob must stream from the registry into the blob store.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RegistryBaseLargeLayerTest {
    private static final int MIB = 1 << 20;
    @TempDir Path tmp;

    @Test
    void aLayerLargerThanTheHeapStreamsIntoTheBlobStore() throws Exception {
        Path rootfs = Files.createDirectories(tmp.resolve("content"));
        Random random = new Random(7);
        byte[] chunk = new byte[MIB];
        try (OutputStream out = Files.newOutputStream(rootfs.resolve("big.bin"))) {
            for (int i = 0; i < 160; i++) {
                random.nextBytes(chunk);
                out.write(chunk);
            }
        }
        Path layout = tmp.resolve("layout");
        Tools.run("umoci", "init", "--layout", layout.toString());
        Tools.run("umoci", "new", "--image", layout + ":big");
        Tools.run("umoci", "insert", "--image", layout + ":big", rootfs.resolve("big.bin").toString(), "/big.bin");
        Files.delete(rootfs.resolve("big.bin"));
        try (Registry registry = Registry.anonymous(tmp.resolve("registry"))) {
            Tools.run("skopeo", "copy", "-q", "--dest-tls-verify=false", "oci:" + layout + ":big", registry.docker("stowage/big:1"));
            JsonNode pushed = Skopeo.inspect("inspect", "--raw", "--tls-verify=false", registry.docker("stowage/big:1"));
            long layerSize = pushed.get("layers").get(0).get("size").asLong();
            assertThat(layerSize).isGreaterThan(150L * MIB);

            NixStore nix = new NixStore(tmp.resolve("nix"));
            nix.pathInfo(tmp.resolve("path-info.json"), nix.buildResource("sample-closure.nix"));
            Path spec = Files.writeString(tmp.resolve("spec.json"), "{\"name\":\"stowage-it/big\",\"tag\":\"t\",\"maxLayers\":4,"
                    + "\"fromImage\":\"docker://" + registry.host() + "/stowage/big:1\","
                    + "\"platforms\":[{\"platform\":\"linux/amd64\",\"closure\":\"path-info.json\"}]}");
            Path out = tmp.resolve("out");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Tools.Result r = Tools.attempt(Map.of(), Duration.ofMinutes(5), null, List.of(java, "-Xmx64m",
                    "-cp", System.getProperty("java.class.path"), "dev.stowage.cli.Main", "build", spec.toString(), "--tls-verify=false",
                    "--workers", "1", "--store-root", nix.root().toString(), "--blob-store", tmp.resolve("blobs").toString(),
                    "--audit-log", tmp.resolve("audit.jsonl").toString(), "--out", "oci:" + out));
            assertThat(r.exitCode()).as(r.stderr()).isZero();
            String layer = pushed.get("layers").get(0).get("digest").asText();
            assertThat(Files.size(tmp.resolve("blobs").resolve("blobs/sha256/" + layer.substring(7)).toRealPath())).isEqualTo(layerSize);
            JsonNode built = Skopeo.inspect("inspect", "oci:" + out + ":t");
            assertThat(Skopeo.texts(built.get("Layers")).get(0)).isEqualTo(layer);
        }
    }
}
