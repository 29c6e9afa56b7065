package com.wolfscale.replication;

import com.wolfscale.common.NodeId;
import com.wolfscale.core.CoreConfig;
import com.wolfscale.transport.TransportOptions;
import com.wolfscale.wal.WalOptions;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything a {@link ClusterMember} needs, already resolved from the configuration.
 *
 * @param stateDir       where the hard state (epoch, vote) lives
 * @param knownPeerIds   ids given in the configuration ({@code id@host:port}); others are learnt on connect
 * @param maxFetchRecords {@code cluster.max_batch_entries}
 * @param advertised     this node's service endpoints, sent to every peer (see {@link com.wolfscale.core.Advertisement})
 */
public record MemberSettings(CoreConfig core, Path stateDir, WalOptions wal, InetSocketAddress bind,
                             List<InetSocketAddress> peers, Set<NodeId> knownPeerIds, byte[] clusterSecret,
                             TransportOptions transport, int maxFetchRecords, long maxFetchBytes,
                             Duration pollTimeout, Map<String, String> advertised) {

    public MemberSettings {
        advertised = Map.copyOf(advertised);
    }
}
