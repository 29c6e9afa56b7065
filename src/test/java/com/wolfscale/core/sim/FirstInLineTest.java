package com.wolfscale.core.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.wolfscale.common.Epoch;
import com.wolfscale.common.Lsn;
import com.wolfscale.common.NodeId;
import com.wolfscale.core.ClusterCore;
import com.wolfscale.core.CoreConfig;
import com.wolfscale.core.CoreEffect;
import com.wolfscale.core.CoreInput;
import com.wolfscale.core.HardState;
import com.wolfscale.core.VoteRequest;
import com.wolfscale.core.VoteResponse;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The startup race CI once hit: node-b's timer ran out before node-a's first eligible report reached it, and
 * node-c was not connected yet, so node-a's pre-vote decided the election. node-a refuses a higher id while it
 * may lead itself with a log at least as up to date, and stands at once.
 */
class FirstInLineTest {

    private static final NodeId A = NodeId.of("node-a");
    private static final NodeId B = NodeId.of("node-b");
    private static final NodeId C = NodeId.of("node-c");

    private static ClusterCore nodeA(boolean healthy, boolean neverLeader) {
        CoreConfig cfg = CoreConfig.defaults(A, 3);
        if (neverLeader) {
            cfg = cfg.withLeadership(true, false);
        }
        ClusterCore core = new ClusterCore(cfg, HardState.INITIAL, new SimLog(), new SplittableRandom(1), 0);
        core.step(new CoreInput.PeersKnown(Set.of(A, B, C)), 0);
        core.step(new CoreInput.LocalDatabase(healthy, false, Lsn.ZERO, 0), 0);
        return core;
    }

    private static VoteResponse answerTo(ClusterCore core, NodeId from, boolean transfer, long now) {
        return answerTo(core, from, transfer, Lsn.ZERO, now);
    }

    private static VoteResponse answerTo(ClusterCore core, NodeId from, boolean transfer, Lsn lastLsn, long now) {
        Epoch last = lastLsn.equals(Lsn.ZERO) ? Epoch.ZERO : Epoch.ZERO.nextTerm(from.slot());
        VoteRequest pre = new VoteRequest(from, Epoch.ZERO.nextTerm(from.slot()).nextTerm(from.slot()), last, lastLsn,
                true, transfer);
        return core.step(new CoreInput.Received(pre), now).stream()
                .filter(CoreEffect.Send.class::isInstance).map(e -> ((CoreEffect.Send) e).message())
                .filter(VoteResponse.class::isInstance).map(VoteResponse.class::cast).findFirst().orElseThrow();
    }

    private static boolean standsOnNextTick(ClusterCore core, long now) {
        List<CoreEffect> effects = core.step(new CoreInput.Tick(), now);
        return effects.stream().anyMatch(e -> e instanceof CoreEffect.Send s
                && s.message() instanceof VoteRequest v && v.preVote() && v.from().equals(A));
    }

    @Test
    void anEligibleLowerIdRefusesAHigherIdsPreVoteAndStandsAtOnce() {
        ClusterCore a = nodeA(true, false);
        assertThat(answerTo(a, B, false, 10).granted()).isFalse();
        assertThat(standsOnNextTick(a, 20)).as("node-a stands well before its own election timeout").isTrue();
    }

    @Test
    void aLowerIdThatMayNotLeadGrants() {
        assertThat(answerTo(nodeA(false, false), B, false, 10).granted()).as("database unhealthy").isTrue();
        assertThat(answerTo(nodeA(true, true), B, false, 10).granted()).as("never_leader").isTrue();
    }

    @Test
    void aHigherIdWithALongerLogIsGranted() {
        assertThat(answerTo(nodeA(true, false), B, false, Lsn.of(5), 10).granted()).isTrue();
    }

    @Test
    void aPlannedTransferIsNotRefused() {
        assertThat(answerTo(nodeA(true, false), B, true, 10).granted()).isTrue();
    }
}
