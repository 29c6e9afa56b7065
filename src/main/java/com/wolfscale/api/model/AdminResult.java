package com.wolfscale.api.model;

/**
 * The original's admin answer shape: {@code success}, {@code lsn} (the commit index when the action
 * finished), {@code message}; {@code leader_id} (new) is the leader once the action is done.
 */
public record AdminResult(boolean success, Long lsn, String message, String leaderId) {
}
