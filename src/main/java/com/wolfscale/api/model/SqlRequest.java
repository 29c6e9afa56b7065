package com.wolfscale.api.model;

import java.util.List;

/**
 * {@code POST /sql}: one SQL statement. {@code database} (the original's) is the default schema;
 * {@code params} (new) are bound to {@code ?} placeholders by the driver, never spliced into the text;
 * {@code max_rows} caps the rows a read returns (default 1000, at most 10000).
 */
public record SqlRequest(String sql, String database, List<Object> params, Integer maxRows) {
}
