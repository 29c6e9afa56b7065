package com.wolfscale.mysql.binlog;

/**
 * MariaDB ANNOTATE_ROWS (type 160): the SQL text of the statement whose rows events follow (sent when the
 * dump requested it with BINLOG_SEND_ANNOTATE_ROWS_EVENT and {@code binlog_annotate_row_events} is on).
 * Informational only; replay ignores it.
 *
 * <pre>
 * size | field
 * -----+---------------------------
 * rest | statement text, no NUL
 * </pre>
 *
 * @param sql the statement text
 */
public record AnnotateRowsEvent(String sql) {

    public static AnnotateRowsEvent decode(BinlogEvent event) {
        Events.requireType(event, EventType.ANNOTATE_ROWS);
        return new AnnotateRowsEvent(event.body().restString());
    }
}
