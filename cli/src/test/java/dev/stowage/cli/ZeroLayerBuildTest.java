package dev.stowage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.json.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A spec with no store paths and no root file system plans no layer task; the build still ends, with a zero-layer image skopeo reads. */
class ZeroLayerBuildTest {
    @TempDir Path tmp;

    @Test
    void planWithoutLayerTasksCompletesWithAnEmptyImage() throws Exception {
        SyntheticClosure closure = new SyntheticClosure(tmp.resolve("input"));
        Path spec = closure.writeSpec("empty.json", "{\"name\":\"example/empty\",\"tag\":\"1.0\",\"includeStorePaths\":false,"
                + "\"platforms\":[{\"platform\":\"linux/amd64\",\"closure\":\"closure.json\"}]}");
        Path oci = tmp.resolve("oci");
        Path archive = tmp.resolve("image.tar");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Assertions.assertTimeoutPreemptively(Duration.ofSeconds(60), () -> Main.run(
                new PrintWriter(out, true), new PrintWriter(err, true), "build", spec.toString(), "--store-root", closure.storeRoot.toString(),
                "--blob-store", tmp.resolve("blobs").toString(), "--audit-log", tmp.resolve("audit.jsonl").toString(),
                "--out", "oci:" + oci, "--out", "docker-archive:" + archive, "--json"));
        assertThat(exit).as(err.toString()).isZero();
        String index = Json.reader().readTree(out.toString()).get("index").asText();

        JsonNode fromLayout = skopeo("inspect", "oci:" + oci + ":1.0");
        assertThat(fromLayout.get("Layers")).isEmpty();
        assertThat(fromLayout.get("Os").asText()).isEqualTo("linux");
        assertThat(fromLayout.get("Architecture").asText()).isEqualTo("amd64");
        assertThat(fromLayout.get("Digest").asText()).isEqualTo(index);
        JsonNode manifest = skopeo("inspect", "--raw", "oci:" + oci + ":1.0", "--override-arch", "amd64");
        assertThat(manifest.get("mediaType").asText()).isEqualTo("application/vnd.oci.image.index.v1+json");
        JsonNode fromArchive = skopeo("inspect", "docker-archive:" + archive);
        assertThat(fromArchive.get("Layers")).isEmpty();
        JsonNode config = skopeo("inspect", "--config", "docker-archive:" + archive);
        assertThat(config.get("rootfs").get("diff_ids")).isEmpty();
        assertThat(Files.readString(tmp.resolve("audit.jsonl"))).contains("\"type\":\"Published\"").doesNotContain("\"type\":\"LayerTask\"");
    }

    private static JsonNode skopeo(String... args) throws Exception {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "skopeo";
        System.arraycopy(args, 0, cmd, 1, args.length);
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] bytes = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", cmd)).isZero();
        return Json.reader().readTree(bytes);
    }
}
