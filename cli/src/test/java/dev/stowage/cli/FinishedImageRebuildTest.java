package dev.stowage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.blob.FileSystemBlobStore;
import dev.stowage.bus.AuditEntry;
import dev.stowage.bus.AuditLogReader;
import dev.stowage.event.ImageAssembled;
import dev.stowage.event.IndexAssembled;
import dev.stowage.event.LayerBuilt;
import dev.stowage.event.LayerTask;
import dev.stowage.event.Published;
import dev.stowage.event.StowageEvent;
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
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #14, the no-op rebuild: a spec built again by a fresh process on the same blob store
 * publishes the image the first build assembled (the assembler's finished-image record), with no
 * layer task, no layer built and no document assembled, and every output byte and the --json
 * result are those of a full build. What is not the same input, or not reproducible, is built.
 */
class FinishedImageRebuildTest {
    private static final Path EXAMPLE = Path.of("../examples/hello").toAbsolutePath().normalize();
    @TempDir Path tmp;
    Path spec;

    @BeforeEach
    void spec() throws IOException {
        String text = Files.readString(EXAMPLE.resolve("image.json"))
                .replace("\"closure\": \"path-info.json\"", "\"closure\": \"" + EXAMPLE.resolve("path-info.json") + "\"");
        spec = Files.writeString(tmp.resolve("image.json"), text);
    }

    record Run(String json, List<StowageEvent> events) {
        <T> List<T> all(Class<T> type) {
            return events.stream().filter(type::isInstance).map(type::cast).toList();
        }

        Digest index() {
            return all(Published.class).get(0).index();
        }
    }

    private Run build(String name, String... extra) throws IOException {
        List<String> args = new ArrayList<>(List.of("build", spec.toString(), "--json", "--store-root", EXAMPLE.resolve("store").toString(),
                "--out", "oci:" + tmp.resolve("out-" + name), "--blob-store", tmp.resolve("blobs").toString(),
                "--audit-log", tmp.resolve(name + ".jsonl").toString()));
        args.addAll(List.of(extra));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args.toArray(String[]::new));
        assertThat(exit).as(err.toString()).isZero();
        return new Run(out.toString(), AuditLogReader.read(tmp.resolve(name + ".jsonl")).stream().map(AuditEntry::event).toList());
    }

    /** Every file of an output, by relative path. */
    private Map<String, byte[]> files(String name) throws IOException {
        Path root = tmp.resolve("out-" + name);
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) out.put(root.relativize(p).toString(), Files.readAllBytes(p));
        }
        return out;
    }

    /** The --json result without what differs by run: the build id, where it was written, and whether a layer was cached. */
    private static String comparable(Run run, String name) {
        return run.json().replaceAll("\"buildId\":\"[^\"]*\"", "").replace("out-" + name, "out").replaceAll("\"cached\":(true|false)", "");
    }

    @Test
    void aRebuildPublishesTheFinishedImageWithoutPlanningEncodingOrAssembling() throws IOException {
        Run first = build("first");
        assertThat(first.all(LayerBuilt.class)).isNotEmpty();

        Run again = build("again");
        assertThat(again.all(LayerTask.class)).isEmpty();
        assertThat(again.all(LayerBuilt.class)).isEmpty();
        assertThat(again.all(ImageAssembled.class)).isEmpty();
        IndexAssembled assembled = again.all(IndexAssembled.class).get(0);
        assertThat(assembled.header().producer()).startsWith("stowage-cli");
        assertThat(assembled.referrers()).isEqualTo(first.all(IndexAssembled.class).get(0).referrers());
        assertThat(again.index()).isEqualTo(first.index());
        assertThat(files("again")).usingRecursiveComparison().isEqualTo(files("first"));
        assertThat(comparable(again, "again")).isEqualTo(comparable(first, "first"));
        assertThat(Json.reader().readTree(again.json()).at("/platforms/0/layers/0/cached").asBoolean()).isTrue();
    }

    @Test
    void wallClockProvenanceIsNeverRecordedSoItIsAlwaysBuilt() throws IOException {
        build("first", "--provenance-times", "wall-clock");
        Run again = build("again");
        assertThat(again.all(LayerBuilt.class)).isNotEmpty().allMatch(LayerBuilt::cached);
        Run third = build("third", "--provenance-times", "wall-clock");
        assertThat(third.all(LayerBuilt.class)).isNotEmpty();
        assertThat(third.index()).isEqualTo(again.index());
    }

    @Test
    void anotherInputIsBuilt() throws IOException {
        Run first = build("first");
        Files.writeString(spec, Files.readString(spec).replace("Stowage quick-start example", "another description"));
        Run again = build("again");
        assertThat(again.all(LayerBuilt.class)).isNotEmpty().allMatch(LayerBuilt::cached);
        assertThat(again.index()).isNotEqualTo(first.index());
    }

    @Test
    void aRecordWhoseLayerIsGoneIsNotUsedAndTheBuildGivesTheSameImage() throws IOException {
        Run first = build("first");
        Digest layer = first.all(LayerBuilt.class).get(0).blob().digest();
        try (FileSystemBlobStore store = new FileSystemBlobStore(tmp.resolve("blobs"))) {
            store.delete(List.of(layer));
            store.purge(List.of(layer));
            assertThat(store.exists(layer)).isFalse();
        }
        Run again = build("again");
        assertThat(again.all(LayerBuilt.class)).isNotEmpty();
        assertThat(again.index()).isEqualTo(first.index());
        assertThat(files("again")).usingRecursiveComparison().isEqualTo(files("first"));
    }
}
