package com.wolfscale.mysql.binlog;

/**
 * HEARTBEAT (type 27): sent by the dump thread when no event was sent for
 * {@code @master_heartbeat_period}; never written to a file. The header's log pos is the current
 * position; the body names the current file. A replica that stops receiving them knows its primary is gone.
 *
 * <pre>
 * size | field
 * -----+-----------------------------------------
 * rest | current binlog file name, without NUL
 * </pre>
 *
 * @param logFile  current binlog file
 * @param position current position in it
 */
public record HeartbeatEvent(String logFile, long position) {

    public static HeartbeatEvent decode(BinlogEvent event) {
        Events.requireType(event, EventType.HEARTBEAT);
        return new HeartbeatEvent(event.body().restString(), event.header().logPos());
    }
}
