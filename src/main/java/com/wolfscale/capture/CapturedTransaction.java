package com.wolfscale.capture;

import com.wolfscale.changelog.TransactionRecord;
import java.util.Optional;

/**
 * A transaction complete in the binlog stream, ready for the WAL.
 *
 * @param ack the semi-sync acknowledgement to send once the record is committed, when the server asked for one
 */
record CapturedTransaction(TransactionRecord record, Optional<com.wolfscale.mysql.replication.SemiSyncAck> ack) {
}
