package com.wolfscale.config;

/**
 * What a read served by a follower's proxy is guaranteed to see.
 * NONE: whatever the follower has applied. SESSION: the session's own writes (read-your-writes).
 * GLOBAL: everything committed cluster-wide when the read starts.
 */
public enum CausalReads { NONE, SESSION, GLOBAL }
