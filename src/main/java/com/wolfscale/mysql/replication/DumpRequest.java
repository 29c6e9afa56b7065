package com.wolfscale.mysql.replication;

import com.wolfscale.mysql.binlog.Gtid;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What a MariaDB GTID-mode replica sends, in order, to start its binlog stream (spikes.md §2): session
 * variables (as text queries), then {@link ComRegisterSlave}, then {@link ComBinlogDump}.
 *
 * <pre>
 * SET @master_binlog_checksum = @@global.binlog_checksum   events carry the server's CRC-32
 * SET @master_heartbeat_period = &lt;ns&gt;                       heartbeats reveal a dead primary
 * SET @mariadb_slave_capability = 4                        GTID-aware replica
 * SET @slave_connect_state = '&lt;gtid list&gt;'                 start after these GTIDs
 * SET @slave_gtid_strict_mode = 1                          refuse a diverged history
 * SET @rpl_semi_sync_slave = 1                             only when semi-sync is wanted; read once,
 *                                                          when the dump starts
 * </pre>
 *
 * @param serverId  the replica's server id, unique in the topology
 * @param start     GTIDs already applied (empty = from the start of the oldest binlog)
 * @param heartbeat heartbeat period (at most 1 s for a semi-sync reader)
 * @param semiSync  request the semi-sync protocol
 * @param flags     COM_BINLOG_DUMP flags
 */
public record DumpRequest(long serverId, List<Gtid> start, Duration heartbeat, boolean semiSync, int flags,
                          Optional<SemiSyncAck> filePosition) {

    /** MARIA_SLAVE_CAPABILITY_GTID: the replica understands GTID events. */
    public static final int MARIADB_SLAVE_CAPABILITY_GTID = 4;

    public DumpRequest {
        start = List.copyOf(start);
    }

    /** A GTID-mode dump starting after {@code start}. */
    public DumpRequest(long serverId, List<Gtid> start, Duration heartbeat, boolean semiSync, int flags) {
        this(serverId, start, heartbeat, semiSync, flags, Optional.empty());
    }

    /**
     * A file/position-mode dump starting exactly at {@code at} (no {@code @slave_connect_state}). A
     * semi-sync replica's start position counts as its first acknowledgement (MariaDB's
     * {@code Repl_semi_sync_master::dump_start}), so this is how to acknowledge no more than {@code at}.
     */
    public static DumpRequest at(long serverId, SemiSyncAck at, Duration heartbeat, boolean semiSync) {
        return new DumpRequest(serverId, List.of(), heartbeat, semiSync, 0, Optional.of(at));
    }

    public List<String> setupStatements() {
        List<String> out = new ArrayList<>();
        out.add("SET @master_binlog_checksum = @@global.binlog_checksum");
        out.add("SET @master_heartbeat_period = " + heartbeat.toNanos());
        out.add("SET @mariadb_slave_capability = " + MARIADB_SLAVE_CAPABILITY_GTID);
        if (filePosition.isEmpty()) {
            // Gtid.toString() emits only digits and dashes: no quoting problem
            out.add("SET @slave_connect_state = '" + start.stream().map(Gtid::toString)
                    .collect(Collectors.joining(",")) + "'");
            out.add("SET @slave_gtid_strict_mode = 1");
        }
        if (semiSync) {
            out.add("SET @rpl_semi_sync_slave = 1");
        }
        return out;
    }

    public ComRegisterSlave registerSlave() {
        return ComRegisterSlave.of(serverId);
    }

    public ComBinlogDump binlogDump() {
        return filePosition.map(p -> new ComBinlogDump(p.position(), flags, serverId, p.file()))
                .orElseGet(() -> ComBinlogDump.gtidMode(serverId, flags));
    }
}
