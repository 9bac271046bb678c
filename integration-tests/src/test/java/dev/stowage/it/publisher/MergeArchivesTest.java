package dev.stowage.it.publisher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.cli.Main;
import dev.stowage.it.harness.NixStore;
import dev.stowage.it.harness.Skopeo;
import dev.stowage.it.harness.Tools;
import dev.stowage.json.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code stowage merge-archives}: two Stowage docker-archives of one closure (one gzipped, as
 * nixpkgs' images are) and one skopeo wrote (legacy layer links, a repositories file) merged into
 * one tar that skopeo loads each image from, with shared layers once and the same bytes every time.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class MergeArchivesTest {
    @TempDir static Path tmp;
    static List<String> images = List.of("stowage-it/one:1", "stowage-it/two:2", "docker.io/example/third:3");
    static List<Path> inputs = new ArrayList<>();
    static NixStore nix;

    @BeforeAll
    static void setUp() throws Exception {
        nix = new NixStore(tmp.resolve("nix"));
        nix.pathInfo(tmp.resolve("path-info.json"), nix.buildResource("sample-closure.nix"));
        Path one = build("one", "1", "[\"ONE=1\"]");
        Tools.run("gzip", "-n", "-k", one.toString());
        inputs.add(Path.of(one + ".gz"));
        inputs.add(build("two", "2", "[\"TWO=2\"]"));
        Tools.run("skopeo", "copy", "-q", "docker-archive:" + inputs.get(1), "oci:" + tmp.resolve("third-layout") + ":3");
        Path third = tmp.resolve("third.tar");
        Tools.run("skopeo", "copy", "-q", "oci:" + tmp.resolve("third-layout") + ":3", "docker-archive:" + third + ":example/third:3");
        inputs.add(third);
    }

    private static Path build(String name, String tag, String env) throws IOException {
        Path spec = Files.writeString(tmp.resolve(name + ".json"), "{\"name\":\"stowage-it/" + name + "\",\"tag\":\"" + tag + "\","
                + "\"maxLayers\":4,\"config\":{\"Env\":" + env + "},\"platforms\":[{\"platform\":\"linux/amd64\",\"closure\":\"path-info.json\"}]}");
        Path out = tmp.resolve(name + ".tar");
        StringWriter err = new StringWriter();
        int exit = Main.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), "build", spec.toString(),
                "--store-root", nix.root().toString(), "--blob-store", tmp.resolve("blobs").toString(),
                "--audit-log", tmp.resolve("audit.jsonl").toString(), "--out", "docker-archive:" + out);
        assertThat(exit).as(err.toString()).isZero();
        return out;
    }

    private static Run merge(Path out, List<Path> in) {
        List<String> args = new ArrayList<>(List.of("merge-archives", "--json", out.toString()));
        in.forEach(p -> args.add(p.toString()));
        StringWriter o = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(new PrintWriter(o, true), new PrintWriter(err, true), args.toArray(String[]::new));
        return new Run(exit, o.toString(), err.toString());
    }

    record Run(int exit, String out, String err) {}

    @Test
    void everyImageLoadsFromTheMergedArchiveWithSharedLayersOnce() throws IOException {
        Path merged = tmp.resolve("merged.tar");
        Run r = merge(merged, inputs);
        assertThat(r.exit()).as(r.err()).isZero();

        for (int i = 0; i < images.size(); i++) {
            String input = inputs.get(i).toString().replaceAll("\\.gz$", "");
            JsonNode expected = Skopeo.inspect("inspect", "--config", "docker-archive:" + input);
            JsonNode actual = Skopeo.inspect("inspect", "--config", "docker-archive:" + merged + ":" + images.get(i));
            assertThat(actual).isEqualTo(expected);
        }
        JsonNode manifest = Json.reader().readTree(Tools.run("tar", "-xOf", merged.toString(), "manifest.json"));
        assertThat(manifest).hasSize(3);
        List<String> tags = new ArrayList<>();
        manifest.forEach(m -> tags.add(m.get("RepoTags").get(0).asText()));
        assertThat(tags).containsExactlyElementsOf(images);
        JsonNode repositories = Json.reader().readTree(Tools.run("tar", "-xOf", merged.toString(), "repositories"));
        assertThat(repositories.has("docker.io/example/third")).isTrue();

        // one and two share their store-path layers: each diffID's layer.tar is in the tar once
        List<String> names = Tools.run("tar", "-tf", merged.toString()).lines().toList();
        assertThat(new HashSet<>(names)).hasSameSizeAs(names);
        JsonNode one = Skopeo.inspect("inspect", "--config", "docker-archive:" + merged + ":" + images.get(0));
        JsonNode two = Skopeo.inspect("inspect", "--config", "docker-archive:" + merged + ":" + images.get(1));
        List<String> shared = Skopeo.texts(one.at("/rootfs/diff_ids")).stream().filter(Skopeo.texts(two.at("/rootfs/diff_ids"))::contains).toList();
        assertThat(shared).isNotEmpty();
        for (String diffId : shared) assertThat(names).containsOnlyOnce(diffId.substring("sha256:".length()) + "/layer.tar");
        String listing = Tools.run("tar", "-tvf", merged.toString(), "--numeric-owner");
        assertThat(listing.lines()).allSatisfy(l -> assertThat(l).contains(" 0/0 ").contains("1970-01-01"));

        Path again = tmp.resolve("again.tar");
        assertThat(merge(again, inputs).exit()).isZero();
        assertThat(Files.readAllBytes(again)).isEqualTo(Files.readAllBytes(merged));
    }

    @Test
    void aMissingInputOrATagInTwoInputsIsBadInputAndWritesNothing() {
        Path out = tmp.resolve("bad.tar");
        Run missing = merge(out, List.of(inputs.get(1), tmp.resolve("nope.tar")));
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains(tmp.resolve("nope.tar").toString());
        Run twice = merge(out, List.of(inputs.get(1), inputs.get(1)));
        assertThat(twice.exit()).isEqualTo(2);
        assertThat(twice.err()).contains("stowage-it/two:2").contains("also in");
        assertThat(out).doesNotExist();
    }
}
