package dev.stowage.it.serve;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.cli.Main;
import dev.stowage.json.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** {@code stowage} commands run in the test JVM, and the in-process builds the Kafka builds are compared with. */
final class Cli {
    private static final Map<Path, String> REFERENCES = new ConcurrentHashMap<>();

    record Run(int exit, String out, String err) {
        JsonNode json() {
            try {
                return Json.reader().readTree(out);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + out + "\n" + err, e);
            }
        }

        String index() {
            return json().get("index").asText();
        }
    }

    private Cli() {}

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(exit, out.toString(), err.toString());
    }

    /** {@code stowage submit SPEC --wait --json} into {@code oci:out} and any further outputs. */
    static Run submitAndWait(String kafka, String namespace, String blobStore, Path spec, Path out, String... moreOutputs) {
        List<String> args = new ArrayList<>(List.of("submit", spec.toString(), "--kafka", kafka, "--namespace", namespace,
                "--blob-store", blobStore, "--out", "oci:" + out, "--wait", "--json", "--timeout", "400"));
        for (String o : moreOutputs) args.addAll(List.of("--out", o));
        return run(args.toArray(String[]::new));
    }

    /** The index digest of the in-process {@code stowage build} of {@code spec} (own blob store; built once per spec). */
    static String reference(Path spec, Path storeRoot, Path work) {
        return REFERENCES.computeIfAbsent(spec, s -> {
            List<String> args = new ArrayList<>(List.of("build", s.toString(), "--store-root", storeRoot.toString(),
                    "--blob-store", work.resolve("reference-blobs").toString(), "--audit-log", work.resolve("reference.jsonl").toString(),
                    "--out", "oci:" + work.resolve("reference-out"), "--json"));
            Run r = run(args.toArray(String[]::new));
            if (r.exit() != 0) throw new AssertionError("in-process build failed: " + r.err());
            return r.index();
        });
    }
}
