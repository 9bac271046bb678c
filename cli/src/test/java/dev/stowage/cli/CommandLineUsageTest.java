package dev.stowage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bad flags of serve, submit and audit: one error line naming the flag, exit 2, nothing started. */
class CommandLineUsageTest {
    @TempDir static Path tmp;

    private static void assertUsageError(String args, String mustName) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(new PrintWriter(out, true), new PrintWriter(err, true),
                args.replace("TMP", tmp.toString()).split(" "));
        assertThat(exit).as(err.toString()).isEqualTo(2);
        assertThat(err.toString().lines().toList()).as(err.toString()).hasSize(1);
        assertThat(err.toString()).startsWith("stowage: error: ").contains(mustName).doesNotContain("Exception");
        assertThat(out.toString()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "serve cook --kafka 127.0.0.1:9 --blob-store TMP/b|cook",
        "serve planner --blob-store TMP/b|--kafka",
        "serve planner --kafka 127.0.0.1:9|--blob-store",
        "serve planner --kafka nohost --blob-store TMP/b|--kafka",
        "serve planner --kafka 127.0.0.1:70000 --blob-store TMP/b|--kafka",
        "serve planner --kafka 127.0.0.1:9 --blob-store TMP/b --concurrency 2|--concurrency",
        "serve layer-worker --kafka 127.0.0.1:9 --blob-store TMP/b --concurrency 0|--concurrency",
        "serve layer-worker --kafka 127.0.0.1:9 --blob-store TMP/b --platform linux|--platform",
        "serve assembler --kafka 127.0.0.1:9 --blob-store TMP/b --platform linux/arm64|--platform",
        "serve assembler --kafka 127.0.0.1:9 --blob-store TMP/b --store-root /|--store-root",
        "serve publisher --kafka 127.0.0.1:9 --blob-store TMP/b --health-port 70000|--health-port",
        "serve publisher --kafka 127.0.0.1:9 --blob-store TMP/b --health-port x|--health-port",
        "serve assembler --kafka 127.0.0.1:9 --blob-store TMP/b --catalog kafka://127.0.0.1:9/c --webhook-token-file TMP/t|--catalog",
        "serve planner --kafka 127.0.0.1:9 --blob-store TMP/b --webhook-port 0|--catalog",
        "serve planner --kafka 127.0.0.1:9 --blob-store TMP/b --catalog TMP/c --webhook-token-file TMP/t|kafka://",
        "serve planner --kafka 127.0.0.1:9 --blob-store TMP/b --catalog kafka://127.0.0.1:9/c --webhook-token-file TMP/none|--webhook-token-file",
        "serve planner --kafka 127.0.0.1:9 --blob-store TMP/b --catalog kafka://127.0.0.1:9/c --webhook-port 70000 --webhook-token-file TMP/t|--webhook-port",
        "submit TMP/spec.json --out oci:TMP/o|--kafka",
        "submit TMP/spec.json --kafka 127.0.0.1:9|--out",
        "submit TMP/spec.json --kafka :9092 --out oci:TMP/o|--kafka",
        "audit b-1 --kafka 127.0.0.1:9 --log TMP/a.jsonl|--log and --kafka",
        "audit b-1 --log TMP/a.jsonl --blob-store TMP/b|--blob-store",
        "audit b-1 --kafka 127.0.0.1|--kafka",
        "serve planner --kafka 127.0.0.1:9,nohost --blob-store TMP/b|--kafka",
        "submit TMP/spec.json --kafka 127.0.0.1:9, --out oci:TMP/o|--kafka",
        "serve planner --kafka 127.0.0.1:9 --blob-store TMP/b --replication-factor 0|--replication-factor",
        "serve layer-worker --kafka 127.0.0.1:9 --blob-store TMP/b --replication-factor 1 --min-insync-replicas 2|--min-insync-replicas 2 exceeds --replication-factor 1",
        "serve assembler --kafka 127.0.0.1:9 --blob-store TMP/b --min-insync-replicas 0|--min-insync-replicas",
    })
    void badFlagsAreOneLineAndExitTwo(String row) {
        String[] parts = row.split("\\|");
        assertUsageError(parts[0], parts[1]);
    }
}
