package com.wolfscale.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code [cluster]}: membership, election timing and safety mode. Timings are the operator's; the
 * defaults are chosen to fail over in about a second on a LAN.
 *
 * @param secret shared cluster secret for the peers' challenge-response authentication (never sent on
 *               the wire); may come from {@code WOLFSCALE_CLUSTER_SECRET}
 */
public record ClusterSection(boolean bootstrap, List<PeerAddress> peers, Optional<String> clusterName,
                             boolean autoDiscovery, Duration heartbeatInterval, Duration electionTimeout,
                             Duration electionTimeoutMin, Duration electionTimeoutMax, boolean neverLeader,
                             int minQuorum, int maxBatchEntries, boolean disableAutoElection, ClusterMode mode,
                             Optional<Secret> secret, boolean failback, int minSyncReplicas, boolean autoMigrate) {

    public static final String SECRET_ENV = "WOLFSCALE_CLUSTER_SECRET";
    public static final int MIN_SECRET_LENGTH = 16;

    /** Number of voting members as configured: this node plus its peers. */
    public int configuredSize() {
        return peers.size() + 1;
    }

    static ClusterSection read(SectionReader r) {
        boolean bootstrap = r.flag("bootstrap", false);
        List<PeerAddress> peers = readPeers(r);
        Optional<String> name = r.optionalText("cluster_name");
        boolean discovery = r.flag("auto_discovery", false);
        if (discovery) {
            r.warning("auto_discovery", "UDP auto-discovery is not available in this version and is not used; "
                    + "list the other nodes in peers");
        }
        Duration heartbeat = r.millis("heartbeat_interval_ms", 100, 10, 60_000);
        Duration election = r.millis("election_timeout_ms", 500, 50, 600_000);
        Duration min = r.has("election_timeout_min_ms")
                ? r.millis("election_timeout_min_ms", 0, 50, 600_000) : election;
        Duration max = r.has("election_timeout_max_ms")
                ? r.millis("election_timeout_max_ms", 0, 50, 600_000) : election.plus(election.dividedBy(2));
        if (min.compareTo(max) > 0) {
            r.error("election_timeout_min_ms", "must not exceed election_timeout_max_ms (" + max.toMillis() + ")");
        }
        if (heartbeat.multipliedBy(2).compareTo(election) > 0) {
            r.error("heartbeat_interval_ms", "must be at most half of election_timeout_ms (" + election.toMillis()
                    + "), or a healthy leader looks dead between two heartbeats");
        }
        boolean neverLeader = r.flag("never_leader", false);
        int minQuorum = r.intValue("min_quorum", 0, 0, 1000);
        int maxBatch = r.intValue("max_batch_entries", 1000, 1, 1_000_000);
        boolean noAuto = r.flag("disable_auto_election", false);
        ClusterMode mode = r.choice("mode", ClusterMode.QUORUM);
        Optional<Secret> secret = r.secret("secret", SECRET_ENV);
        secret.filter(s -> s.value().length() < MIN_SECRET_LENGTH).ifPresent(s -> r.error("secret",
                "must be at least " + MIN_SECRET_LENGTH + " characters; `wolfscale init` generates a strong one"));
        boolean failback = r.flag("failback", true);
        int minSync = r.intValue("min_sync_replicas", 1, 0, 1000);
        boolean autoMigrate = r.flag("auto_migrate", false);
        int size = peers.size() + 1;
        if (minQuorum > 0 && (minQuorum <= size / 2 || minQuorum > size)) {
            r.error("min_quorum", "with " + size + " voting nodes it must be 0 (majority) or between "
                    + (size / 2 + 1) + " and " + size + ", found " + minQuorum);
        }
        return new ClusterSection(bootstrap, peers, name, discovery, heartbeat, election, min, max, neverLeader,
                minQuorum, maxBatch, noAuto, mode, secret, failback, minSync, autoMigrate);
    }

    private static List<PeerAddress> readPeers(SectionReader r) {
        List<PeerAddress> peers = new ArrayList<>();
        for (String entry : r.textList("peers")) {
            Optional<PeerAddress> peer = PeerAddress.parse(entry);
            if (peer.isEmpty()) {
                r.error("peers", "\"" + entry + "\" is not host:port or id@host:port");
            } else if (peers.stream().anyMatch(p -> p.address().equals(peer.get().address()))) {
                r.error("peers", "\"" + entry + "\" is listed twice");
            } else {
                peers.add(peer.get());
            }
        }
        return List.copyOf(peers);
    }
}
