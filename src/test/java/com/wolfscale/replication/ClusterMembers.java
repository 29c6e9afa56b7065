package com.wolfscale.replication;

import com.wolfscale.common.NodeId;
import com.wolfscale.core.CoreConfig;
import com.wolfscale.transport.TransportOptions;
import com.wolfscale.wal.WalOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Builds in-process clusters of {@link ClusterMember}s on loopback for tests and benchmarks. */
public final class ClusterMembers {

    public static final byte[] SECRET = "test-cluster-secret-0123456789".getBytes(StandardCharsets.UTF_8);

    private ClusterMembers() {
    }

    public static List<InetSocketAddress> freeAddresses(int n) throws IOException {
        List<InetSocketAddress> out = new ArrayList<>();
        for (int port : com.wolfscale.sandbox.LoopbackPorts.next(n)) { // below the ephemeral range
            out.add(new InetSocketAddress("127.0.0.1", port));
        }
        return out;
    }

    public static MemberSettings settings(int index, List<InetSocketAddress> addresses, Path root, boolean fsync) {
        return settings(index, addresses, root, fsync, Duration.ofMillis(100));
    }

    /** Heartbeats every {@code heartbeat} (election timeouts scaled to 3x/4.5x of it), fetch polls of 60 s. */
    public static MemberSettings slowHeartbeats(int index, List<InetSocketAddress> addresses, Path root,
                                                Duration heartbeat) {
        MemberSettings s = settings(index, addresses, root, true, Duration.ofSeconds(60));
        CoreConfig c = s.core();
        long hb = heartbeat.toMillis();
        CoreConfig slow = new CoreConfig(c.self(), c.clusterSize(), c.mode(), hb, hb * 3, hb * 3, hb * 9 / 2,
                c.neverLeader(), c.disableAutoElection(), c.failback(), c.minQuorum(), c.minSyncReplicas(),
                c.maxDriftFraction());
        return new MemberSettings(slow, s.stateDir(), s.wal(), s.bind(), s.peers(), s.knownPeerIds(), s.clusterSecret(),
                s.transport(), s.maxFetchRecords(), s.maxFetchBytes(), s.pollTimeout(), s.advertised());
    }

    /** Default core timings; a follower's fetch is parked on its source for up to {@code pollTimeout}. */
    public static MemberSettings settings(int index, List<InetSocketAddress> addresses, Path root, boolean fsync,
                                          Duration pollTimeout) {
        int n = addresses.size();
        NodeId id = NodeId.of("node-" + (char) ('a' + index));
        List<InetSocketAddress> peers = new ArrayList<>(addresses);
        peers.remove(index);
        Path dir = root.resolve(id.value());
        WalOptions wal = WalOptions.defaults(dir.resolve("wal"));
        if (!fsync) {
            wal = wal.withFsync(false);
        }
        return new MemberSettings(CoreConfig.defaults(id, n), dir.resolve("state"), wal, addresses.get(index), peers,
                Set.of(), SECRET, TransportOptions.defaults(), 1000, 4 << 20, pollTimeout,
                java.util.Map.of("api", "127.0.0.1:" + (18080 + index)));
    }
}
