package dev.stowage.assembler.provenance;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The subset of CycloneDX 1.5 JSON that Stowage writes. */
public final class CycloneDx {
    private CycloneDx() {}

    public record Bom(String bomFormat, String specVersion, String serialNumber, int version, Metadata metadata,
            List<Component> components, List<Dependency> dependencies) {}

    public record Metadata(String timestamp, Tools tools, Component component) {}

    public record Tools(List<Component> components) {}

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Component(String type, @JsonProperty("bom-ref") String bomRef, String name, String version, String purl,
            List<Hash> hashes, List<Property> properties) {}

    public record Hash(String alg, String content) {}

    public record Property(String name, String value) {}

    public record Dependency(String ref, List<String> dependsOn) {}
}
