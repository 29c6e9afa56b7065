package com.wolfscale.config;

/**
 * How much of the cluster a leader needs.
 * QUORUM: election and commit need a majority of voting nodes; no split brain.
 * AVAILABLE: a leader needs only the nodes it can reach (the original WolfScale behaviour); after a
 * partition heals, the losing side's uncommitted suffix is detected, truncated and reported.
 */
public enum ClusterMode { QUORUM, AVAILABLE }
