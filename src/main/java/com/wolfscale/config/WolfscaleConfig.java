package com.wolfscale.config;

/** The whole validated configuration of one node: one record per TOML section. */
public record WolfscaleConfig(NodeSection node, DatabaseSection database, WalSection wal, ClusterSection cluster,
                              ApiSection api, ProxySection proxy, ReplicationSection replication,
                              BinlogSection binlog, PerformanceSection performance, LoggingSection logging) {
}
