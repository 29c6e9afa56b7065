package com.wolfscale.mysql.binlog;

import com.wolfscale.mysql.PayloadReader;
import java.nio.charset.StandardCharsets;

/**
 * QUERY (type 2): a statement in text — DDL, BEGIN/COMMIT of row-based transactions, or DML in statement
 * format — with the session context it ran in.
 *
 * <pre>
 * size   | field                | notes
 * -------+----------------------+----------------------------------------------------------------
 * 4      | thread id            | the originating connection (pseudo_thread_id on replay)
 * 4      | execution time       | seconds
 * 1      | schema name length   |
 * 2      | error code           | non-zero when the statement failed part-way on the source
 * 2      | status block length  | (post-header is 13 bytes; extra post-header bytes are skipped)
 * n      | status variables     | {@link QueryStatusVariables}
 * len+1  | default schema       | NUL-terminated
 * rest   | SQL text             | up to the checksum
 * </pre>
 *
 * @param threadId      source connection id
 * @param executionTime seconds the statement took
 * @param errorCode     source error code (0 normally)
 * @param schema        default schema ("" for none)
 * @param statusVariables session context
 * @param sqlBytes      the statement text as written (in the charset of {@code statusVariables().charsets()})
 * @see <a href="https://mariadb.com/docs/server/reference/clientserver-protocol/replication-protocol/query_event">query_event.md</a>
 */
public record QueryEvent(long threadId, long executionTime, int errorCode, String schema,
        QueryStatusVariables statusVariables, byte[] sqlBytes) {

    /** The statement text decoded as UTF-8. */
    public String sql() {
        return new String(sqlBytes, StandardCharsets.UTF_8);
    }

    public static QueryEvent decode(BinlogEvent event, FormatDescriptionEvent fde) {
        Events.requireType(event, EventType.QUERY);
        PayloadReader r = event.body();
        int postHeader = fde.postHeaderLength(EventType.QUERY);
        long thread = r.u32();
        long exec = r.u32();
        int schemaLength = r.u8();
        int error = r.u16();
        int statusLength = postHeader >= 13 ? r.u16() : 0;
        r.skip(Math.max(0, postHeader - 13));
        if (statusLength > r.remaining()) {
            throw r.fail("status block of " + statusLength + " bytes exceeds the event");
        }
        PayloadReader status = new PayloadReader("QUERY status variables", r.array(), r.arrayOffset(), statusLength);
        QueryStatusVariables vars = QueryStatusVariables.decode(status);
        r.skip(statusLength);
        String schema = r.fixedString(schemaLength);
        if (r.u8() != 0) {
            throw r.fail("schema name is not NUL-terminated");
        }
        return new QueryEvent(thread, exec, error, schema, vars, r.rest());
    }
}
