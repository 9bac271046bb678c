package dev.stowage.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.cfg.MutableCoercionConfig;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.Temporal;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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
            .addModule(new SimpleModule("strict-time").addDeserializer(Instant.class, new StrictInstant()))
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .withCoercionConfigDefaults(Json::refuseCoercion)
            .withCoercionConfig(LogicalType.Textual, Json::refuseCoercion)
            .withCoercionConfig(LogicalType.Integer, Json::refuseCoercion)
            .withCoercionConfig(LogicalType.Float, Json::refuseCoercion)
            .withCoercionConfig(LogicalType.Boolean, Json::refuseCoercion)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    /** No value changes JSON type on the way in: {@code 42} is not a string, {@code 2.5} not an integer, {@code ""} not null. */
    private static void refuseCoercion(MutableCoercionConfig c) {
        c.setAcceptBlankAsEmpty(false);
        for (CoercionInputShape shape : List.of(CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean,
                CoercionInputShape.String, CoercionInputShape.EmptyString, CoercionInputShape.EmptyArray, CoercionInputShape.EmptyObject)) {
            c.setCoercion(shape, CoercionAction.Fail);
        }
    }

    /** For documents other tools wrote (base images): unknown fields are ignored, not errors. */
    private static final ObjectMapper LENIENT = MAPPER.copy()
            .configure(JsonParser.Feature.STRICT_DUPLICATE_DETECTION, false)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    /*
     * Only immutable views of the two mappers leave this class. The mappers themselves stay private:
     * an ObjectMapper can be reconfigured by anyone holding it, which would change every digest
     * computed after. The codec is a constant rather than an injected object on purpose: every
     * hashed byte must come from this one configuration, and a mapper passed around would let
     * a second configuration exist next to it.
     */
    private static final ObjectReader READER = MAPPER.reader();
    private static final ObjectWriter WRITER = MAPPER.writer();
    private static final ObjectReader LENIENT_READER = LENIENT.reader();

    private Json() {}

    public static <T> T readLenient(byte[] bytes, Class<T> type) {
        try {
            return LENIENT_READER.readValue(bytes, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The strict reader, for trees ({@code readTree}) and typed values ({@code readValue(bytes, Type.class)},
     * {@code forType(new TypeReference<…>() {})}): immutable, so no caller can change how another reads.
     */
    public static ObjectReader reader() {
        return READER;
    }

    /** The canonical writer (what {@link #canonicalBytes} uses), for {@code forType} and streams: immutable. */
    public static ObjectWriter writer() {
        return WRITER;
    }

    /** The file's JSON document as a tree, read strictly. */
    public static JsonNode tree(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return READER.readTree(in);
        }
    }

    /** A new, empty JSON object node. */
    public static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    /** A new, empty JSON array node. */
    public static ArrayNode array() {
        return JsonNodeFactory.instance.arrayNode();
    }

    public static byte[] canonicalBytes(Object value) {
        try {
            return WRITER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    public static String canonicalString(Object value) {
        try {
            return WRITER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    public static <T> T read(byte[] bytes, Class<T> type) {
        try {
            return READER.readValue(bytes, type);
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
        if (e instanceof UnrecognizedPropertyException u) {
            return location + "unknown field '" + u.getPropertyName() + "'";
        }
        if (message != null && message.startsWith("Trailing token")) {
            return "unexpected data after the JSON document" + at(e);
        }
        if (e instanceof MismatchedInputException mi && mi.getTargetType() != null) {
            String got = got(mi);
            return location + "expected " + typeName(mi.getTargetType()) + (got == null ? firstClause(message) : ", got " + got);
        }
        if (e instanceof InputCoercionException ic && ic.getTargetType() != null) {
            return location + "expected " + typeName(ic.getTargetType()) + " in range, got " + ic.getProcessor().currentToken().asString();
        }
        if (message != null && message.startsWith("Numeric value (") && message.contains("out of range")) {
            return location + "number " + message.substring(15, message.indexOf(')')) + " is out of range";
        }
        if (message != null && message.startsWith("Duplicate field '")) {
            return location + "field '" + message.substring(17, message.indexOf('\'', 17)) + "' is given twice";
        }
        if (!(e instanceof JsonMappingException)) {
            return location + "not valid JSON: " + firstClause(message).replaceFirst("^ \\(", "").replaceFirst("\\)$", "") + at(e);
        }
        if (e instanceof ValueInstantiationException vi && vi.getCause() != null) {
            return location + vi.getCause().getMessage();
        }
        return location + firstClause(message).replaceFirst("^ \\(", "").replaceFirst("\\)$", "");
    }

    private static String at(JsonProcessingException e) {
        var l = e.getLocation();
        return l == null || l.getLineNr() < 0 ? "" : " (line " + l.getLineNr() + ", column " + l.getColumnNr() + ")";
    }

    /** Times only as RFC 3339 strings: a number is not silently read as seconds since the epoch. */
    private static final class StrictInstant extends JsonDeserializer<Instant> {
        @Override
        public Instant deserialize(JsonParser p, DeserializationContext ctxt)
                throws IOException {
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                return (Instant) ctxt.handleUnexpectedToken(Instant.class, p);
            }
            try {
                return OffsetDateTime.parse(p.getText()).toInstant();
            } catch (DateTimeParseException ex) {
                throw InvalidFormatException.from(p, "not an RFC 3339 time like 2024-01-01T00:00:00Z",
                        p.getText(), Instant.class);
            }
        }
    }

    /** The offending JSON value in a few words: the number or string itself, or its kind. */
    private static String got(MismatchedInputException e) {
        if (!(e.getProcessor() instanceof JsonParser p)) return null;
        JsonToken t = p.currentToken();
        if (t == null) return null;
        try {
            return switch (t) {
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE -> p.getText();
                case VALUE_STRING -> "a string";
                case VALUE_NULL -> "null";
                case START_OBJECT, FIELD_NAME -> "an object";
                case START_ARRAY -> "a list";
                default -> null;
            };
        } catch (IOException ex) {
            return null;
        }
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
        if (type == double.class || type == Double.class || type == float.class || type == Float.class) return "a number";
        if (Temporal.class.isAssignableFrom(type)) return "an RFC 3339 time string";
        if (List.class.isAssignableFrom(type)) return "a list";
        if (Map.class.isAssignableFrom(type)) return "an object";
        if (type.isEnum()) return "one of " + Arrays.toString(type.getEnumConstants()).toLowerCase(Locale.ROOT);
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
