package dev.stowage.event;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The tolerant reader of events, and only of events: user documents (specs, closures) are read
 * strictly by {@link dev.stowage.json.Json}. An event written by a newer release may carry fields
 * this one does not know (also inside the spec types it embeds): they are ignored. A field it
 * lacks takes its default: null for an object or list (the record's constructor decides what null
 * means, as it does for a field the writer left out because it was null), 0 or false for a number
 * or flag.
 */
final class EventMapper {
    private static final ObjectReader READER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_IGNORED_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .build()
            .reader();

    private EventMapper() {}

    /** Immutable: nothing that reads events can change how the next reader reads them. */
    static ObjectReader reader() {
        return READER;
    }
}
