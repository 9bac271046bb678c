package dev.stowage.assembler.provenance;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** An in-toto Statement v1 with a SLSA provenance v1 predicate. */
public final class Slsa {
    private Slsa() {}

    public record Statement(@JsonProperty("_type") String type, List<ResourceDescriptor> subject, String predicateType,
            Provenance predicate) {}

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record ResourceDescriptor(String name, String uri, Map<String, String> digest, Map<String, String> annotations) {}

    public record Provenance(BuildDefinition buildDefinition, RunDetails runDetails) {}

    public record BuildDefinition(String buildType, Map<String, Object> externalParameters,
            List<ResourceDescriptor> resolvedDependencies) {}

    public record RunDetails(Builder builder, BuildMetadata metadata, List<ResourceDescriptor> byproducts) {}

    public record Builder(String id, Map<String, String> version) {}

    /** {@code invocationId} is null (left out) in reproducible provenance. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record BuildMetadata(String invocationId, String startedOn, String finishedOn) {}
}
