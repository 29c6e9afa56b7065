package com.wolfscale.demo;

import java.nio.file.Path;
import java.util.List;

/**
 * Renders one node's {@code wolfscale.toml} for a cluster on this machine (the demo, and the test harness):
 * all on loopback, naming every other node as a peer.
 */
public final class DemoConfig {

    private DemoConfig() {
    }

    /**
     * @param self      index of the node in {@code ports}
     * @param dataDir   the node's WAL and state
     * @param dbPort    its MariaDB's port (root without a password, as the sandbox sets it up)
     * @param serverId  the replica server id its capture registers with (unique in the cluster)
     */
    public static String render(int self, List<NodePorts> ports, Path dataDir, int dbPort, long serverId, String secret,
                         String apiToken) {
        StringBuilder peers = new StringBuilder();
        for (int j = 0; j < ports.size(); j++) {
            if (j != self) {
                peers.append(peers.isEmpty() ? "" : ", ").append('"').append(DemoNode.idOf(j)).append("@127.0.0.1:")
                        .append(ports.get(j).cluster()).append('"');
            }
        }
        NodePorts p = ports.get(self);
        return """
                # a node of a cluster on this machine (wolfscale demo, tests); rewritten on every run
                [node]
                id = "%s"
                bind_address = "127.0.0.1:%d"
                data_dir = "%s"

                [database]
                host = "127.0.0.1"
                port = %d
                user = "root"
                password = ""

                [wal]
                segment_size_mb = 8

                [cluster]
                peers = [%s]
                secret = "%s"

                [api]
                enabled = true
                bind_address = "127.0.0.1:%d"
                token = "%s"

                [proxy]
                enabled = true
                bind_address = "127.0.0.1:%d"

                [binlog]
                server_id = %d

                [logging]
                level = "info"
                """.formatted(DemoNode.idOf(self), p.cluster(), dataDir, dbPort, peers, secret, p.api(), apiToken,
                p.proxy(), serverId);
    }
}
