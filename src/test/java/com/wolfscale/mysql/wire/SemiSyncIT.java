package com.wolfscale.mysql.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.wolfscale.mysql.binlog.ChecksumAlgorithm;
import com.wolfscale.mysql.binlog.EventType;
import com.wolfscale.mysql.binlog.Gtid;
import com.wolfscale.mysql.binlog.HeartbeatEvent;
import com.wolfscale.mysql.replication.BinlogStream;
import com.wolfscale.mysql.replication.DumpRequest;
import com.wolfscale.mysql.replication.EventPacket;
import com.wolfscale.mysql.replication.SemiSyncAck;
import com.wolfscale.mysql.wire.WireClient.Mode;
import com.wolfscale.sandbox.MariaDbInstance;
import com.wolfscale.sandbox.MariaDbOptions;
import com.wolfscale.testkit.MariaDbServers;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The codec as a semi-synchronous replica of a real MariaDB with AFTER_SYNC and an endless timeout: every
 * event packet carries the semi-sync header, the last event of each transaction asks for an ACK, and a
 * commit returns only after the test sends it. Semi-sync is switched on only once the replica is connected
 * (otherwise every commit, the test's own setup included, waits for an ACK nobody sends).
 */
class SemiSyncIT {

    @RegisterExtension
    static final MariaDbServers DB = MariaDbServers.of(1, MariaDbOptions.defaults().withSettings(
            "rpl_semi_sync_master_enabled=OFF", "rpl_semi_sync_master_wait_point=AFTER_SYNC",
            "rpl_semi_sync_master_timeout=1000000000000", "rpl_semi_sync_master_wait_no_slave=ON"));

    private static final Duration HOLD = Duration.ofMillis(400);

    @Test
    @Timeout(60)
    void aCommitWaitsForTheReplicasAck() throws Exception {
        MariaDbInstance m = DB.get(0);
        m.execute("CREATE DATABASE ss", "CREATE TABLE ss.t (id INT PRIMARY KEY)");
        String start = single(m, "SELECT @@gtid_binlog_pos");
        DumpRequest request = new DumpRequest(7001, Gtid.parseList(start), Duration.ofSeconds(1), true, 0);
        try (WireClient replica = WireProtocolIT.connect(m, Mode.RAW, 0, 0)) {
            for (String sql : request.setupStatements()) {
                assertThat(replica.query(sql).tracker().summary().error()).isEmpty();
            }
            assertThat(replica.command(request.registerSlave().encode()).tracker().summary().error()).isEmpty();
            replica.send(request.binlogDump().encode());
            BinlogStream stream = new BinlogStream(replica.reader(), 16 << 20, ChecksumAlgorithm.CRC32, true, true);
            awaitReplicaRegistered(m);
            m.execute("SET GLOBAL rpl_semi_sync_master_enabled = ON");
            try {
                assertThat(status(m, "RPL_SEMI_SYNC_MASTER_STATUS")).isEqualTo("ON");
                awaitAckedCommit(m, replica, stream, "INSERT INTO ss.t VALUES (1)", EventType.XID);
                awaitAckedCommit(m, replica, stream, "CREATE TABLE ss.u (x INT)", EventType.QUERY);
                assertThat(single(m, "SELECT COUNT(*) FROM ss.t")).isEqualTo("1");
                assertThat(status(m, "RPL_SEMI_SYNC_MASTER_YES_TX")).isEqualTo("2");
                // idle for longer than @master_heartbeat_period: a heartbeat, checksummed and semi-sync framed
                EventPacket heartbeat = stream.next().orElseThrow();
                assertThat(heartbeat.event().type()).isEqualTo(EventType.HEARTBEAT);
                assertThat(heartbeat.ackRequested()).isFalse();
                HeartbeatEvent hb = HeartbeatEvent.decode(heartbeat.event());
                assertThat(hb.logFile()).isEqualTo(stream.currentFile());
                assertThat(hb.position()).isGreaterThan(4);
            } finally {
                m.execute("SET GLOBAL rpl_semi_sync_master_enabled = OFF");
            }
        }
    }

    private static void awaitReplicaRegistered(MariaDbInstance m) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!"1".equals(status(m, "RPL_SEMI_SYNC_MASTER_CLIENTS"))) {
            assertThat(System.nanoTime()).as("semi-sync replica registered").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private static String status(MariaDbInstance m, String name) throws Exception {
        return single(m, "SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = '"
                + name + "'");
    }

    /** Commits on another connection; it must block until the flagged event is acknowledged. */
    private static void awaitAckedCommit(MariaDbInstance m, WireClient replica, BinlogStream stream, String sql,
            int flaggedType) throws Exception {
        long begin = System.nanoTime();
        CompletableFuture<Long> commit = CompletableFuture.supplyAsync(() -> {
            try {
                m.execute(sql);
                return System.nanoTime();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        EventPacket flagged;
        do {
            flagged = stream.next().orElseThrow();
        } while (!flagged.ackRequested());
        assertThat(flagged.event().type()).isEqualTo(flaggedType);
        Thread.sleep(HOLD.toMillis());
        assertThat(commit).as("commit returned before the ACK").isNotDone();

        SemiSyncAck ack = SemiSyncAck.of(flagged, stream.currentFile());
        replica.writer().write(SemiSyncAck.SEQUENCE_ID, ack.encode());
        replica.writer().flush();
        long done = commit.get(10, TimeUnit.SECONDS);
        assertThat(Duration.ofNanos(done - begin)).isGreaterThanOrEqualTo(HOLD);
    }

    private static String single(MariaDbInstance m, String sql) throws Exception {
        try (Connection c = m.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
