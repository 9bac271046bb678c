package dev.stowage.event;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * A message of the pipeline. The JSON form carries its kind in {@code "type"} and its version in
 * {@code header.schemaVersion}. The partition key decides ordering (same key, same partition);
 * the idempotency key is equal for every emission of the same logical fact.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = BuildRequested.class, name = "BuildRequested"),
    @JsonSubTypes.Type(value = LayerTask.class, name = "LayerTask"),
    @JsonSubTypes.Type(value = LayerBuilt.class, name = "LayerBuilt"),
    @JsonSubTypes.Type(value = ImageAssembled.class, name = "ImageAssembled"),
    @JsonSubTypes.Type(value = IndexAssembled.class, name = "IndexAssembled"),
    @JsonSubTypes.Type(value = Published.class, name = "Published"),
    @JsonSubTypes.Type(value = BuildFailed.class, name = "BuildFailed"),
    @JsonSubTypes.Type(value = StorePathsChanged.class, name = "StorePathsChanged"),
    @JsonSubTypes.Type(value = FleetRebuildPlanned.class, name = "FleetRebuildPlanned"),
    @JsonSubTypes.Type(value = FleetImageRebuilt.class, name = "FleetImageRebuilt"),
    @JsonSubTypes.Type(value = FleetRebuildFinished.class, name = "FleetRebuildFinished")
})
public sealed interface StowageEvent
        permits BuildRequested, LayerTask, LayerBuilt, ImageAssembled, IndexAssembled, Published, BuildFailed,
                StorePathsChanged, FleetRebuildPlanned, FleetImageRebuilt, FleetRebuildFinished {

    EventHeader header();

    String partitionKey();

    String idempotencyKey();

    default String buildId() {
        return header().buildId();
    }

    default String type() {
        return getClass().getSimpleName();
    }
}
