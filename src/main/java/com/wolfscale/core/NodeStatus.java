package com.wolfscale.core;

/**
 * The original WolfScale's node statuses, here computed from real positions and heartbeats
 * (see {@link StatusRules} for the exact transitions).
 * <ul>
 * <li>JOINING: known (configured or connected) but no status report received yet.</li>
 * <li>SYNCING: reporting, and catching up: behind by more than the ACTIVE bounds but not stuck.</li>
 * <li>ACTIVE: reporting, and within {@link StatusRules#ACTIVE_MAX_LAG_RECORDS} records and
 *     {@link StatusRules#ACTIVE_MAX_LAG_MS} ms of the leader.</li>
 * <li>LAGGING: reporting late (heartbeats overdue) or far behind and not closing the gap.</li>
 * <li>DROPPED: nothing heard for the election timeout: considered failed, excluded from leadership.</li>
 * <li>OFFLINE: nothing heard for {@link StatusRules#OFFLINE_AFTER_MS} (or never since this node started).</li>
 * <li>NEEDS_MIGRATION: the node reported that it cannot catch up from the log and needs a snapshot.</li>
 * </ul>
 */
public enum NodeStatus { JOINING, SYNCING, ACTIVE, LAGGING, DROPPED, OFFLINE, NEEDS_MIGRATION }
