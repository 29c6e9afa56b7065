package com.wolfscale.mysql.binlog;

import com.wolfscale.mysql.PayloadReader;
import java.util.ArrayList;
import java.util.List;

/**
 * MariaDB GTID_LIST (type 163): the GTID state (last GTID per domain and server) at the start of a binlog
 * file; the dump thread also sends one when a GTID-mode dump starts.
 *
 * <pre>
 * size | field
 * -----+--------------------------------------------------------------
 * 4    | count (low 28 bits) and flags (high 4 bits)
 * 16n  | count times: domain id (4), server id (4), sequence no (8)
 * </pre>
 *
 * @param gtids the GTIDs in order
 * @param flags the 4 flag bits
 */
public record GtidListEvent(List<Gtid> gtids, int flags) {

    public GtidListEvent {
        gtids = List.copyOf(gtids);
    }

    public static GtidListEvent decode(BinlogEvent event) {
        Events.requireType(event, EventType.GTID_LIST);
        PayloadReader r = event.body();
        long word = r.u32();
        long count = word & 0x0FFF_FFFFL;
        if (count * 16 > r.remaining()) {
            throw r.fail(count + " GTIDs do not fit in " + r.remaining() + " bytes");
        }
        List<Gtid> out = new ArrayList<>((int) count);
        for (long i = 0; i < count; i++) {
            long domain = r.u32();
            long server = r.u32();
            out.add(new Gtid(domain, server, r.u64()));
        }
        return new GtidListEvent(out, (int) (word >>> 28));
    }
}
