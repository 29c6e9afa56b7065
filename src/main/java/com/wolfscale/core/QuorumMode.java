package com.wolfscale.core;

/**
 * QUORUM: election and commit need a majority of the configured voting nodes (no split brain).
 * AVAILABLE: a leader needs only the nodes it can reach; after a partition heals the losing epoch's
 * suffix is truncated and reported.
 */
public enum QuorumMode { QUORUM, AVAILABLE }
