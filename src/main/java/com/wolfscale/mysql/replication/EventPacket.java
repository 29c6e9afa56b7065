package com.wolfscale.mysql.replication;

import com.wolfscale.mysql.binlog.BinlogEvent;

/**
 * One event from the dump stream.
 *
 * @param event        the raw event
 * @param ackRequested semi-sync: the primary holds a commit until this event is acknowledged (set on the
 *                     last event of a transaction: the XID, or the QUERY of DDL)
 */
public record EventPacket(BinlogEvent event, boolean ackRequested) {
}
