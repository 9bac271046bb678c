package dev.stowage.it.registryserver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.cli.Main;
import dev.stowage.it.harness.Skopeo;
import dev.stowage.oci.Digest;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A fleet catalog with one image, {@code stowage-it/greeter:v1} (hello from {@link PackageCache}),
 * built by {@code fleet build} into a blob store and published to an oci: layout; the flags that
 * serve it with {@code serve registry}, and the digest it was published with.
 */
final class PublishedGreeter {
    static final String NAME = "stowage-it/greeter";
    final Path catalog;
    final Path blobs;
    final Path audit;
    final Path published;

    PublishedGreeter(Path dir, PackageCache packages) throws IOException {
        audit = dir.resolve("audit.jsonl");
        published = dir.resolve("published");
        catalog = dir.resolve("catalog");
        blobs = dir.resolve("blobs");
        Path closure = packages.nix.pathInfo(dir.resolve("greeter-closure.json"), packages.hello());
        Path spec = Files.writeString(dir.resolve("greeter.json"), "{\"name\":\"registry.example:5000/" + NAME + "\",\"tag\":\"v1\","
                + "\"config\":{\"Cmd\":[\"" + packages.hello() + "/bin/hello\"]},"
                + "\"platforms\":[{\"platform\":\"linux/amd64\",\"closure\":\"" + closure.getFileName() + "\"}]}");
        cli("fleet", "add", spec.toString(), "--catalog", catalog.toString(), "--audit-log", audit.toString(), "--blob-store", blobs.toString(),
                "--out", "oci:" + published);
        cli("fleet", "build", "--catalog", catalog.toString(), "--audit-log", audit.toString(), "--blob-store", blobs.toString(),
                "--store-root", packages.nix.root().toString(), "--workers", "2");
    }

    /** The digest {@code fleet build} published the image with. */
    Digest digest() {
        return Skopeo.rawDigest("oci:" + published + ":v1");
    }

    /** {@code serve registry} flags serving this catalog. */
    List<String> registryFlags() {
        return List.of("--blob-store", blobs.toString(), "--audit-log", audit.toString(), "--catalog", catalog.toString(), "--workers", "1");
    }

    /** Runs the cli in this JVM; fails unless it exits 0; returns its stdout. */
    static String cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        assertThat(exit).as(String.join(" ", args) + "\n" + err).isZero();
        return out.toString();
    }
}
