package com.wolfscale.config;

/**
 * When a client's COMMIT is acknowledged.
 * QUORUM: only after the transaction's WAL record is durable on the commit set (RPO 0 for acknowledged
 * writes). ASYNC: as soon as the leader's MariaDB commits; a leader crash can lose what followers had not
 * fetched yet (RPO = replication lag).
 */
public enum Durability { QUORUM, ASYNC }
