package com.wolfscale.config;

/**
 * Where the leader's writes come from. PROXY: the leader's own local MariaDB (what applications reach
 * through the proxy, the HTTP API or directly). BINLOG: an external MySQL/MariaDB/Galera/RDS primary.
 */
public enum ReplicationMode { PROXY, BINLOG }
