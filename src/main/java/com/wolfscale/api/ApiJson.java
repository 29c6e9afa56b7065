package com.wolfscale.api;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The API's JSON: snake_case field names from the records' component names, exact decimals. Requests are
 * read strictly (an unknown field such as {@code where} for {@code where_key} is an error, not silently
 * ignored, and so are a field given twice and anything after the JSON value, which Jackson would otherwise
 * settle silently: the last duplicate wins, and the second write of {@code {...}{...}} is dropped); clients
 * read answers leniently so a newer node's extra fields do not break an older wolfctl.
 */
public final class ApiJson {

    private static final ObjectMapper STRICT = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private static final ObjectMapper LENIENT = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private ApiJson() {
    }

    /** For request bodies and for writing answers. */
    public static ObjectMapper strict() {
        return STRICT;
    }

    /** For reading answers (wolfctl). */
    public static ObjectMapper lenient() {
        return LENIENT;
    }
}
