package dev.pipit.plugin.ndjson;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses one line into the SPI's JDK values with Jackson's streaming parser: objects become
 * {@code LinkedHashMap}s in member order, arrays {@code List}s, integers {@code Long} (or {@code BigDecimal} past
 * its range), other numbers {@code BigDecimal}, so {@code 0.1} stays exactly 0.1 on its way to a Decimal column.
 * Thread-safe: the factory is shared, each call has its own parser.
 */
final class JsonLineParser {
    /** The result: the object's members, or why the line is not one JSON object. */
    record Result(Map<String, Object> members, String error) {}

    /**
     * Objects and arrays nested deeper are refused: values are built recursively, and the core writes nested
     * values as JSON text, which Jackson bounds at the same depth.
     */
    static final int MAX_NESTING_DEPTH = StreamReadConstraints.DEFAULT_MAX_DEPTH;

    private final JsonFactory factory = JsonFactory.builder()
            // A line may be as long as the reader allows; Jackson's default caps strings at 20 M characters anyway.
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxStringLength(NdjsonFormatFactory.MAX_LINE_CHARS)
                    .maxNestingDepth(MAX_NESTING_DEPTH)
                    .build())
            .build();

    Result parse(String line) {
        try (JsonParser parser = factory.createParser(line)) {
            return parse(parser);
        } catch (IOException e) {
            return failure(e);
        }
    }

    /**
     * Parses one JSON text from its UTF-8 bytes, as {@link #parse(String)} parses the same text: Jackson reads
     * the bytes itself, with no text decoded or copied first.
     */
    Result parse(byte[] json) {
        try (JsonParser parser = factory.createParser(json)) {
            return parse(parser);
        } catch (IOException e) {
            return failure(e);
        }
    }

    private static Result parse(JsonParser parser) throws IOException {
        JsonToken first = parser.nextToken();
        if (first != JsonToken.START_OBJECT) {
            return new Result(null, "expected a JSON object, found " + describe(first));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> members = (Map<String, Object>) value(parser);
        JsonToken trailing = parser.nextToken();
        if (trailing != null) {
            return new Result(null, "expected one JSON object per line, found more after the object");
        }
        return new Result(members, null);
    }

    private static Result failure(IOException e) {
        if (e instanceof StreamConstraintsException) {
            // Jackson's own words name its classes; the limit is what the user needs.
            return new Result(null, String.valueOf(e.getMessage()).contains("depth")
                    ? "objects and arrays nested deeper than " + MAX_NESTING_DEPTH + " levels, more than Pipit reads"
                    : "a JSON value longer than " + NdjsonFormatFactory.MAX_LINE_CHARS + " characters");
        }
        if (e instanceof JsonProcessingException processing) {
            return new Result(null, "invalid JSON: " + processing.getOriginalMessage());
        }
        // Text in memory cannot fail to read; Jackson declares it for streams.
        return new Result(null, "invalid JSON: " + e.getMessage());
    }

    private static Object value(JsonParser parser) throws IOException {
        return switch (parser.currentToken()) {
            case START_OBJECT -> object(parser);
            case START_ARRAY -> array(parser);
            case VALUE_STRING -> parser.getText();
            case VALUE_NUMBER_INT -> parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                    ? new BigDecimal(parser.getBigIntegerValue())
                    : (Object) parser.getLongValue();
            case VALUE_NUMBER_FLOAT -> parser.getDecimalValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> throw new IllegalStateException("unexpected token " + parser.currentToken());
        };
    }

    private static Map<String, Object> object(JsonParser parser) throws IOException {
        Map<String, Object> members = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            members.put(name, value(parser));
        }
        return members;
    }

    private static List<Object> array(JsonParser parser) throws IOException {
        List<Object> elements = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            elements.add(value(parser));
        }
        return elements;
    }

    private static String describe(JsonToken token) {
        return switch (token) {
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> "'" + token.asString() + "'";
        };
    }
}
