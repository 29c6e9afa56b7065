package com.wolfscale.core;

import com.wolfscale.common.Epoch;
import com.wolfscale.common.Lsn;
import com.wolfscale.common.NodeId;
import com.wolfscale.core.CoreEffect.Alert.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a leader does on every tick: heartbeats, lease and quorum loss, commit index, and leadership
 * transfer (operator switchover or automatic failback to a caught-up lower-id node).
 */
final class LeaderDuties {

    /** A lower-id node must have been ACTIVE this long before the leader hands over to it. */
    static long failbackStableMs(CoreConfig cfg) {
        return 2 * cfg.electionTimeoutMaxMs();
    }

    private LeaderDuties() {
    }

    static void tick(ClusterCore core, long now) {
        CoreConfig cfg = core.config();
        Leadership l = core.leadership();
        if (now >= l.nextHeartbeatMs) {
            long seq = l.nextSeq(now);
            l.nextHeartbeatMs = now + cfg.heartbeatIntervalMs();
            Heartbeat hb = new Heartbeat(cfg.self(), core.epoch(), seq, core.commitLsn(), core.report(), l.transferTarget);
            for (PeerTable.Peer p : core.peers().all()) {
                core.send(p.id, hb);
            }
        }
        if (core.forced() && core.peers().alive(now, cfg.electionTimeoutMs()).size() + 1 >= cfg.configuredQuorum()) {
            core.clearForced();
            core.alert(Severity.INFO, "a quorum is reachable again: leadership is no longer forced");
        }
        if (!checkQuorum(core, now)) {
            return;
        }
        core.recomputeCommit(now);
        if (l.transferTarget.isPresent()) {
            continueTransfer(core, l, now);
        } else if (cfg.failback() && now >= l.noFailbackBeforeMs && leaderReady(core)) {
            failbackCandidate(core, now).ifPresent(id -> startTransfer(core, Optional.of(id), now, false));
        }
    }

    /** @return false when the leader stepped down for lack of a quorum */
    private static boolean checkQuorum(ClusterCore core, long now) {
        CoreConfig cfg = core.config();
        Leadership l = core.leadership();
        if (leaseExpiry(core, now) > now) {
            if (l.noQuorumAlerted) {
                core.alert(Severity.INFO, "quorum regained by leader " + cfg.self());
            }
            l.noQuorumSinceMs = Long.MIN_VALUE;
            l.noQuorumAlerted = false;
            return true;
        }
        if (l.noQuorumSinceMs == Long.MIN_VALUE) {
            l.noQuorumSinceMs = now;
        } else if (!l.noQuorumAlerted && now - l.noQuorumSinceMs >= cfg.heartbeatIntervalMs()) {
            l.noQuorumAlerted = true;
            core.alert(Severity.WARNING, "NO_QUORUM: leader " + cfg.self() + " cannot reach a majority; writes stopped");
        }
        if (now - l.noQuorumSinceMs >= cfg.electionTimeoutMaxMs()) {
            core.alert(Severity.WARNING, "leader " + cfg.self() + " steps down: no quorum for "
                    + (now - l.noQuorumSinceMs) + " ms");
            core.becomeFollower(now);
            return false;
        }
        return true;
    }

    /** When the leader's lease ends (monotonic ms); unbounded where no lease is needed. */
    static long leaseExpiry(ClusterCore core, long now) {
        CoreConfig cfg = core.config();
        if (cfg.mode() == QuorumMode.AVAILABLE || core.forced()) {
            return Long.MAX_VALUE;
        }
        List<Long> acks = new ArrayList<>();
        long notBefore = core.leadership().leaseNotBeforeMs;
        for (PeerTable.Peer p : core.peers().all()) {
            acks.add(p.ackedSendMs >= notBefore ? p.ackedSendMs : Long.MIN_VALUE);
        }
        return Leadership.leaseExpiry(now, acks, cfg.configuredQuorum(), cfg.leaseMs());
    }

    static boolean leaderReady(ClusterCore core) {
        return core.role() == Role.LEADER && core.log().lastEpoch().equals(core.epoch());
    }

