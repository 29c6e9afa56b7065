package com.wolfscale.node;

import com.wolfscale.common.NodeId;
import com.wolfscale.config.ClusterMode;
import com.wolfscale.config.ClusterSection;
import com.wolfscale.config.HostPort;
import com.wolfscale.config.PeerAddress;
import com.wolfscale.config.WolfscaleConfig;
import com.wolfscale.core.CoreConfig;
import com.wolfscale.core.QuorumMode;
import com.wolfscale.replication.MemberSettings;
import com.wolfscale.transport.TransportOptions;
import com.wolfscale.wal.WalOptions;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import com.wolfscale.core.Advertisement;
import java.util.Set;

/** Turns the configuration into the settings of a {@link com.wolfscale.replication.ClusterMember}. */
final class MemberSettingsFactory {

    private MemberSettingsFactory() {
    }

    static MemberSettings from(WolfscaleConfig c) {
        ClusterSection cl = c.cluster();
        NodeId self = NodeId.of(c.node().id());
        CoreConfig core = new CoreConfig(self, cl.configuredSize(),
                cl.mode() == ClusterMode.QUORUM ? QuorumMode.QUORUM : QuorumMode.AVAILABLE,
                cl.heartbeatInterval().toMillis(), cl.electionTimeout().toMillis(), cl.electionTimeoutMin().toMillis(),
                cl.electionTimeoutMax().toMillis(), cl.neverLeader(), cl.disableAutoElection(), cl.failback(),
                cl.minQuorum(), cl.minSyncReplicas(), 0.05, true); // the node drains its database before a handover
        Path data = c.node().dataDir();
        WalOptions wal = new WalOptions(data.resolve("wal"), (long) c.wal().segmentSizeMb() << 20, c.wal().compression(),
                c.wal().fsync(), c.wal().batchSize(), c.wal().flushInterval(), WalOptions.DEFAULT_MAX_RECORD_BYTES * 8,
                WalOptions.DEFAULT_TAIL_CACHE_BYTES);
        List<InetSocketAddress> peers = new ArrayList<>();
        Set<NodeId> ids = new HashSet<>();
        for (PeerAddress p : cl.peers()) {
            if (p.address().equals(c.node().advertiseAddress())) {
                continue;
            }
            peers.add(socket(p.address()));
            p.nodeId().map(NodeId::of).ifPresent(ids::add);
        }
        byte[] secret = cl.secret().map(s -> s.value().getBytes(StandardCharsets.UTF_8)).orElseGet(() -> {
            if (!peers.isEmpty()) {
                throw new IllegalArgumentException("[cluster] secret is required for a multi-node cluster "
                        + "(`wolfscale init` generates one; or set " + ClusterSection.SECRET_ENV + ")");
            }
            byte[] random = new byte[32]; // single node: nobody to talk to, any secret will do
            new SecureRandom().nextBytes(random);
            return random;
        });
        return new MemberSettings(core, data.resolve("state"), wal, socket(c.node().bindAddress()), peers, ids, secret,
                TransportOptions.defaults(), cl.maxBatchEntries(), 8L << 20, Duration.ofMillis(cl.heartbeatInterval().toMillis()),
                advertised(c));
    }

    /** Service endpoints at this node's advertised host (the API and proxy listen on every address by default). */
    static Map<String, String> advertised(WolfscaleConfig c) {
        String host = c.node().advertiseAddress().host();
        Map<String, String> out = new HashMap<>();
        if (c.api().enabled()) {
            out.put(Advertisement.API, host + ":" + c.api().bindAddress().port());
        }
        if (c.proxy().enabled()) {
            out.put(Advertisement.PROXY, host + ":" + c.proxy().bindAddress().port());
        }
        String dbHost = c.database().host();
        boolean local = dbHost.equals("localhost") || dbHost.startsWith("127.") || dbHost.equals("::1");
        out.put(Advertisement.DATABASE, (local ? host : dbHost) + ":" + c.database().port());
        return out;
    }

    static InetSocketAddress socket(HostPort hp) {
        return new InetSocketAddress(hp.host(), hp.port());
    }
}
