package com.wolfscale.apply;

import com.wolfscale.common.Lsn;
import java.time.Instant;

/**
 * Why the applier stopped: the SQL error, and the record (LSN, GTID) it could not apply. Shown in status
 * as {@code ERROR}; the applier resumes on an operator's retry or skip.
 */
public record ApplyError(Lsn lsn, String gtid, int sqlErrorCode, String sqlState, String message, Instant at) {

    public String describe() {
        return "apply stopped at LSN " + lsn + " (GTID " + gtid + "): MariaDB error " + sqlErrorCode + " (" + sqlState
                + "): " + message + " — fix the cause, then retry (POST /admin/apply/retry) or, if the transaction "
                + "must not be applied, skip it (POST /admin/apply/skip) or resync the node (wolfctl migrate)";
    }
}
