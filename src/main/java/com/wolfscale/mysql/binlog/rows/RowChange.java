package com.wolfscale.mysql.binlog.rows;

/**
 * One row of a rows event: the before image (DELETE, UPDATE) and the after image (WRITE, UPDATE).
 *
 * @param before the row before the change, or {@code null} for WRITE
 * @param after  the row after the change, or {@code null} for DELETE
 */
public record RowChange(RowImage before, RowImage after) {
}
