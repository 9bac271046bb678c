package dev.stowage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Through the whole CLI (whose blob store is wrapped for metrics), an oci: layout links the store's files instead of copying them. */
class OciLayoutLinksTest {
    private static final Path EXAMPLE = Path.of("../examples/hello").toAbsolutePath().normalize();
    @TempDir Path tmp;

    @Test
    void everyBlobOfTheLayoutIsTheStoresFile() throws Exception {
        String spec = Files.readString(EXAMPLE.resolve("image.json"))
                .replace("\"closure\": \"path-info.json\"", "\"closure\": \"" + EXAMPLE.resolve("path-info.json") + "\"");
        Path specFile = Files.writeString(tmp.resolve("image.json"), spec);
        StringWriter err = new StringWriter();
        int exit = Main.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), "build", specFile.toString(),
                "--store-root", EXAMPLE.resolve("store").toString(), "--out", "oci:" + tmp.resolve("out"),
                "--blob-store", tmp.resolve("blobs").toString(), "--audit-log", tmp.resolve("audit.jsonl").toString());
        assertThat(exit).as(err.toString()).isZero();
        List<Path> blobs;
        try (Stream<Path> files = Files.list(tmp.resolve("out/blobs/sha256"))) {
            blobs = files.toList();
        }
        assertThat(blobs).hasSizeGreaterThan(4).allSatisfy(b ->
                assertThat(Files.isSameFile(b, tmp.resolve("blobs/blobs/sha256").resolve(b.getFileName()))).as(b.toString()).isTrue());
    }
}
