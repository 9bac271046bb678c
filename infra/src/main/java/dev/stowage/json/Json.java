package dev.stowage.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The one canonical JSON writer and the one strict reader of the project.
 *
 * <p>Canonical means: object keys sorted, no insignificant whitespace, nulls omitted, timestamps
 * as ISO-8601 strings. Every byte that gets hashed (configs, manifests, indexes, cache keys)
 * goes through {@link #canonicalBytes(Object)}. Reading is strict: unknown fields, wrong
 * scalar types and trailing tokens are errors.
 */
public final class Json {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    /** For documents other tools wrote (base images): unknown fields are ignored, not errors. */
    private static final ObjectMapper LENIENT = MAPPER.copy()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private Json() {}

    public static <T> T readLenient(byte[] bytes, Class<T> type) {
        try {
            return LENIENT.readValue(bytes, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The shared mapper; configured once, thread-safe, never mutated after this class loads. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static byte[] canonicalBytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    public static String canonicalString(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    public static <T> T read(byte[] bytes, Class<T> type) {
        try {
            return MAPPER.readValue(bytes, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Describes a Jackson failure in one line: the JSON path of the offending field and what was
     * wrong with it, without Jackson's source excerpt.
     */
    public static String describe(JsonProcessingException e) {
        String location = "";
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            location = path(m) + ": ";
        }
        String message = e.getOriginalMessage();
        if (e instanceof com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException u) {
            return location + "unknown field '" + u.getPropertyName() + "'";
        }
        if (e instanceof com.fasterxml.jackson.databind.exc.MismatchedInputException mi && mi.getTargetType() != null) {
            return location + "wrong type, expected " + typeName(mi.getTargetType()) + firstClause(message);
        }
        if (e instanceof com.fasterxml.jackson.databind.exc.ValueInstantiationException vi && vi.getCause() != null) {
            return location + vi.getCause().getMessage();
        }
        return location + firstClause(message).replaceFirst("^ \\(", "").replaceFirst("\\)$", "");
    }

    private static String path(JsonMappingException m) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : m.getPath()) {
            if (r.getFieldName() != null) {
                if (sb.length() > 0) sb.append('.');
                sb.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    private static String typeName(Class<?> type) {
        if (type == String.class) return "a string";
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) return "an integer";
        if (type == boolean.class || type == Boolean.class) return "a boolean";
        if (java.util.List.class.isAssignableFrom(type)) return "a list";
        if (java.util.Map.class.isAssignableFrom(type)) return "an object";
        if (type.isEnum()) return "one of " + java.util.Arrays.toString(type.getEnumConstants()).toLowerCase(java.util.Locale.ROOT);
        if (type.isRecord()) return "an object";
        return type.getSimpleName();
    }

    private static String firstClause(String message) {
        if (message == null) return "";
        int nl = message.indexOf('\n');
        String first = nl < 0 ? message : message.substring(0, nl);
        return " (" + first + ")";
    }
}
