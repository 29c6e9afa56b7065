package com.wolfscale.core;

/** A node's part in the current epoch. CANDIDATE covers both the pre-vote and the vote round. */
public enum Role { LEADER, FOLLOWER, CANDIDATE }
