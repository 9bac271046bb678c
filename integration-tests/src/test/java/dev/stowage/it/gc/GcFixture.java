package dev.stowage.it.gc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.cli.Main;
import dev.stowage.it.harness.NixStore;
import dev.stowage.json.Json;
import dev.stowage.oci.Digest;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Releases of one image built with the real CLI into a blob store, and what their OCI layouts hold. */
final class GcFixture {
    record Run(int exit, String out, String err) {
        JsonNode json() throws IOException {
            return Json.reader().readTree(out);
        }
    }

    final Path tmp;
    final NixStore nix;

    GcFixture(Path tmp) throws IOException {
        this.tmp = tmp;
        this.nix = new NixStore(tmp.resolve("nix"));
    }

    static Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(exit, out.toString(), err.toString());
    }

    /** {@code stowage gc ARGS} with an empty catalog of its own (never the user's default one). */
    Run gc(String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of("gc", "--catalog", Files.createDirectories(tmp.resolve("empty-catalog")).toString()));
        all.addAll(List.of(args));
        return cli(all.toArray(String[]::new));
    }

    /** The spec of release {@code version} of image {@code stowage-it/gc}. */
    Path spec(int version) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("release-" + version));
        String out = nix.outputs(nix.resource("gc-app.nix"), Map.of("version", Integer.toString(version))).get(0);
        nix.pathInfo(dir.resolve("path-info.json"), out);
        return Files.writeString(dir.resolve("image.json"), "{\"name\":\"stowage-it/gc\",\"tag\":\"v" + version + "\","
                + "\"platforms\":[{\"platform\":\"linux/amd64\",\"closure\":\"path-info.json\"}]}");
    }

    /** Builds release {@code version} into the store, writing an OCI layout at {@code layout}; returns the build's JSON. */
    JsonNode build(int version, String blobStore, Path auditLog, Path layout, String... extra) throws IOException {
        List<String> args = new ArrayList<>(List.of("build", spec(version).toString(), "--json", "--store-root", nix.root().toString(),
                "--blob-store", blobStore, "--audit-log", auditLog.toString(), "--out", "oci:" + layout));
        args.addAll(List.of(extra));
        Run r = cli(args.toArray(String[]::new));
        assertThat(r.exit()).as(r.err()).isZero();
        return r.json();
    }

    /** Every blob an OCI layout holds (index, manifests, configs, layers, referrers). */
    static Set<Digest> layoutBlobs(Path layout) throws IOException {
        Set<Digest> out = new TreeSet<>();
        try (var files = Files.list(layout.resolve("blobs/sha256"))) {
            files.forEach(p -> out.add(new Digest("sha256", p.getFileName().toString())));
        }
        return out;
    }

    /** The layer digests of a build's JSON output. */
    static List<Digest> layers(JsonNode build) {
        List<Digest> out = new ArrayList<>();
        for (JsonNode p : build.get("platforms")) for (JsonNode l : p.get("layers")) out.add(Digest.parse(l.get("digest").asText()));
        return out;
    }
}
