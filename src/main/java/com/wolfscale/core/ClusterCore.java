package com.wolfscale.core;

import com.wolfscale.common.Epoch;
import com.wolfscale.common.Lsn;
import com.wolfscale.common.NodeId;
import com.wolfscale.core.CoreEffect.Alert.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The cluster state machine of one node: epochs, elections, leadership, lease, commit index and node
 * statuses. It performs no I/O and reads no clock: every {@link #step} gets an input and the current
 * monotonic time, and returns the effects the driver must carry out. The same code runs in the node and
 * under the seeded simulator. Not thread-safe: one owner thread calls {@link #step}; other threads read
 * the published {@link CoreView}.
 *
 * <p>Election: Raft-style votes and epochs (with pre-vote, and "log at least as up to date" checks) made
 * deterministic by ranking: a node stands only after the alive, eligible nodes with lower ids have had
 * their turn, and a node behind the most advanced peer first fetches what it lacks from it. With
 * {@code failback}, a leader hands over to a caught-up lower-id node through a planned transfer. The
 * protocol and its invariants are written down in {@code docs/cluster-protocol.md}.
 */
public final class ClusterCore {

    private final CoreConfig cfg;
    private final LogView log;
    private final RandomGenerator random;
    private final PeerTable peers;
    private final long startedMs;
    private final List<CoreEffect> out = new ArrayList<>();

    private Epoch epoch;
    private Optional<NodeId> votedFor;
    private Role role = Role.FOLLOWER;
    private Optional<NodeId> leader = Optional.empty();
    private long lastLeaderContactMs = Long.MIN_VALUE;
    private long electionDeadlineMs;
    private long nextStatusMs;
    private Candidacy candidacy;
    private Leadership leadership;
    private boolean forced;
    private Optional<NodeId> catchUpSource = Optional.empty();
    private boolean slotClash;
    /** The transfer target the leader's latest heartbeat announced, if any. */
    private Optional<NodeId> announcedTransfer = Optional.empty();

    private final DatabaseFacts db = new DatabaseFacts();
    private final CommitIndex commit = new CommitIndex();
    private CoreView view;

    public ClusterCore(CoreConfig cfg, HardState persisted, LogView log, RandomGenerator random, long nowMs) {
        this.cfg = cfg;
        this.log = log;
        this.random = random;
        this.peers = new PeerTable(cfg.self());
        this.startedMs = nowMs;
        this.epoch = persisted.epoch();
        this.votedFor = persisted.votedFor();
        resetElectionTimer(nowMs);
        this.view = ViewBuilder.build(this, nowMs);
    }

    /** Applies one input at monotonic time {@code nowMs} and returns the effects, in order. */
    public List<CoreEffect> step(CoreInput input, long nowMs) {
        out.clear();
        switch (input) {
            case CoreInput.Tick t -> onTick(nowMs);
            case CoreInput.Received r -> onMessage(r.message(), nowMs);
            case CoreInput.LogChanged l -> onLogChanged(nowMs);
            case CoreInput.LocalDatabase d -> onLocalDatabase(d, nowMs);
            case CoreInput.FollowerProgress p -> onFollowerProgress(p, nowMs);
            case CoreInput.FetchAnswered a -> onFetchAnswered(a, nowMs);
            case CoreInput.PeersKnown k -> {
                peers.know(k.peers());
                k.peers().forEach(this::checkSlot);
            }
            case CoreInput.TransferLeadership t -> LeaderDuties.startTransfer(this, t.target(), nowMs, true);
            case CoreInput.ForceLeader f -> forceLeadership(nowMs);
            case CoreInput.SnapshotInstalled i -> onSnapshotInstalled(i.lsn());
            case CoreInput.WritesDrained w -> LeaderDuties.writesDrained(this, leadership, w.epoch(), nowMs);
        }
        view = ViewBuilder.build(this, nowMs);
        return List.copyOf(out);
    }

    public CoreView view() {
        return view;
    }

    // ---------------------------------------------------------------- messages

    private void onMessage(Message m, long now) {
        if (m.from().equals(cfg.self())) {
            return;
        }
        checkSlot(m.from());
        switch (m) {
            case Heartbeat h -> onHeartbeat(h, now);
            case HeartbeatAck a -> onHeartbeatAck(a, now);
            case StatusReport s -> onStatusReport(s, now);
            case VoteRequest v -> onVoteRequest(v, now);
            case VoteResponse v -> onVoteResponse(v, now);
            case TimeoutNow t -> onTimeoutNow(t, now);
            case FetchRequest f -> observeEpoch(f.epoch(), now);
            case FetchResponse f -> observeEpoch(f.epoch(), now);
            case Advertisement a -> { } // addresses are the node's business, not the core's
        }
    }

    private void onHeartbeat(Heartbeat h, long now) {
        peers.heard(h.from(), h.epoch(), h.report(), now);
        if (h.epoch().isBefore(epoch)) {
            send(h.from(), new StatusReport(cfg.self(), epoch, report()));
            return;
        }
        observeEpoch(h.epoch(), now);
        if (role == Role.LEADER) {
            alert(Severity.CRITICAL, "two leaders in epoch " + epoch + ": " + cfg.self() + " and " + h.from());
            return;
        }
        if (role == Role.CANDIDATE) {
            becomeFollower(now);
        }
        followLeader(h.from(), now);
        announcedTransfer = h.transferTo();
        commit.followLeader(h.commitLsn(), log.lastLsn());
        send(h.from(), new HeartbeatAck(cfg.self(), epoch, h.seq(), report()));
    }

    private void onHeartbeatAck(HeartbeatAck a, long now) {
        peers.heard(a.from(), a.epoch(), a.report(), now);
        observeEpoch(a.epoch(), now);
        if (role == Role.LEADER && a.epoch().equals(epoch)) {
            PeerTable.Peer p = peers.get(a.from());
            leadership.sendTimeOf(a.seq()).ifPresent(t -> p.ackedSendMs = Math.max(p.ackedSendMs, t));
        }
    }

    private void onStatusReport(StatusReport s, long now) {
        peers.heard(s.from(), s.epoch(), s.report(), now);
        observeEpoch(s.epoch(), now);
        if (s.epoch().isBefore(epoch) && s.report().role() == Role.LEADER) {
            send(s.from(), new StatusReport(cfg.self(), epoch, report())); // tell a stale leader at once
        }
    }

    private void onVoteRequest(VoteRequest v, long now) {
        boolean upToDate = LogView.compare(v.lastEpoch(), v.lastLsn(), log.lastEpoch(), log.lastLsn()) >= 0;
        // a leader votes for the target of its own transfer: the voters that had not yet seen a heartbeat
        // announcing it would refuse, and without the leader's vote a 3-node transfer could never win
        boolean ownTarget = role == Role.LEADER && leadership.transferTarget.filter(v.from()::equals).isPresent();
        boolean announced = v.transfer() && (ownTarget || announcedTransfer.filter(v.from()::equals).isPresent());
        boolean sticky = !announced && hasLiveLeader(now);
        if (v.preVote()) {
            boolean first = !v.transfer() && firstInLineBefore(v, now);
            boolean grant = v.epoch().isAfter(epoch) && upToDate && !sticky && !first;
            send(v.from(), new VoteResponse(cfg.self(), grant ? v.epoch() : epoch, grant, true));
            return;
        }
        if (sticky) {
            send(v.from(), new VoteResponse(cfg.self(), epoch, false, false));
            return;
        }
        observeEpoch(v.epoch(), now);
        boolean grant = v.epoch().equals(epoch) && upToDate
                && (votedFor.isEmpty() || votedFor.get().equals(v.from()));
        if (grant) {
            votedFor = Optional.of(v.from());
            persist();
            resetElectionTimer(now);
        }
        send(v.from(), new VoteResponse(cfg.self(), epoch, grant, false));
    }

    /**
     * Whether this node, not the pre-vote's sender, should lead next: it may stand, has a lower id and a
     * log at least as up to date. The sender's ranking can miss this node (its first report was not in yet,
     * as when a whole cluster starts at once); refusing here, and standing at once, keeps the lowest
     * eligible id in charge instead of whoever's timer ran out first.
     */
    private boolean firstInLineBefore(VoteRequest v, long now) {
        if (!mayStandAutomatically() || cfg.self().compareTo(v.from()) >= 0
                || LogView.compare(log.lastEpoch(), log.lastLsn(), v.lastEpoch(), v.lastLsn()) < 0) {
            return false;
        }
        electionDeadlineMs = Math.min(electionDeadlineMs, now);
        return true;
    }

    private void onVoteResponse(VoteResponse v, long now) {
        if (!v.granted() || !v.preVote()) {
            observeEpoch(v.epoch(), now);
        }
        if (candidacy == null || v.preVote() != candidacy.preVote) {
            return;
        }
        if (v.granted() && !v.epoch().equals(candidacy.epoch)) {
            return;
        }
        candidacy.answered.add(v.from());
        if (v.granted()) {
            candidacy.votes.add(v.from());
        }
        decideRound(now);
    }

    /** Moves a candidacy on when it has enough votes (or, in available mode, once its round has closed). */
    private void decideRound(long now) {
        Candidacy c = candidacy;
        switch (c.decide(now, cfg.mode(), cfg.clusterSize(), peers.all().size(), hasLiveLeader(now))) {
            case WAIT -> { }
            case ABANDON -> abandonCandidacy(now);
            case VOTE -> startVote(now, c.transfer, c.needed);
            case LEAD -> {
                if (role == Role.CANDIDATE && c.epoch.equals(epoch)) {
                    becomeLeader(now);
                }
            }
        }
    }

    private void onTimeoutNow(TimeoutNow t, long now) {
        observeEpoch(t.epoch(), now);
        if (!t.epoch().equals(epoch) || role == Role.LEADER) {
            return;
        }
        if (cfg.neverLeader() || !db.fit()) {
            alert(Severity.WARNING, "leadership transfer from " + t.from() + " refused: this node cannot lead");
            return;
        }
        startVote(now, true, QuorumSizes.election(cfg, peers, now));
    }

    // ---------------------------------------------------------------- local inputs

    private void onLogChanged(long now) {
        Lsn last = log.lastLsn();
        long cut = commit.logEndsAt(last);
        if (cut > 0) {
            alert(Severity.CRITICAL, cut + " committed record(s) after " + last
                    + " were discarded: another side of a partition led a higher epoch; the rejoin repair "
                    + "reconciles this node's database and reports what was rolled back");
        }
        if (role == Role.LEADER) {
            recomputeCommit(now);
        }
    }

    private void onLocalDatabase(CoreInput.LocalDatabase d, long now) {
        boolean couldLead = db.fit();
        if (db.report(d)) {
            alert(Severity.WARNING, "this node needs migration (a snapshot): it serves no reads and cannot lead");
        }
        // a leader whose database fails, or turns out to need migration (the rejoin repair may find that only
        // after a failback made it leader again), must not keep the cluster without a writable leader
        if (role == Role.LEADER && couldLead && !db.fit()) {
            alert(Severity.WARNING, (db.healthy() ? "database needs migration" : "database unhealthy") + ": leader "
                    + cfg.self() + " stops writes and hands over");
            if (ViewBuilder.expectedSuccessor(this, now).isPresent()) {
                LeaderDuties.startTransfer(this, Optional.empty(), now, false);
                leadership.stepDownWhenTransferEnds = true;
            } else {
                leader = Optional.empty();
                becomeFollower(now);
            }
        }
    }

    /** The log restarted after {@code lsn}, a committed position the database now holds. */
    private void onSnapshotInstalled(Lsn lsn) {
        db.snapshotInstalled(lsn);
        commit.restartAt(lsn);
        alert(Severity.INFO, "snapshot installed at " + lsn + ": catching up from the leader's log");
    }

    private void onFollowerProgress(CoreInput.FollowerProgress p, long now) {
        peers.heard(p.follower(), p.epoch(), null, now);
        observeEpoch(p.epoch(), now);
        PeerTable.Peer peer = peers.get(p.follower());
        peers.advanceApplied(peer, p.appliedLsn(), now);
        if (role == Role.LEADER && p.epoch().equals(epoch) && p.durableLsn().isAfter(peer.matchedDurable)) {
            peer.matchedDurable = p.durableLsn();
            recomputeCommit(now);
        }
    }

    private void onFetchAnswered(CoreInput.FetchAnswered a, long now) {
        observeEpoch(a.sourceEpoch(), now);
        if (a.snapshotNeeded() && db.markSnapshotNeeded()) {
            alert(Severity.WARNING, "the records this node needs are not in " + a.source() + "'s log (removed by "
                    + "retention, or the cluster's log starts from a base of existing data): it needs migration");
        }
        if (!a.sourceEpoch().equals(epoch)) {
            return;
        }
        if (a.fromLeader() && role != Role.LEADER) {
            if (role == Role.CANDIDATE) {
                becomeFollower(now);
            }
            followLeader(a.source(), now);
            commit.matchedThrough(a.matchedLsn());
            commit.followLeader(a.sourceCommit(), log.lastLsn());
        }
    }

    // ---------------------------------------------------------------- timers

    private void onTick(long now) {
        if (role == Role.LEADER) {
            LeaderDuties.tick(this, now);
            return;
        }
        if (now >= nextStatusMs) {
            nextStatusMs = now + cfg.heartbeatIntervalMs();
            for (PeerTable.Peer p : peers.all()) {
                send(p.id, new StatusReport(cfg.self(), epoch, report()));
            }
        }
        if (candidacy != null && candidacy.quorum == 0 && now >= candidacy.roundClosesMs) {
            decideRound(now);
        }
        if (candidacy != null && now >= candidacy.deadlineMs) {
            abandonCandidacy(now);
        }
        if (candidacy == null) {
            checkElection(now);
        }
    }

    private void checkElection(long now) {
        if (now < electionDeadlineMs) {
            return;
        }
        if (leader.isPresent() && !hasLiveLeader(now)) {
            leader = Optional.empty();
        }
        if (hasLiveLeader(now)) {
            resetElectionTimer(now);
            return;
        }
        if (!mayStandAutomatically()) {
            catchUpSource = Optional.empty();
            return;
        }
        int rank = peers.rankOfSelf(now, cfg.electionTimeoutMs());
        if (now < electionDeadlineMs + rank * cfg.electionTimeoutMaxMs()) {
            return; // lower ids first
        }
        Optional<PeerTable.Peer> best = peers.mostAdvanced(now, cfg.electionTimeoutMs());
        if (best.isPresent() && LogView.compare(best.get().report.lastEpoch(), best.get().report.lastLsn(),
                log.lastEpoch(), log.lastLsn()) > 0) {
            catchUpSource = Optional.of(best.get().id); // catch up before leadership
            return;
        }
        catchUpSource = Optional.empty();
        startPreVote(now);
    }

    /**
     * Gives up the current round. The first in line (rank 0) retries after a few heartbeats, because
     * the usual reason for failing is a voter still counting down its own leader timeout; the others wait
     * a full election timeout so the first in line gets there first.
     */
    private void abandonCandidacy(long now) {
        boolean wasCandidate = role == Role.CANDIDATE;
        candidacy = null;
        if (wasCandidate) {
            becomeFollower(now);
        } else {
            resetElectionTimer(now);
        }
        if (peers.rankOfSelf(now, cfg.electionTimeoutMs()) == 0) {
            long hb = cfg.heartbeatIntervalMs();
            electionDeadlineMs = now + 2 * hb + random.nextLong(hb + 1);
        }
    }

    private boolean mayStandAutomatically() {
        return !cfg.neverLeader() && !cfg.disableAutoElection() && db.fit() && !slotClash;
    }

    /** Two ids with one epoch slot could start identical epochs in available mode: refuse to lead, loudly. */
    private void checkSlot(NodeId other) {
        if (!slotClash && !other.equals(cfg.self()) && other.slot() == cfg.self().slot()) {
            slotClash = true;
            alert(Severity.CRITICAL, "node ids " + cfg.self() + " and " + other + " share epoch slot "
                    + other.slot() + "; rename one of them (" + cfg.self() + " will not lead until then)");
        }
    }

    // ---------------------------------------------------------------- transitions

    private void startPreVote(long now) {
        boolean measure = cfg.mode() == QuorumMode.AVAILABLE;
        // a pre-vote round is cheap and changes nothing: close it early and retry rather than wait long
        long closes = now + cfg.electionTimeoutMinMs() / 2;
        candidacy = new Candidacy(true, epoch.nextTerm(cfg.self().slot()), false, closes, closes,
                measure ? 0 : cfg.configuredQuorum(), cfg.self());
        if (cfg.clusterSize() == 1) {
            startVote(now, false, 1);
            return;
        }
        for (PeerTable.Peer p : peers.all()) {
            send(p.id, new VoteRequest(cfg.self(), candidacy.epoch, log.lastEpoch(), log.lastLsn(), true, false));
        }
    }

    private void startVote(long now, boolean transfer, int quorum) {
        epoch = epoch.nextTerm(cfg.self().slot());
        votedFor = Optional.of(cfg.self());
        persist();
        role = Role.CANDIDATE;
        leader = Optional.empty();
        catchUpSource = Optional.empty();
        candidacy = new Candidacy(false, epoch, transfer, now + cfg.electionTimeoutMaxMs(), now, quorum, cfg.self());
        out.add(new CoreEffect.RoleChanged(role, epoch, leader));
        if (quorum <= 1) {
            becomeLeader(now);
            return;
        }
        for (PeerTable.Peer p : peers.all()) {
            send(p.id, new VoteRequest(cfg.self(), epoch, log.lastEpoch(), log.lastLsn(), false, transfer));
        }
    }

    private void becomeLeader(long now) {
        role = Role.LEADER;
        leader = Optional.of(cfg.self());
        candidacy = null;
        catchUpSource = Optional.empty();
        leadership = new Leadership(epoch, now);
        leadership.noFailbackBeforeMs = now + 2 * cfg.electionTimeoutMaxMs();
        peers.resetLeaderBookkeeping();
        out.add(new CoreEffect.RoleChanged(role, epoch, leader));
        out.add(new CoreEffect.AppendEpochStart(epoch));
        alert(Severity.INFO, cfg.self() + " is leader of epoch " + epoch + (forced ? " (FORCED, no quorum)" : ""));
        LeaderDuties.tick(this, now);
    }

    void becomeFollower(long now) {
        boolean changed = role != Role.FOLLOWER;
        role = Role.FOLLOWER;
        leadership = null;
        candidacy = null;
        forced = false;
        resetElectionTimer(now);
        if (changed) {
            out.add(new CoreEffect.RoleChanged(role, epoch, leader));
        }
    }

    private void followLeader(NodeId id, long now) {
        if (candidacy != null && !candidacy.transfer) {
            // a live leader of this epoch: a pre-vote round in progress must not go on, or this node could
            // vote for itself while the leader counts its acknowledgements towards the lease
            candidacy = null;
        }
        if (leader.isEmpty() || !leader.get().equals(id)) {
            leader = Optional.of(id);
            out.add(new CoreEffect.RoleChanged(role, epoch, leader));
        }
        catchUpSource = Optional.empty();
        lastLeaderContactMs = now;
        resetElectionTimer(now);
    }

    /** Adopts a higher epoch seen anywhere; a leader or candidate steps down. */
    private void observeEpoch(Epoch seen, long now) {
        if (!seen.isAfter(epoch)) {
            return;
        }
        epoch = seen;
        votedFor = Optional.empty();
        leader = Optional.empty();
        commit.newEpoch();
        persist();
        if (role != Role.FOLLOWER) {
            becomeFollower(now);
        }
    }

    private void forceLeadership(long now) {
        if (cfg.neverLeader()) {
            alert(Severity.WARNING, "force-leader refused: this node is never_leader");
            return;
        }
        alert(Severity.CRITICAL, "FORCED leadership on " + cfg.self() + " without a quorum, by operator command");
        forced = true;
        epoch = epoch.nextTerm(cfg.self().slot());
        votedFor = Optional.of(cfg.self());
        persist();
        becomeLeader(now);
    }

    // ---------------------------------------------------------------- commit

    void recomputeCommit(long now) {
        if (!log.lastEpoch().equals(epoch)) {
            return; // nothing of this epoch in the log yet: older records commit only through ours (Raft §5.4.2)
        }
        Lsn epochStart = log.endOfEpoch(epoch.previous()).next();
        List<Lsn> followers = new ArrayList<>();
        for (PeerTable.Peer p : peers.all()) {
            followers.add(p.matchedDurable);
        }
        commit.quorumDurable(Leadership.kthDurable(log.durableLsn(), followers,
                QuorumSizes.commit(cfg, peers, forced, now)), epochStart);
    }

    // ---------------------------------------------------------------- helpers

    boolean hasLiveLeader(long now) {
        if (role == Role.LEADER) {
            return true;
        }
        return leader.isPresent() && lastLeaderContactMs != Long.MIN_VALUE
                && now - lastLeaderContactMs < cfg.electionTimeoutMinMs();
    }

    private void resetElectionTimer(long now) {
        long span = cfg.electionTimeoutMaxMs() - cfg.electionTimeoutMinMs();
        electionDeadlineMs = now + cfg.electionTimeoutMinMs() + (span > 0 ? random.nextLong(span + 1) : 0);
    }

    PeerReport report() {
        Lsn last = log.lastLsn();
        return new PeerReport(role, leader, log.lastEpoch(), last, log.durableLsn(), log.timestampAt(last),
                db.appliedLsn(), db.appliedMicros(), mayStandAutomatically(), db.healthy(), db.needsMigration());
    }

    void send(NodeId to, Message m) {
        out.add(new CoreEffect.Send(to, m));
    }

    void alert(Severity severity, String message) {
        out.add(new CoreEffect.Alert(severity, message));
    }

    private void persist() {
        out.add(new CoreEffect.PersistHardState(new HardState(epoch, votedFor)));
    }

    // ---------------------------------------------------------------- accessors for the package

    CoreConfig config() {
        return cfg;
    }

    LogView log() {
        return log;
    }

    PeerTable peers() {
        return peers;
    }

    Leadership leadership() {
        return leadership;
    }

    Epoch epoch() {
        return epoch;
    }

    Role role() {
        return role;
    }

    Optional<NodeId> leader() {
        return leader;
    }

    Lsn commitLsn() {
        return commit.lsn();
    }

    boolean forced() {
        return forced;
    }

    void clearForced() {
        forced = false;
    }

    Optional<NodeId> catchUpSource() {
        return catchUpSource;
    }

    long startedMs() {
        return startedMs;
    }

    DatabaseFacts database() {
        return db;
    }
}
