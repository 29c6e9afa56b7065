package com.wolfscale.node;

import com.wolfscale.api.ApiException;
import com.wolfscale.api.LeaderRequiredException;
import com.wolfscale.api.model.AdminResult;
import com.wolfscale.apply.ApplyLoop;
import com.wolfscale.common.NodeId;
import com.wolfscale.core.CoreEffect;
import com.wolfscale.core.CoreInput;
import com.wolfscale.core.CoreView;
import com.wolfscale.replication.ClusterMember;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Predicate;

/**
 * The operator's leadership actions behind {@code /admin/promote}, {@code /admin/demote} and
 * {@code /admin/reset}: real transfers through the core ({@code TransferLeadership}), waited for until the
 * new leader leads, and a reset that refuses whatever it cannot do safely.
 */
final class LeadershipActions {

    /** A transfer waits up to 4 × election_timeout_max for the target to catch up, then an election. */
    private final Duration transferWait;
    private final ClusterMember member;
    private final ApplyLoop apply;
    private final boolean failback;
    private final BiFunction<CoreView, byte[], LeaderRequiredException> toLeader;

    /** @param toLeader what to throw to have a request forwarded to the leader (with a replacement body or null) */
    LeadershipActions(ClusterMember member, ApplyLoop apply, Duration electionTimeoutMax, boolean failback,
                      BiFunction<CoreView, byte[], LeaderRequiredException> toLeader) {
        this.member = member;
        this.apply = apply;
        this.failback = failback;
        this.toLeader = toLeader;
        this.transferWait = electionTimeoutMax.multipliedBy(6).plusSeconds(2);
    }

    AdminResult promote(String node) throws InterruptedException {
        NodeId self = member.self();
        NodeId target = parse(node == null ? self.value() : node);
        CoreView v = member.view();
        CoreView.NodeInfo info = v.nodes().stream().filter(n -> n.id().equals(target)).findFirst()
                .orElseThrow(() -> ApiException.notFound("NODE_NOT_FOUND", "no node " + target + " in this cluster "
                        + "(known: " + v.nodes().stream().map(n -> n.id().value()).toList() + ")"));
        if (v.leader().filter(target::equals).isPresent() && (!target.equals(self) || v.isLeader())) {
            return new AdminResult(true, v.commitLsn().value(), target + " already leads (epoch " + v.epoch() + ")",
                    target.value());
        }
        if (!v.isLeader()) {
            String body = "{\"node\":\"" + target.value() + "\"}"; // the default target is this node, not the leader
            throw toLeader.apply(v, body.getBytes(StandardCharsets.UTF_8));
        }
        if (!info.eligible()) {
            throw ApiException.conflict("NOT_ELIGIBLE", target + " cannot lead now (status " + info.status()
                    + "; its database must be healthy, it must not be never_leader or need migration)");
        }
        return transfer(Optional.of(target), w -> w.leader().filter(target::equals).isPresent(), "promote " + target);
    }

    AdminResult demote() throws InterruptedException {
        CoreView v = member.view();
        if (!v.isLeader()) {
            throw ApiException.conflict("NOT_LEADER", member.self() + " is not the leader (leader: "
                    + v.leader().map(NodeId::value).orElse("none") + "); demote runs on the leader "
                    + "(wolfctl -e <leader's API> demote), or use wolfctl promote NODE");
        }
        if (v.expectedSuccessor().isEmpty()) {
            throw ApiException.conflict("NO_SUCCESSOR", "no other node can lead now (none alive and eligible): "
                    + member.self() + " keeps leading; see GET /cluster");
        }
        NodeId self = member.self();
        return transfer(Optional.empty(), w -> w.leader().isPresent() && !w.leader().get().equals(self), "demote " + self);
    }

    private AdminResult transfer(Optional<NodeId> target, Predicate<CoreView> done, String action)
            throws InterruptedException {
        int alertsBefore = member.recentAlerts().size();
        member.loop().submit(new CoreInput.TransferLeadership(target));
        long deadline = System.nanoTime() + transferWait.toNanos();
        CoreView v = member.view();
        while (!done.test(v)) {
            if (System.nanoTime() > deadline) {
                throw new ApiException(504, "TRANSFER_TIMEOUT", action + " did not complete within "
                        + transferWait.toSeconds() + " s (leader now: " + v.leader().map(NodeId::value).orElse("none")
                        + ")" + lastWarning(alertsBefore) + "; see GET /cluster and the node logs");
            }
            member.loop().awaitViewChange(v, Duration.ofMillis(100));
            v = member.view();
        }
        String newLeader = v.leader().map(NodeId::value).orElse("?");
        return new AdminResult(true, v.commitLsn().value(), action + ": " + newLeader + " leads epoch " + v.epoch()
                + failbackNote(v, newLeader), newLeader);
    }

    /** With failback on, a lower-id node that is ACTIVE takes leadership back after a few seconds. */
    private String failbackNote(CoreView v, String newLeader) {
        if (!failback) {
            return "";
        }
        Optional<String> lower = v.nodes().stream().filter(CoreView.NodeInfo::eligible).map(n -> n.id().value())
                .filter(id -> id.compareTo(newLeader) < 0).sorted().findFirst();
        return lower.map(id -> "; note: [cluster] failback is on, so " + id + " (lower id, eligible) takes leadership "
                + "back once it has been ACTIVE for a few seconds — set failback = false to keep this leader").orElse("");
    }

    private String lastWarning(int alertsBefore) {
        List<CoreEffect.Alert> alerts = member.recentAlerts();
        for (int i = alerts.size() - 1; i >= Math.min(alertsBefore, alerts.size()); i--) {
            if (alerts.get(i).severity() != CoreEffect.Alert.Severity.INFO) {
                return ": " + alerts.get(i).message();
            }
        }
        return "";
    }

    /**
     * Refuses on a leader and on a node with committed records not yet applied; on any other node it also
     * refuses, because clearing a running node's WAL and state in place cannot be made safe (the database
     * would no longer match any log position): the node is rebuilt by migration instead.
     */
    AdminResult reset() {
        CoreView v = member.view();
        if (v.isLeader()) {
            throw ApiException.conflict("RESET_REFUSED", member.self() + " is the leader: a reset would throw away "
                    + "the log the cluster depends on. Hand over first (wolfctl demote), then decide again");
        }
        long unapplied = v.commitLsn().value() - apply.position().lsn().value();
        if (unapplied > 0) {
            throw ApiException.conflict("RESET_REFUSED", member.self() + " has " + unapplied + " committed record(s) "
                    + "not yet applied to its database (applied " + apply.position().lsn() + ", committed "
                    + v.commitLsn() + "): wait until it has caught up (GET /status), or fix the apply error");
        }
        throw ApiException.conflict("RESET_UNSUPPORTED", member.self() + " (" + v.selfStatus() + ") keeps its WAL "
                + "and state: clearing them in a running node would leave a database that matches no log position, "
                + "and the original's reset (deleting open directories, then \"restart required\") lost data. To "
                + "rebuild this node: stop it, move its data_dir aside, and re-seed it from a healthy node with "
                + "wolfctl migrate --from <node>; a node that merely lags catches up by itself");
    }

    private static NodeId parse(String node) {
        try {
            return NodeId.of(node);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("BAD_NODE_ID", "not a node id: '" + node + "' (" + e.getMessage() + ")");
        }
    }
}
