package dev.stowage.assembler.provenance;

import dev.stowage.event.BuildRequested;
import dev.stowage.json.Json;
import dev.stowage.event.LayerBuilt;
import dev.stowage.nix.ClosureGraph;
import dev.stowage.nix.PathInfo;
import dev.stowage.nix.StorePath;
import dev.stowage.oci.Descriptor;
import dev.stowage.oci.Digest;
import dev.stowage.spec.BuildInput;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The SBOM of a platform image and the provenance of a build, derived only from the build's
 * events, so assembling twice writes the same bytes. The SBOM lists exactly the store paths in
 * the image's layers, with name, version and NAR hash.
 */
public final class ProvenanceDocuments {
    public static final String BUILD_TYPE = "https://stowage.dev/build/v1";
    public static final String BUILDER_ID = "https://stowage.dev/builder";

    private ProvenanceDocuments() {}

    public static CycloneDx.Bom sbom(BuildInput input, String tag, ClosureGraph closure, List<LayerBuilt> layers, String version) {
        TreeSet<StorePath> paths = new TreeSet<>();
        layers.stream().filter(l -> !l.customisation()).forEach(l -> paths.addAll(l.paths()));
        List<CycloneDx.Component> components = new ArrayList<>();
        List<CycloneDx.Dependency> dependencies = new ArrayList<>();
        for (StorePath p : paths) {
            PathInfo info = closure.require(p);
            NixName n = NixName.parse(p.name());
            components.add(new CycloneDx.Component("library", p.toString(), n.name(), n.version(),
                    "pkg:nix/" + n.name() + (n.version().isEmpty() ? "" : "@" + n.version()),
                    List.of(new CycloneDx.Hash("SHA-256", info.narHash().hex())),
                    List.of(new CycloneDx.Property("nix:store_path", p.toString()),
                            new CycloneDx.Property("nix:nar_size", Long.toString(info.narSize())))));
            dependencies.add(new CycloneDx.Dependency(p.toString(),
                    info.references().stream().filter(r -> !r.equals(p) && paths.contains(r)).map(StorePath::toString).toList()));
        }
        String name = input.spec().name() + ":" + tag;
        UUID serial = UUID.nameUUIDFromBytes((name + "\n" + input.digest()).getBytes(StandardCharsets.UTF_8));
        CycloneDx.Metadata metadata = new CycloneDx.Metadata(input.spec().created().toString(),
                new CycloneDx.Tools(List.of(new CycloneDx.Component("application", null, "stowage", version, null, null, null))),
                new CycloneDx.Component("container", name, input.spec().name(), tag, null, null, null));
        return new CycloneDx.Bom("CycloneDX", "1.5", "urn:uuid:" + serial, 1, metadata, components, dependencies);
    }

    /**
     * SLSA v1 provenance: inputs are the build input's digest, the closure roots, each platform's
     * base image (its pinned reference and manifest digest) and every store path's NAR hash;
     * outputs the index and manifests; the workers that built each layer and the build's start and
     * end times come from the events' headers.
     */
    public static Slsa.Statement provenance(BuildRequested request, Descriptor index, List<Descriptor> manifests,
            List<LayerBuilt> layers, String version) {
        return provenance(request, index, manifests, layers, version, new ProvenanceTimes(ProvenanceTimes.Mode.WALL_CLOCK, null));
    }

