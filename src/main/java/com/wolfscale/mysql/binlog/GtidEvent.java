package com.wolfscale.mysql.binlog;

import com.wolfscale.mysql.PayloadReader;

/**
 * MariaDB GTID (type 162): starts an event group — a transaction (ended by XID or a COMMIT query) or a
 * standalone statement such as DDL — and names its GTID. The GTID's server id is the event header's.
 *
 * <pre>
 * size  | field         | present when
 * ------+---------------+------------------------------------------------------------------------
 * 8     | sequence no   | always
 * 4     | domain id     | always
 * 1     | flags2        | always: {@link #FL_STANDALONE}, {@link #FL_GROUP_COMMIT_ID}, ...
 * 8     | commit id     | FL_GROUP_COMMIT_ID: transactions with the same id committed together
 * 4+1+1 | XID format,   | FL_PREPARED_XA or FL_COMPLETED_XA: XA format id, gtrid and bqual
 *  +n   | lengths, data |   lengths, then gtrid+bqual bytes
 * 1     | flags_extra   | if bytes remain (10.5+; zero padding reads as 0)
 * 1     | extra engines | flags_extra has FL_EXTRA_MULTI_ENGINE
 * 8     | start-alter   | flags_extra has FL_COMMIT_ALTER or FL_ROLLBACK_ALTER: the START ALTER's
 *       | sequence no   |   sequence number
 * </pre>
 * The fixed part is padded with zeros to 19 bytes when shorter (MariaDB {@code Gtid_log_event}).
 *
 * @see <a href="https://mariadb.com/docs/server/reference/clientserver-protocol/replication-protocol/gtid_event">gtid_event.md</a>
 */
public record GtidEvent(Gtid gtid, int flags2, long commitId, Xid xid, int flagsExtra, int extraEngines,
        long startAlterSequence) {

    /** Not part of a transaction: DDL or a statement on a non-transactional table (no XID follows). */
    public static final int FL_STANDALONE = 1;
    public static final int FL_GROUP_COMMIT_ID = 2;
    public static final int FL_TRANSACTIONAL = 4;
    public static final int FL_ALLOW_PARALLEL = 8;
    public static final int FL_WAITED = 16;
    public static final int FL_DDL = 32;
    public static final int FL_PREPARED_XA = 64;
    public static final int FL_COMPLETED_XA = 128;
    public static final int FL_EXTRA_MULTI_ENGINE = 1;
    public static final int FL_START_ALTER = 2;
    public static final int FL_COMMIT_ALTER = 4;
    public static final int FL_ROLLBACK_ALTER = 8;

    /**
     * An XA transaction id carried by the GTID event.
     *
     * @param formatId XA format id
     * @param gtrid    global transaction id bytes
     * @param bqual    branch qualifier bytes
     */
    public record Xid(long formatId, byte[] gtrid, byte[] bqual) {
    }

    public boolean isStandalone() {
        return (flags2 & FL_STANDALONE) != 0;
    }

    public boolean isTransactional() {
        return (flags2 & FL_TRANSACTIONAL) != 0;
    }

    public boolean isDdl() {
        return (flags2 & FL_DDL) != 0;
    }

    public boolean hasCommitId() {
        return (flags2 & FL_GROUP_COMMIT_ID) != 0;
    }

    public static GtidEvent decode(BinlogEvent event) {
        Events.requireType(event, EventType.GTID);
        PayloadReader r = event.body();
        long seq = r.u64();
        long domain = r.u32();
        int flags2 = r.u8();
        long commitId = (flags2 & FL_GROUP_COMMIT_ID) != 0 ? r.u64() : 0;
        Xid xid = null;
        if ((flags2 & (FL_PREPARED_XA | FL_COMPLETED_XA)) != 0 && r.remaining() >= 6) {
            long format = r.u32();
            int gtridLength = r.u8();
            int bqualLength = r.u8();
            // a completed one-phase commit may carry format id -1 and no data
            xid = new Xid(format, r.bytes(Math.min(gtridLength, r.remaining())),
                    r.bytes(Math.min(bqualLength, r.remaining())));
        }
        int flagsExtra = r.hasRemaining() ? r.u8() : 0;
        int engines = (flagsExtra & FL_EXTRA_MULTI_ENGINE) != 0 && r.hasRemaining() ? r.u8() : 0;
        long startAlter = (flagsExtra & (FL_COMMIT_ALTER | FL_ROLLBACK_ALTER)) != 0 && r.remaining() >= 8 ? r.u64() : 0;
        return new GtidEvent(new Gtid(domain, event.header().serverId(), seq), flags2, commitId, xid, flagsExtra,
                engines, startAlter);
    }
}
