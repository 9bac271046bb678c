package dev.stowage.publisher.archive;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** One entry of a docker archive's {@code manifest.json} (the format {@code docker save} writes). */
public record DockerArchiveManifest(
        @JsonProperty("Config") String config,
        @JsonProperty("RepoTags") List<String> repoTags,
        @JsonProperty("Layers") List<String> layers) {

    public DockerArchiveManifest {
        repoTags = repoTags == null ? List.of() : List.copyOf(repoTags);
        layers = List.copyOf(layers);
    }
}
