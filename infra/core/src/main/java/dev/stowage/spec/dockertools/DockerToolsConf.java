package dev.stowage.spec.dockertools;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.oci.ContainerConfig;
import java.util.List;

/**
 * The {@code conf.json} nixpkgs' {@code dockerTools.streamLayeredImage} writes (its
 * {@code passthru.conf}) and {@code stream_layered_image.py} reads, field for field. {@code uid}
 * and {@code gid} stay JSON values: nixpkgs writes them as strings ({@code jq --arg}), the script
 * reads them with {@code int()}. Unknown fields are rejected by the reader.
 */
public record DockerToolsConf(
        @JsonProperty("architecture") String architecture,
        @JsonProperty("os") String os,
        @JsonProperty("config") ContainerConfig config,
        @JsonProperty("store_dir") String storeDir,
        @JsonProperty("from_image") String fromImage,
        @JsonProperty("store_layers") List<List<String>> storeLayers,
        @JsonProperty("customisation_layer") String customisationLayer,
        @JsonProperty("repo_tag") String repoTag,
        @JsonProperty("created") String created,
        @JsonProperty("mtime") String mtime,
        @JsonProperty("uid") JsonNode uid,
        @JsonProperty("gid") JsonNode gid,
        @JsonProperty("uname") String uname,
        @JsonProperty("gname") String gname) {}
