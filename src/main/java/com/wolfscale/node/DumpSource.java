package com.wolfscale.node;

import com.wolfscale.api.ApiException;
import com.wolfscale.api.model.DumpInfo;
import com.wolfscale.apply.AppliedPosition;
import com.wolfscale.apply.AppliedPositionStore;
import com.wolfscale.common.Epoch;
import com.wolfscale.common.Lsn;
import com.wolfscale.core.CoreView;
import com.wolfscale.replication.ClusterMember;
import com.wolfscale.snapshot.SnapshotWriter;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes a consistent snapshot of this node's database tied to an exact log position and streams it
 * ({@code GET /dump}, the source side of a migration).
 *
 * <ul>
 *   <li>Follower: {@code START TRANSACTION WITH CONSISTENT SNAPSHOT} and the applied position read inside
 *       it. The applier writes that position in the same transaction as the changes it accounts for, so
 *       the snapshot holds exactly the log up to it. Nothing pauses, neither here nor on the leader.</li>
 *   <li>Leader: its own commits are not written together with a position, so it briefly blocks commits
 *       ({@code FLUSH TABLES WITH READ LOCK}, at most {@value #LEADER_LOCK_WAIT_S} s to get it), waits until
 *       every record it captured is committed (then every committed record is visible), starts the
 *       snapshot at that position and unlocks: a pause of milliseconds.</li>
 * </ul>
 */
final class DumpSource {

    private static final Logger LOG = LoggerFactory.getLogger(DumpSource.class);
    static final int LEADER_LOCK_WAIT_S = 1;

    private final DatabaseAdmin admin;
    private final ClusterMember member;
    private final BooleanSupplier leaderOpen;
    private final BooleanSupplier consistent;
    private final Set<String> skipUsers;

    /**
     * @param consistent false while this node's database cannot serve as a source (repair pending,
     *                   NEEDS_MIGRATION, unhealthy)
     * @param skipUsers  accounts not copied (this node's own administrative account)
     */
    DumpSource(DatabaseAdmin admin, ClusterMember member, BooleanSupplier leaderOpen, BooleanSupplier consistent,
               Set<String> skipUsers) {
        this.admin = admin;
        this.member = member;
        this.leaderOpen = leaderOpen;
        this.consistent = consistent;
        this.skipUsers = skipUsers;
    }

    DumpInfo info() {
        refuseWhenInconsistent();
        try {
            AppliedPosition applied = admin.with(AppliedPositionStore::read);
            long[] size = admin.with(DumpSource::estimate);
            CoreView v = member.view();
            return new DumpInfo(applied.lsn().value(), "wolfscale", member.self().value(), applied.epoch().value(),
                    v.role().name(), (int) size[0], size[1], size[2]);
        } catch (SQLException e) {
            throw new ApiException(503, "DATABASE_UNAVAILABLE", "cannot read this node's database: " + e.getMessage());
        }
    }

    void write(OutputStream out) throws Exception {
        refuseWhenInconsistent();
        try (Connection c = admin.open(); Statement s = c.createStatement()) {
            s.execute("SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ");
            AppliedPosition at = leaderOpen.getAsBoolean() ? leaderSnapshot(s) : followerSnapshot(c, s);
            LOG.info("streaming a snapshot of {} at LSN {} (epoch {})", member.self(), at.lsn(), at.epoch());
            SnapshotWriter.Stats stats = SnapshotWriter.write(c, at, member.self().value(), skipUsers, out);
            s.execute("COMMIT");
            LOG.info("snapshot at LSN {} sent: {} tables, {} rows, {} bytes", at.lsn(), stats.tables(), stats.rows(),
                    stats.bytes());
        }
    }

    private static AppliedPosition followerSnapshot(Connection c, Statement s) throws SQLException {
        s.execute("START TRANSACTION WITH CONSISTENT SNAPSHOT");
        return AppliedPositionStore.read(c);
    }

    private AppliedPosition leaderSnapshot(Statement s) throws SQLException, InterruptedException {
        s.execute("SET SESSION lock_wait_timeout = " + LEADER_LOCK_WAIT_S);
        long t0 = System.nanoTime();
        s.execute("FLUSH TABLES WITH READ LOCK");
        try {
            Lsn last = member.wal().lastLsn();
            if (!member.awaitCommit(last, Duration.ofSeconds(1))) {
                throw new ApiException(503, "NOT_COMMITTED", "the leader's newest records are not committed (no "
                        + "quorum?): no consistent snapshot now; take it from a follower or retry");
            }
            s.execute("START TRANSACTION WITH CONSISTENT SNAPSHOT");
            Epoch epoch = member.wal().epochAt(last).orElse(member.view().epoch());
            return new AppliedPosition(epoch, last, "", Lsn.ZERO);
        } finally {
            s.execute("UNLOCK TABLES");
            LOG.info("snapshot on the leader: commits were held for {} ms", (System.nanoTime() - t0) / 1_000_000);
        }
    }

    private void refuseWhenInconsistent() {
        if (!consistent.getAsBoolean()) {
            throw new ApiException(409, "NOT_CONSISTENT", member.self() + " cannot give a snapshot now (its database "
                    + "is unhealthy, waits for its rejoin repair, or needs migration itself): take it from another node");
        }
    }

    /** Tables, rows and bytes of the user databases, from the server's statistics. */
    private static long[] estimate(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*), "
                + "COALESCE(SUM(TABLE_ROWS), 0), COALESCE(SUM(DATA_LENGTH), 0) FROM information_schema.TABLES "
                + "WHERE TABLE_TYPE = 'BASE TABLE' AND TABLE_SCHEMA NOT IN ('mysql', 'sys', 'information_schema', "
                + "'performance_schema', 'wolfscale')")) {
            rs.next();
            return new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)};
        }
    }
}
