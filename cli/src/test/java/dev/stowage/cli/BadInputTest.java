package dev.stowage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of bad input: one line naming the input, exit 2, a BuildFailed in the audit log, no output. */
class BadInputTest {
    @TempDir Path tmp;
    private SyntheticClosure closure;

    @BeforeEach
    void setUp() throws IOException {
        closure = new SyntheticClosure(tmp.resolve("input"));
    }

    private void assertBadInput(Path spec, String... mustName) throws IOException {
        Path out = tmp.resolve("out");
        Path audit = tmp.resolve("audit.jsonl");
        StringWriter err = new StringWriter();
        int exit = Main.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), "build", spec.toString(),
                "--out", "oci:" + out, "--out", "docker-archive:" + tmp.resolve("image.tar"), "--platform", "linux/amd64",
                "--store-root", closure.storeRoot.toString(),
                "--blob-store", tmp.resolve("blobs").toString(), "--audit-log", audit.toString());
        assertThat(exit).as(err.toString()).isEqualTo(2);
        // Progress lines may precede it; the failure itself is one line.
        List<String> errors = err.toString().lines().filter(l -> l.startsWith("stowage: error: ")).toList();
        assertThat(errors).as(err.toString()).hasSize(1);
        assertThat(err.toString()).doesNotContain("\tat ").doesNotContain("Exception");
        String message = errors.get(0);
        for (String s : mustName) assertThat(message).contains(s);
        assertThat(Files.readString(audit)).contains("\"type\":\"BuildFailed\"").contains("\"kind\":\"BAD_INPUT\"");
        assertThat(out).doesNotExist();
        assertThat(tmp.resolve("image.tar")).doesNotExist();
    }

    @Test
    void unknownSpecField() throws IOException {
        assertBadInput(closure.writeSpec("s.json", closure.spec("\"maxLayer\":5,")), "s.json", "maxLayer");
    }

    @Test
    void wrongFieldType() throws IOException {
        assertBadInput(closure.writeSpec("s.json", closure.spec("\"maxLayers\":\"many\",")), "s.json", "maxLayers");
    }

    @Test
    void maxLayersOne() throws IOException {
        assertBadInput(closure.writeSpec("s.json", closure.spec("\"maxLayers\":1,")), "maxLayers");
    }

    @Test
    void closureNotJson() throws IOException {
        Files.writeString(closure.dir.resolve("closure.json"), "<html>not json</html>");
        assertBadInput(closure.spec, "closure.json", "not valid JSON");
    }

    @Test
    void malformedStorePathNameInClosure() throws IOException {
        String json = Files.readString(closure.dir.resolve("closure.json")).replace("greeting-data-1.0", "greeting data!");
        Files.writeString(closure.dir.resolve("closure.json"), json);
        assertBadInput(closure.spec, "closure.json", "greeting data!");
    }

    @Test
    void missingStorePath() throws IOException {
        Path gone = closure.storeRoot.resolve(SyntheticClosure.DATA.substring(1));
        try (Stream<Path> s = Files.walk(gone)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        assertBadInput(closure.spec, SyntheticClosure.DATA, "not found");
    }

    @Test
    void specFileMissing() throws IOException {
        assertBadInput(closure.dir.resolve("nope.json"), "nope.json", "no such file");
    }
}
