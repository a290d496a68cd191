package dev.pipit.scheduler.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.List;
import java.util.Set;

/** Parsers for arrays and for the types stored as JSON, and the JSON reading and writing they share. */
public final class JsonValues {
    /**
     * Single quotes are allowed because ClickHouse writes arrays in CSV as {@code ['a','b']}; decimals stay
     * {@link java.math.BigDecimal} so that {@code Array(Decimal(38, 18))} loses nothing on the way.
     */
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_SINGLE_QUOTES)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .build();

    /** Types whose JSON is an object; the other JSON types ({@code Array}, {@code Nested}) are arrays. */
    private static final Set<String> OBJECT_TYPES = Set.of("Map", "JSON", "Object");

    private JsonValues() {}

    /** Serializes a value from a typed format (lists, maps, scalars) as compact JSON. */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot be written as JSON", e);
        }
    }

    /**
     * {@code Array(T)} of a scalar {@code T}: a JSON array text or a list, each element converted by
     * {@code element}; an element may be null only when {@code T} is {@code Nullable}.
     */
    static ValueParser array(ValueParser element, boolean elementsNullable) {
        return value -> {
            List<?> elements = value instanceof List<?> list ? list : read(value.toString(), List.class);
            Object[] converted = new Object[elements.size()];
            for (int i = 0; i < converted.length; i++) {
                Object item = elements.get(i);
                if (item == null && !elementsNullable) {
                    throw new IllegalArgumentException("null element");
                }
                converted[i] = item == null ? null : element.parse(item);
            }
            return converted;
        };
    }

    /** A type stored as JSON: its text, checked to be JSON of the right shape and written compactly. */
    static ValueParser json(ClickHouseType type) {
        boolean object = OBJECT_TYPES.contains(type.name());
        boolean either = type.name().equals("Tuple"); // named tuples come as objects, others as arrays
        return value -> {
            JsonNode node = value instanceof CharSequence ? read(value.toString(), JsonNode.class)
                    : MAPPER.valueToTree(value);
            if (!(either ? node.isContainerNode() : object ? node.isObject() : node.isArray())) {
                throw new IllegalArgumentException("wrong JSON shape");
            }
            return write(node);
        };
    }

    private static <T> T read(String text, Class<T> type) {
        try {
            return MAPPER.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON", e);
        }
    }
}
