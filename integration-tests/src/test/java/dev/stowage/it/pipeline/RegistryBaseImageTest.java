package dev.stowage.it.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.cli.Main;
import dev.stowage.it.harness.NixStore;
import dev.stowage.it.harness.Registry;
import dev.stowage.it.harness.Skopeo;
import dev.stowage.it.harness.Tools;
import dev.stowage.json.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * fromImage with bases that other tools made: an image pushed to the CNCF distribution registry
 * and copied out again by skopeo, as an OCI layout and as a docker-archive.
 */
class RegistryBaseImageTest {
    @TempDir static Path tmp;
    static Registry registry;
    static String host;
    static NixStore nix;
    static String hello;

    @BeforeAll
    static void setUp() throws Exception {
        registry = Registry.anonymous(tmp.resolve("registry"));
        host = registry.host();
        nix = new NixStore(tmp.resolve("nix"));
        hello = nix.buildResource("sample-closure.nix");
        nix.pathInfo(tmp.resolve("path-info.json"), hello);
        // a base image built by Stowage, pushed by skopeo, then copied back out by skopeo
        build("base", "\"maxLayers\":3,\"config\":{\"Env\":[\"BASE=1\",\"PATH=/base/bin\"],\"WorkingDir\":\"/srv\"},", "oci:" + tmp.resolve("base-layout"));
        Tools.run("skopeo", "copy", "-q", "--dest-tls-verify=false", "oci:" + tmp.resolve("base-layout") + ":t",
                "docker://" + host + "/stowage/base:1");
        Tools.run("skopeo", "copy", "-q", "--src-tls-verify=false", "docker://" + host + "/stowage/base:1",
                "oci:" + tmp.resolve("from-registry") + ":1");
        Tools.run("skopeo", "copy", "-q", "--src-tls-verify=false", "docker://" + host + "/stowage/base:1",
                "docker-archive:" + tmp.resolve("from-registry.tar") + ":stowage/base:1");
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (registry != null) registry.close();
    }

    private static JsonNode build(String name, String fields, String out) throws IOException {
        Path spec = Files.writeString(tmp.resolve(name + ".json"), "{\"name\":\"stowage-it/" + name + "\",\"tag\":\"t\"," + fields
                + "\"platforms\":[{\"platform\":\"linux/amd64\",\"closure\":\"path-info.json\"}]}");
        StringWriter o = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(new PrintWriter(o, true), new PrintWriter(err, true), "build", spec.toString(), "--json",
                "--store-root", nix.root().toString(), "--blob-store", tmp.resolve("blobs-" + name).toString(),
                "--audit-log", tmp.resolve("audit.jsonl").toString(), "--out", out);
        assertThat(exit).as(err.toString()).isZero();
        return Json.reader().readTree(o.toString());
    }

    private static void assertBaseFirstAndEnvMerged(Path layout) {
        JsonNode config = Skopeo.inspect("inspect", "--config", "oci:" + layout + ":t");
        JsonNode base = Skopeo.inspect("inspect", "--config", "oci:" + tmp.resolve("base-layout") + ":t");
        List<String> diffIds = Skopeo.texts(config.get("rootfs").get("diff_ids"));
        List<String> baseIds = Skopeo.texts(base.get("rootfs").get("diff_ids"));
        assertThat(diffIds.subList(0, baseIds.size())).isEqualTo(baseIds);
        assertThat(diffIds).hasSizeLessThanOrEqualTo(5);
        assertThat(Skopeo.texts(config.get("config").get("Env"))).containsExactly("BASE=1", "PATH=/app/bin", "APP=1");
        assertThat(config.get("config").get("WorkingDir").asText()).isEqualTo("/srv");
    }

    @Test
    void anOciLayoutThatSkopeoCopiedFromTheRegistry() throws IOException {
        Path out = tmp.resolve("on-oci-base");
        build("app-oci", "\"maxLayers\":5,\"fromImage\":\"oci:" + tmp.resolve("from-registry") + ":1\","
                + "\"config\":{\"Env\":[\"PATH=/app/bin\",\"APP=1\"]},", "oci:" + out);
        assertBaseFirstAndEnvMerged(out);
        Tools.run("skopeo", "copy", "-q", "oci:" + out + ":t", "oci:" + tmp.resolve("on-oci-single") + ":t");
        Tools.run("umoci", "unpack", "--image", tmp.resolve("on-oci-single") + ":t", tmp.resolve("on-oci-bundle").toString());
        assertThat(tmp.resolve("on-oci-bundle/rootfs" + hello + "/bin/hello")).isRegularFile();
    }

    @Test
    void aDockerArchiveThatSkopeoCopiedFromTheRegistry() throws IOException {
        Path out = tmp.resolve("on-archive-base");
        build("app-archive", "\"maxLayers\":5,\"fromImage\":\"docker-archive:" + tmp.resolve("from-registry.tar") + "\","
                + "\"config\":{\"Env\":[\"PATH=/app/bin\",\"APP=1\"]},", "oci:" + out);
        assertBaseFirstAndEnvMerged(out);
    }

    @Test
    void maxLayersTooSmallForTheRegistryBaseIsAClearError() throws IOException {
        Path spec = Files.writeString(tmp.resolve("tight.json"), "{\"name\":\"stowage-it/tight\",\"maxLayers\":3,\"fromImage\":\"oci:"
                + tmp.resolve("from-registry") + ":1\",\"platforms\":[{\"platform\":\"linux/amd64\",\"closure\":\"path-info.json\"}]}");
        StringWriter err = new StringWriter();
        List<String> args = new ArrayList<>(List.of("build", spec.toString(), "--store-root", nix.root().toString(),
                "--blob-store", tmp.resolve("blobs-tight").toString(), "--audit-log", tmp.resolve("audit.jsonl").toString(),
                "--out", "oci:" + tmp.resolve("tight-out")));
        assertThat(Main.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), args.toArray(String[]::new))).isEqualTo(2);
        assertThat(err.toString()).contains("maxLayers").contains("no room");
        assertThat(tmp.resolve("tight-out")).doesNotExist();
    }
}
