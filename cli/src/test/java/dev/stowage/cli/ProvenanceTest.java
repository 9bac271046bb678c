package dev.stowage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.json.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SBOM and provenance attached to every built image as OCI 1.1 artifacts in the layout. */
class ProvenanceTest {
    @TempDir Path tmp;

    private JsonNode blob(Path layout, String digest) throws IOException {
        return Json.tree(layout.resolve("blobs/sha256/" + digest.substring(7)));
    }

    @Test
    void sbomPerPlatformAndProvenanceForTheIndex() throws IOException {
        JsonNode provenance = build("wall-clock");
        JsonNode result = lastResult;
        assertThat(provenance.get("predicate").get("runDetails").get("metadata").get("invocationId").asText())
                .isEqualTo(result.get("buildId").asText());
        assertThat(provenance.get("predicate").get("runDetails").get("byproducts")).hasSize(8)
                .allSatisfy(b -> assertThat(b.get("annotations").get("builtBy").asText()).startsWith("layer-worker@"));
    }

    @Test
    void reproducibleProvenanceByDefaultHasTheSpecsTimesAndNoRunIdentity() throws IOException {
        JsonNode provenance = build(null);
        JsonNode metadata = provenance.at("/predicate/runDetails/metadata");
        assertThat(metadata.has("invocationId")).isFalse();
        assertThat(metadata.get("startedOn").asText()).isEqualTo("1970-01-01T00:00:01Z");
        assertThat(metadata.get("finishedOn").asText()).isEqualTo("1970-01-01T00:00:01Z");
        assertThat(provenance.get("predicate").get("runDetails").get("byproducts")).hasSize(8)
                .allSatisfy(b -> {
                    assertThat(b.get("annotations").has("builtBy")).isFalse();
                    assertThat(b.get("annotations").has("cached")).isFalse();
                    assertThat(b.get("annotations").get("diffID").asText()).startsWith("sha256:");
                });
    }

    private JsonNode lastResult;

    /** Builds the synthetic closure into a layout, checks SBOMs and provenance, returns the provenance. */
    private JsonNode build(String provenanceTimes) throws IOException {
        SyntheticClosure closure = new SyntheticClosure(tmp.resolve("input"));
        Path layout = tmp.resolve("layout");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> args = new ArrayList<>(List.of("build", closure.spec.toString(),
                "--out", "oci:" + layout, "--store-root", closure.storeRoot.toString(), "--blob-store", tmp.resolve("blobs").toString(),
                "--audit-log", tmp.resolve("audit.jsonl").toString(), "--json"));
        if (provenanceTimes != null) args.addAll(List.of("--provenance-times", provenanceTimes));
        int exit = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args.toArray(String[]::new));
        assertThat(exit).as(err.toString()).isZero();
        JsonNode result = Json.reader().readTree(out.toString());
        lastResult = result;
        assertThat(Json.tree(layout.resolve("index.json")).get("manifests")).hasSize(1)
                .allSatisfy(m -> assertThat(m.has("artifactType")).isFalse());
        String index = result.get("index").asText();
        Map<String, String> manifestByPlatform = new HashMap<>();
        for (JsonNode p : result.get("platforms")) manifestByPlatform.put(p.get("manifest").asText(), p.get("platform").asText());

        List<JsonNode> sboms = new ArrayList<>();
        JsonNode provenance = null;
        for (JsonNode entry : Json.tree(layout.resolve("referrers.json")).get("manifests")) {
            JsonNode artifact = blob(layout, entry.get("digest").asText());
            assertThat(artifact.get("artifactType").asText()).isEqualTo(entry.get("artifactType").asText());
            assertThat(artifact.get("config").get("mediaType").asText()).isEqualTo("application/vnd.oci.empty.v1+json");
            JsonNode doc = blob(layout, artifact.get("layers").get(0).get("digest").asText());
            String subject = artifact.get("subject").get("digest").asText();
            if (entry.get("artifactType").asText().equals("application/vnd.cyclonedx+json")) {
                assertThat(manifestByPlatform).containsKey(subject);
                sboms.add(doc);
            } else {
                assertThat(entry.get("artifactType").asText()).isEqualTo("application/vnd.in-toto+json");
                assertThat(subject).isEqualTo(index);
                provenance = doc;
            }
        }
        assertThat(sboms).hasSize(2);
        for (JsonNode sbom : sboms) {
            assertThat(sbom.get("bomFormat").asText()).isEqualTo("CycloneDX");
            List<String> refs = new ArrayList<>();
            for (JsonNode c : sbom.get("components")) refs.add(c.get("bom-ref").asText());
            assertThat(refs).containsExactlyInAnyOrder(SyntheticClosure.APP, SyntheticClosure.LIB, SyntheticClosure.LIBC, SyntheticClosure.DATA);
            JsonNode libc = sbom.get("components").get(refs.indexOf(SyntheticClosure.LIBC));
            assertThat(libc.get("name").asText()).isEqualTo("libc");
            assertThat(libc.get("version").asText()).isEqualTo("2.40");
            assertThat(libc.get("hashes").get(0).get("content").asText()).hasSize(64);
        }
        assertThat(provenance).isNotNull();
        assertThat(provenance.get("predicateType").asText()).isEqualTo("https://slsa.dev/provenance/v1");
        assertThat(provenance.get("subject").get(0).get("digest").get("sha256").asText()).isEqualTo(index.substring(7));
        assertThat(provenance.get("predicate").get("buildDefinition").get("resolvedDependencies")).hasSize(4);
        return provenance;
    }
}
