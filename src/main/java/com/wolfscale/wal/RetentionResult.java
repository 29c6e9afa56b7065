package com.wolfscale.wal;

import com.wolfscale.common.Lsn;

/**
 * What one retention pass removed.
 *
 * @param segmentsRemoved whole closed segments deleted
 * @param bytesRemoved    bytes of segment files deleted
 * @param firstLsn        the first LSN still in the log afterwards
 * @param heldByFloor     true when the floor LSN (a peer still needs those records) kept a segment that
 *                        the age or size limit would otherwise have removed
 */
public record RetentionResult(int segmentsRemoved, long bytesRemoved, Lsn firstLsn, boolean heldByFloor) {
}
