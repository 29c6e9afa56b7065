package com.wolfscale.apply;

import com.wolfscale.common.Epoch;
import com.wolfscale.common.Lsn;

/**
 * Where a node's database stands in the replicated log, as recorded inside that database.
 *
 * @param ddlPending LSN of a statement record that was started but not recorded as done (a crash between
 *                   a DDL's implicit commit and the position update), or {@link Lsn#ZERO}
 */
public record AppliedPosition(Epoch epoch, Lsn lsn, String gtid, Lsn ddlPending) {

    public static final AppliedPosition NONE = new AppliedPosition(Epoch.ZERO, Lsn.ZERO, "", Lsn.ZERO);
}
