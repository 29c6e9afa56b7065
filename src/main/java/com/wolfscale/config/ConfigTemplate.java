package com.wolfscale.config;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * The commented configuration {@code wolfscale init} writes: every section, the keys an operator usually
 * changes, and freshly generated secrets. It must always pass validation (a test checks it).
 */
public final class ConfigTemplate {

    private ConfigTemplate() {
    }

    /** 32 random bytes, URL-safe base64: a cluster secret or API token. */
    public static String generateSecret(SecureRandom random) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static String render(String nodeId, String clusterSecret, String apiToken) {
        if (!NodeIds.isValid(nodeId)) {
            throw new IllegalArgumentException("invalid node id \"" + nodeId + "\": " + NodeIds.rule());
        }
        return """
                # WolfScale configuration (written by `wolfscale init`).
                # Check it with `wolfscale validate -c FILE`; see docs/configuration.md for every key.
                # This file holds secrets: keep it readable by the wolfscale user only (chmod 600).

                [node]
                # Unique id. The lowest id (plain string order) among eligible nodes becomes leader.
                id = "%1$s"
                # Cluster (node-to-node) listen address.
                bind_address = "0.0.0.0:7654"
                # Address the other nodes use to reach this one (required when bind_address is 0.0.0.0).
                # advertise_address = "10.0.0.1:7654"
                data_dir = "/var/lib/wolfscale/%1$s"

                [database]
                # This node's own local MariaDB.
                host = "127.0.0.1"
                port = 3306
                user = "wolfscale"
                # Or leave this out and set WOLFSCALE_DATABASE_PASSWORD.
                password = "changeme"
                connect_timeout_secs = 30

                [wal]
                batch_size = 1000
                flush_interval_ms = 2
                compression = true
                segment_size_mb = 64
                # Closed segments are kept this long (0 = no limit), never while a peer still needs them.
                retention_hours = 168
                max_size_mb = 0
                fsync = true

                [cluster]
                # The other nodes, as "host:port" or "id@host:port".
                peers = []
                # quorum: no split brain, a majority must be up.  available: any surviving node may lead.
                mode = "quorum"
                # Shared by every node of the cluster; authenticates node-to-node traffic.
                # Copy the same value to every node (or set WOLFSCALE_CLUSTER_SECRET).
                secret = "%2$s"
                heartbeat_interval_ms = 100
                election_timeout_ms = 500
                # A returning lower-id node takes leadership back once it has caught up.
                failback = true
                never_leader = false
                disable_auto_election = false
                max_batch_entries = 1000

                [api]
                enabled = true
                bind_address = "0.0.0.0:8080"
                # Required by every mutating endpoint (Authorization: Bearer <token>), or WOLFSCALE_API_TOKEN.
                token = "%3$s"

                [proxy]
                enabled = true
                bind_address = "0.0.0.0:8007"
                # none | session (read your own writes) | global
                causal_reads = "session"
                failover_wait_ms = 10000

                [replication]
                # proxy: capture the local MariaDB's writes.  binlog: an external primary.
                mode = "proxy"
                # quorum: COMMIT returns once the cluster holds the transaction.  async: faster, may lose it.
                durability = "quorum"

                [logging]
                level = "info"
                # pretty | json
                format = "pretty"
                # file = "/var/log/wolfscale/wolfscale.log"
                """.formatted(nodeId, clusterSecret, apiToken);
    }
}
