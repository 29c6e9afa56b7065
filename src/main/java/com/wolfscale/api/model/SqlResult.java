package com.wolfscale.api.model;

import java.util.List;
import java.util.Map;

/**
 * The answer to {@code POST /sql} and {@code /write/*}: the original's fields, then the real replication
 * position. A write returns when MariaDB committed it, which with {@code durability = "quorum"} means the
 * transaction is durable on a quorum of WALs.
 *
 * @param lsn        the WAL record of the transaction; null for a read, for a statement that changed
 *                   nothing, or when capture had not indexed it within the wait (then {@code gtid} still
 *                   identifies it)
 * @param rows       a read's rows as objects keyed by column label; null for a write
 * @param truncated  the read had more rows than {@code max_rows}
 * @param servedBy   the node that executed it (the leader for writes, whichever node was asked for reads)
 */
public record SqlResult(boolean success, long affectedRows, long lastInsertId, String message, Long lsn, String gtid,
                        List<Map<String, Object>> rows, boolean truncated, String servedBy) {
}
