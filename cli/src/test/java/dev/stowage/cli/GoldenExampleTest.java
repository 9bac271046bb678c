package dev.stowage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.json.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pins the bytes Stowage produces for the committed example (examples/hello): the layer diffIDs,
 * which do not depend on the compressor, and the whole index digest for every compression.
 * A change here is a change of every image digest users have: bump TarRules.VERSION and say so.
 */
class GoldenExampleTest {
    private static final Path EXAMPLE = Path.of("../examples/hello").toAbsolutePath().normalize();
    @TempDir Path tmp;

    private JsonNode build(String compression) throws IOException {
        String spec = Files.readString(EXAMPLE.resolve("image.json"))
                .replace("\"tag\": \"1.0\",", "\"tag\": \"1.0\", \"compression\": \"" + compression + "\",")
                .replace("\"closure\": \"path-info.json\"", "\"closure\": \"" + EXAMPLE.resolve("path-info.json") + "\"");
        Path specFile = Files.writeString(tmp.resolve("image-" + compression + ".json"), spec);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), "build", specFile.toString(),
                "--store-root", EXAMPLE.resolve("store").toString(), "--out", "oci:" + tmp.resolve("out-" + compression),
                "--blob-store", tmp.resolve("blobs").toString(), "--audit-log", tmp.resolve("audit.jsonl").toString(), "--json");
        assertThat(exit).as(err.toString()).isZero();
        return Json.reader().readTree(out.toString());
    }

    private static List<String> diffIds(JsonNode result) {
        List<String> ids = new ArrayList<>();
        for (JsonNode l : result.get("platforms").get(0).get("layers")) ids.add(l.get("diffId").asText());
        return ids;
    }

    @Test
    void layerDiffIdsAndUncompressedIndexArePinned() throws IOException {
        JsonNode gzip = build("gzip");
        JsonNode zstd = build("zstd");
        JsonNode none = build("none");
        List<String> expected = List.of(
                "sha256:0719ee3083c1d7f59ba993b0f1510222f97dd9e6120da0b0f8f63f8ca235adae",
                "sha256:b8b8e0e9302afa03aa649c3935e606d68f23e35b4bdaa8760cf788a400609a13",
                "sha256:18b15feece4d224d0fc1f88e3352325166cf4a8610647cc7d7e00d8d8654a64f",
                "sha256:de535d585fe7cf9ff2850d9f94cbbcb34caa6c115e0ea3ba8796147cc53890be");
        assertThat(diffIds(gzip)).isEqualTo(diffIds(zstd)).isEqualTo(diffIds(none)).isEqualTo(expected);
        // changed deliberately by issue #14, twice: layer descriptors carry dev.stowage.layer.key, and
        // that key names the encoder (manifest and index bytes only; the tars, hence TarRules.VERSION,
        // are unchanged)
        assertThat(none.get("index").asText()).isEqualTo("sha256:4c9f82ac8781869217c4bc7276f23e40668734a200bbc0a2e9e0e35ee70e9bcf");
    }

    /**
     * The compressors are bundled (libdeflate in jlibdeflate, libzstd in zstd-jni), never the
     * machine's zlib, so compressed images are pinned too: the same index on every machine. A change
     * here is an encoder change (Compressors.encoder) and changes every compressed layer users have.
     */
    @Test
    void compressedIndexesArePinned() throws IOException {
        assertThat(build("gzip").get("index").asText()).isEqualTo("sha256:15bba9cce1a3d10871aa10e1efe1fdf40be3f801def6459161aea61a796fac56");
        assertThat(build("zstd").get("index").asText()).isEqualTo("sha256:75e912d652ab0333196c2ff2d69ae0b7e13a7de6fbd82474a58b71574ff6c8e5");
    }
}