    /**
     * As above, with {@code times} choosing between reproducible run details (fixed times, no build
     * id, workers or cache hits) and the events' wall-clock ones.
     */
    public static Slsa.Statement provenance(BuildRequested request, Descriptor index, List<Descriptor> manifests,
            List<LayerBuilt> layers, String version, ProvenanceTimes times) {
        BuildInput input = request.input();
        List<Slsa.ResourceDescriptor> subject = new ArrayList<>();
        subject.add(new Slsa.ResourceDescriptor(input.spec().name() + ":" + input.tag(), null, sha(index.digest()), null));
        for (Descriptor m : manifests) {
            subject.add(new Slsa.ResourceDescriptor(input.spec().name() + "@" + m.platform(), null, sha(m.digest()), null));
        }
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("buildInput", input.digest().toString());
        parameters.put("name", input.spec().name());
        parameters.put("tag", input.tag());
        Map<String, List<String>> roots = new LinkedHashMap<>();
        input.platforms().forEach(p -> roots.put(p.platform().toString(), p.roots().stream().map(StorePath::toString).toList()));
        parameters.put("roots", roots);
        TreeSet<PathInfo> deps = new TreeSet<>(Comparator.comparing(PathInfo::path));
        input.platforms().forEach(p -> deps.addAll(p.closure().infos()));
        List<Slsa.ResourceDescriptor> resolved = new ArrayList<>();
        input.platforms().stream().filter(p -> p.base() != null).forEach(p -> resolved.add(new Slsa.ResourceDescriptor(
                "base image " + p.platform(), p.base().reference(), sha(p.base().manifest()), null)));
        deps.forEach(i -> resolved.add(new Slsa.ResourceDescriptor(i.path().name(), "nix:" + i.path(), sha(i.narHash()), null)));
        List<Slsa.ResourceDescriptor> byproducts = layers.stream()
                .sorted(Comparator.comparing((LayerBuilt l) -> l.platform().toString()).thenComparingInt(LayerBuilt::layerIndex))
                .map(l -> new Slsa.ResourceDescriptor(l.platform() + " layer " + (l.layerIndex() + 1), null, sha(l.blob().digest()),
                        times.isReproducible() ? Map.of("diffID", l.diffId().toString())
                                : Map.of("builtBy", l.header().producer(), "cached", Boolean.toString(l.cached()), "diffID", l.diffId().toString())))
                .toList();
        Slsa.BuildMetadata metadata;
        if (times.isReproducible()) {
            String at = reproducibleTime(input, times);
            metadata = new Slsa.BuildMetadata(null, at, at);
        } else {
            Instant finished = layers.stream().map(l -> l.header().occurredAt()).max(Comparator.naturalOrder())
                    .orElse(request.header().occurredAt());
            metadata = new Slsa.BuildMetadata(request.buildId(), request.header().occurredAt().toString(), finished.toString());
        }
        Slsa.RunDetails run = new Slsa.RunDetails(new Slsa.Builder(BUILDER_ID, Map.of("stowage", version)), metadata, byproducts);
        return new Slsa.Statement("https://in-toto.io/Statement/v1", subject, "https://slsa.dev/provenance/v1",
                new Slsa.Provenance(new Slsa.BuildDefinition(BUILD_TYPE, parameters, resolved), run));
    }

    /**
     * Whether {@code statement} (a provenance statement's bytes, as attached to an image) says that
     * the image {@code subject} was assembled from {@code input} by assembler {@code version} with
     * reproducible {@code times}: then assembling {@code input} again gives the same image, to the
     * byte. False for anything else, wall-clock provenance included, and for bytes that do not parse.
     */
    public static boolean describesBuildOf(byte[] statement, Digest subject, BuildInput input, String version, ProvenanceTimes times) {
        if (!times.isReproducible()) return false;
        Slsa.Statement s;
        try {
            s = Json.readLenient(statement, Slsa.Statement.class);
        } catch (RuntimeException e) {
            return false;
        }
        if (s.predicate() == null || s.predicate().buildDefinition() == null || s.predicate().runDetails() == null
                || s.subject() == null || s.subject().isEmpty()) return false;
        Slsa.BuildDefinition definition = s.predicate().buildDefinition();
        Slsa.RunDetails run = s.predicate().runDetails();
        String at = reproducibleTime(input, times);
        return "https://slsa.dev/provenance/v1".equals(s.predicateType())
                && sha(subject).equals(s.subject().get(0).digest())
                && BUILD_TYPE.equals(definition.buildType())
                && definition.externalParameters() != null
                && input.digest().toString().equals(definition.externalParameters().get("buildInput"))
                && run.builder() != null && BUILDER_ID.equals(run.builder().id())
                && run.builder().version() != null && version.equals(run.builder().version().get("stowage"))
                && run.metadata() != null && run.metadata().invocationId() == null
                && at.equals(run.metadata().startedOn()) && at.equals(run.metadata().finishedOn());
    }

    /** The start and finish time of reproducible provenance: {@code SOURCE_DATE_EPOCH} when set, else the spec's {@code created}. */
    private static String reproducibleTime(BuildInput input, ProvenanceTimes times) {
        return Objects.requireNonNullElse(times.sourceDateEpoch(), input.spec().created()).toString();
    }

    private static Map<String, String> sha(Digest d) {
        return Map.of("sha256", d.hex());
    }
}
