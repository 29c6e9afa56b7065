package com.wolfscale.mysql.binlog;

/**
 * XID (type 16): the commit of a transactional event group.
 *
 * <pre>
 * size | field
 * -----+-------------------------------------
 * 8    | xid (the storage engine's transaction id)
 * </pre>
 *
 * @param xid the transaction id
 */
public record XidEvent(long xid) {

    public static XidEvent decode(BinlogEvent event) {
        Events.requireType(event, EventType.XID);
        return new XidEvent(event.body().u64());
    }
}
