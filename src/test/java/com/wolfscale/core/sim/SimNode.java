package com.wolfscale.core.sim;

import com.wolfscale.common.Lsn;
import com.wolfscale.common.NodeId;
import com.wolfscale.core.ClusterCore;
import com.wolfscale.core.CoreConfig;
import com.wolfscale.core.FetchRequest;
import com.wolfscale.core.HardState;
import java.util.ArrayList;
import java.util.List;

/** One simulated node: the real core, a simulated log and database, and its driver state. */
public final class SimNode {

    /** A fetch request held by this node as a source until records arrive or the poll times out. */
    record Parked(long id, FetchRequest request) { }

    final int index;
    final NodeId id;
    final CoreConfig config;
    final SimLog log = new SimLog();
    final double clockRate;
    final long clockOffsetUs;

    HardState hard = HardState.INITIAL;
    ClusterCore core;
    boolean up;
    int generation;
    long pausedUntilUs;
    boolean dbHealthy = true;
    boolean reportedHealthy = true;
    boolean needsMigration;
    /** The epoch whose running handover this node reported drained (see Simulation#drainIfHandingOver). */
    com.wolfscale.common.Epoch drainReportedFor;
    long diskSlowFactor = 1;

    /** The database: what it has applied survives crashes, as a real database's committed data does. */
    Lsn applied = Lsn.ZERO;
    long appliedMicros;
    Lsn maxAppliedSeen = Lsn.ZERO;

    FetchRequest pendingFetch;
    NodeId pendingTarget;
    long pendingSentUs;
    Lsn awaitDurable = Lsn.ZERO;
    final List<Parked> parked = new ArrayList<>();
    long nextParkId;

    Lsn checkedCommitUpTo = Lsn.ZERO;
    final List<String> alerts = new ArrayList<>();

    SimNode(int index, NodeId id, CoreConfig config, double clockRate, long clockOffsetUs) {
        this.index = index;
        this.id = id;
        this.config = config;
        this.clockRate = clockRate;
        this.clockOffsetUs = clockOffsetUs;
    }

    public ClusterCore core() {
        return core;
    }

    public long localMs(long nowUs) {
        return (clockOffsetUs + (long) (nowUs * clockRate)) / 1000;
    }

    public boolean running(long nowUs) {
        return up && nowUs >= pausedUntilUs;
    }
}