    private static void continueTransfer(ClusterCore core, Leadership l, long now) {
        NodeId target = l.transferTarget.get();
        if (now > l.transferDeadlineMs) {
            if (l.stepDownWhenTransferEnds) {
                core.alert(Severity.WARNING, "leadership transfer to " + target + " timed out; "
                        + core.config().self() + " steps down (its database is unhealthy)");
                core.becomeFollower(now);
                return;
            }
            core.alert(Severity.WARNING, "leadership transfer to " + target + " timed out; " + core.config().self()
                    + " keeps leading");
            l.transferTarget = Optional.empty();
            // voters that saw the transfer announced may still elect the target: the lease restarts only
            // from heartbeats sent after the abort, which no longer announce it
            l.leaseNotBeforeMs = now;
            l.noFailbackBeforeMs = now + 4 * core.config().electionTimeoutMaxMs();
            return;
        }
        PeerTable.Peer p = core.peers().get(target);
        Lsn last = core.log().lastLsn();
        // a node that must stop leading (failed database, shutdown) waits for its drain only briefly: a hung
        // database never reports one, and the cluster must not stay without a writable leader for it
        boolean drained = !core.config().drainBeforeTransfer() || l.writesDrained || (l.stepDownWhenTransferEnds
                && now - l.transferStartedMs >= core.config().electionTimeoutMinMs());
        if (!l.timeoutNowSent && drained && !p.matchedDurable.isBefore(last) && !p.appliedLsn.isBefore(last)) {
            core.send(target, new TimeoutNow(core.config().self(), core.epoch()));
            l.timeoutNowSent = true;
            l.timeoutNowSentMs = now;
        } else if (l.timeoutNowSent && now - l.timeoutNowSentMs > core.config().electionTimeoutMinMs()) {
            // the target should have won within a round trip or two: the message or its election was lost;
            // writes are paused meanwhile, so do not wait for the full transfer deadline
            l.transferDeadlineMs = Math.min(l.transferDeadlineMs, now);
        }
    }

    /** Starts a planned transfer to {@code target} (or the expected successor); writes pause meanwhile. */
    static void startTransfer(ClusterCore core, Optional<NodeId> target, long now, boolean operator) {
        CoreConfig cfg = core.config();
        Leadership leadership = core.leadership();
        if (core.role() != Role.LEADER) {
            core.alert(Severity.WARNING, "leadership transfer ignored: " + cfg.self() + " is not the leader");
            return;
        }
        Optional<NodeId> to = target.or(() -> ViewBuilder.expectedSuccessor(core, now));
        if (to.isEmpty() || to.get().equals(cfg.self())) {
            core.alert(Severity.WARNING, "leadership transfer: no eligible successor");
            return;
        }
        leadership.transferTarget = to;
        leadership.transferDeadlineMs = now + 4 * cfg.electionTimeoutMaxMs();
        leadership.timeoutNowSent = false;
        leadership.writesDrained = false;
        leadership.transferStartedMs = now;
        leadership.nextHeartbeatMs = now; // announce it before TimeoutNow can go out (voters check the announcement)
        core.alert(Severity.INFO, (operator ? "switchover" : "failback") + " from " + cfg.self() + " to " + to.get()
                + ": writes paused until it holds the whole log");
        tick(core, now);
    }

    /** The node's database holds back new writes and finished its commits in flight: the transfer may go on. */
    static void writesDrained(ClusterCore core, Leadership l, Epoch epoch, long now) {
        if (core.role() == Role.LEADER && l != null && l.epoch.equals(epoch) && l.transferTarget.isPresent()) {
            l.writesDrained = true;
            tick(core, now);
        }
    }

    /** The lowest-id peer below this node that is alive, eligible and has been ACTIVE for a while. */
    private static Optional<NodeId> failbackCandidate(ClusterCore core, long now) {
        CoreConfig cfg = core.config();
        for (PeerTable.Peer p : core.peers().alive(now, cfg.electionTimeoutMs())) {
            if (p.id.compareTo(cfg.self()) >= 0) {
                break;
            }
            if (p.eligible() && p.activeSinceMs != Long.MIN_VALUE && now - p.activeSinceMs >= failbackStableMs(cfg)) {
                return Optional.of(p.id);
            }
        }
        return Optional.empty();
    }
}
