package com.wolfscale.capture;

import com.wolfscale.changelog.TransactionRecord;
import com.wolfscale.mysql.binlog.Gtid;
import com.wolfscale.mysql.replication.BinlogStreamException;
import com.wolfscale.mysql.replication.ComBinlogDump;
import com.wolfscale.mysql.replication.DumpRequest;
import com.wolfscale.mysql.replication.EventPacket;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads a MariaDB's binlog from a GTID position to its current end (a non-blocking dump) and returns the
 * committed transactions found there, grouped exactly as capture groups them. The rejoin repair uses it
 * to find what a node's own database committed that the cluster may not have.
 */
public final class BinlogScanner {

    /** Raised when the transactions after the start position no longer fit the given budget. */
    public static final class TooLargeException extends IOException {
        TooLargeException(String message) {
            super(message);
        }
    }

    /** The binlog no longer holds the start position (purged): nothing after it can be listed. */
    public static final class PurgedException extends IOException {
        PurgedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private BinlogScanner() {
    }

    /**
     * @param replicaServerId a server id no other replica of this server uses while the scan runs
     * @param after           the GTID position to start after (empty: from the oldest binlog)
     * @param maxBytes        fail with {@link TooLargeException} once the transactions' events exceed this
     * @return the transactions in binlog order (changes to the {@code wolfscale} schema left out)
     */
    public static List<TransactionRecord> scan(DatabaseAddress db, long replicaServerId, List<Gtid> after,
                                               long maxBytes) throws IOException {
        DumpRequest request = new DumpRequest(replicaServerId, after, BinlogConnection.defaultHeartbeat(), false,
                ComBinlogDump.BINLOG_DUMP_NON_BLOCK);
        List<TransactionRecord> out = new ArrayList<>();
        long bytes = 0;
        try (BinlogConnection c = BinlogConnection.open(db, request, 1 << 30)) {
            TransactionAssembler assembler = new TransactionAssembler(() -> System.currentTimeMillis() * 1000);
            while (true) {
                Optional<EventPacket> packet = c.stream().next();
                if (packet.isEmpty()) {
                    return out;
                }
                Optional<CapturedTransaction> tx = assembler.accept(packet.get(), c.stream().currentFile());
                if (tx.isPresent()) {
                    TransactionRecord r = tx.get().record();
                    bytes += r.events().stream().mapToLong(e -> e.length).sum();
                    if (bytes > maxBytes) {
                        throw new TooLargeException("the binlog of " + db + " holds more than " + (maxBytes >> 20)
                                + " MiB of transactions after " + after + " (stopped at " + r.gtid() + ")");
                    }
                    out.add(r);
                }
            }
        } catch (BinlogStreamException e) {
            if (e.error() != null && e.error().errorCode() == 1236) {
                throw new PurgedException("the binlog of " + db + " no longer holds the transactions after " + after
                        + " (" + e.getMessage() + ")", e);
            }
            throw e;
        }
    }
}
