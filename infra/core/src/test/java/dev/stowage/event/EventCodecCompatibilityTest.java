package dev.stowage.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stowage.error.BadInputException;
import dev.stowage.json.Json;
import dev.stowage.nix.ClosureGraph;
import dev.stowage.nix.PathInfo;
import dev.stowage.nix.StorePath;
import dev.stowage.oci.Descriptor;
import dev.stowage.oci.Digest;
import dev.stowage.oci.ImageLocation;
import dev.stowage.oci.MediaTypes;
import dev.stowage.oci.Platform;
import dev.stowage.spec.BuildInput;
import dev.stowage.spec.Compression;
import dev.stowage.spec.ImageSpec;
import dev.stowage.spec.PlatformInput;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Events of another release decode: unknown fields ignored (also inside embedded specs), missing ones defaulted, newer majors refused by name. */
class EventCodecCompatibilityTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    private static final Platform AMD64 = Platform.parse("linux/amd64");
    private static final StorePath APP = StorePath.parse("/nix/store/22222222222222222222222222222222-app-1.0");

    static LayerTask task() {
        return new LayerTask(EventHeader.create("b-1", "planner@host#1", CLOCK), AMD64, 0, 2, Digest.ofBytes(new byte[] {1}),
                "/nix/store", Instant.EPOCH, Compression.GZIP,
                List.of(new LayerPath(APP, Digest.ofBytes("nar".getBytes(StandardCharsets.UTF_8)), 100)));
    }

    private static ObjectNode tree(StowageEvent e) throws Exception {
        return (ObjectNode) Json.reader().readTree(EventCodec.encode(e));
    }

    private static byte[] bytes(ObjectNode n) throws Exception {
        return Json.writer().writeValueAsBytes(n);
    }

    @Test
    void unknownFieldsAnywhereInALayerTaskAreIgnored() throws Exception {
        LayerTask t = task();
        ObjectNode n = tree(t);
        n.put("encoderThreads", 4);
        ((ObjectNode) n.get("header")).put("traceId", "abc");
        ((ObjectNode) n.withArray("paths").get(0)).put("deriver", "/nix/store/x.drv");
        assertThat(EventCodec.decode(bytes(n))).isEqualTo(t);
    }

    @Test
    void missingOptionalFieldsTakeTheirDefaults() throws Exception {
        LayerTask withLevel = new LayerTask(task().header(), AMD64, 0, 2, task().contentKey(), "/nix/store", Instant.EPOCH,
                Compression.ZSTD, 9, task().paths(), null, null);
        ObjectNode older = tree(withLevel);
        older.remove("compressionLevel");
        LayerTask decoded = (LayerTask) EventCodec.decode(bytes(older));
        assertThat(decoded.compressionLevel()).isNull();
        assertThat(decoded).isEqualTo(new LayerTask(withLevel.header(), AMD64, 0, 2, withLevel.contentKey(), "/nix/store",
                Instant.EPOCH, Compression.ZSTD, null, withLevel.paths(), null, null));
    }

    @Test
    void aLayerBuiltWithoutStartedAtFromAnOlderWorkerDecodesWithoutIt() throws Exception {
        Descriptor blob = Descriptor.of(MediaTypes.OCI_LAYER_GZIP, Digest.ofBytes(new byte[] {2}), 5);
        LayerBuilt built = new LayerBuilt(EventHeader.create("b-1", "layer-worker@host#2", CLOCK), AMD64, 0, 2, Digest.ofBytes(new byte[] {1}),
                List.of(APP), Digest.ofBytes(new byte[] {3}), 10, blob, false, false, null, Instant.parse("2025-12-31T23:59:58Z"));
        assertThat(EventCodec.decode(EventCodec.encode(built))).isEqualTo(built);
        ObjectNode older = tree(built);
        older.remove("startedAt");
        LayerBuilt decoded = (LayerBuilt) EventCodec.decode(bytes(older));
        assertThat(decoded.startedAt()).isNull();
        assertThat(decoded).isEqualTo(new LayerBuilt(built.header(), AMD64, 0, 2, built.contentKey(), List.of(APP), built.diffId(), 10, blob, false, false));
    }

    @Test
    void unknownFieldsInsideTheEmbeddedSpecAreIgnoredWhileTheSpecReaderStaysStrict() throws Exception {
        String specJson = "{\"name\":\"team/app\",\"tag\":\"1\",\"platforms\":[{\"platform\":\"linux/amd64\",\"closure\":\"c.json\"}]}";
        ImageSpec spec = Json.read(specJson.getBytes(StandardCharsets.UTF_8), ImageSpec.class);
        ClosureGraph g = ClosureGraph.of(List.of(new PathInfo(APP, Digest.ofBytes(new byte[] {2}), 100, List.of())));
        BuildRequested r = new BuildRequested(EventHeader.create("b-2", "cli@host#1", CLOCK),
                new BuildInput(spec, List.of(new PlatformInput(AMD64, List.of(APP), g))), List.of(ImageLocation.parse("oci:/tmp/out")));
        ObjectNode n = tree(r);
        ObjectNode wireSpec = (ObjectNode) n.get("input").get("spec");
        wireSpec.put("sbomFormat", "spdx");
        ((ObjectNode) ((ArrayNode) wireSpec.get("platforms")).get(0)).put("weight", 3);
        assertThat(EventCodec.decode(bytes(n))).isEqualTo(r);

        String userSpec = specJson.replace("\"tag\":\"1\"", "\"tag\":\"1\",\"sbomFormat\":\"spdx\"");
        assertThatThrownBy(() -> Json.read(userSpec.getBytes(StandardCharsets.UTF_8), ImageSpec.class)).hasMessageContaining("sbomFormat");
    }

    @Test
    void aNewerMajorVersionIsRefusedNamingTheVersionAndNeverRetried() throws Exception {
        ObjectNode n = tree(task());
        ((ObjectNode) n.get("header")).put("schemaVersion", 2);
        n.put("encoderSettings", "whatever v2 carries");
        assertThatThrownBy(() -> EventCodec.decode(bytes(n)))
                .isInstanceOf(BadInputException.class)
                .hasMessage("LayerTask: schema v2 is newer than this worker understands (v1)")
                .satisfies(e -> assertThat(((BadInputException) e).retryable()).isFalse());
    }

    @Test
    void theWireFormStaysCanonical() throws Exception {
        LayerTask t = task();
        assertThat(EventCodec.encode(EventCodec.decode(EventCodec.encode(t)))).isEqualTo(EventCodec.encode(t));
    }
}
