package com.wolfscale.node;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.wolfscale.changelog.TableChange;
import com.wolfscale.changelog.TransactionRecord;
import com.wolfscale.mysql.binlog.BinlogEvent;
import com.wolfscale.mysql.binlog.BinlogStatement;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The files the rejoin repair leaves under {@code <data_dir>/repair/}, so that nothing it rolls back
 * disappears silently:
 *
 * <pre>
 * &lt;gtid&gt;.sql   written (and synced) before the rollback: a comment header (GTID, source binlog position,
 *              tables and row counts, why) and the transaction's events as BINLOG statements, which
 *              re-apply it when fed to a scratch server ({@code mariadb < 0-1-51.sql})
 * audit.log    one JSON object per line, appended (and synced) after each rollback committed:
 *              {"time", "node", "gtid", "binlog_file", "binlog_end_position", "tables", "rows", "file"}
 * </pre>
 */
final class RepairAudit {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final String node;

    RepairAudit(Path dataDir, String node) {
        this.dir = dataDir.resolve("repair");
        this.node = node;
    }

    Path dir() {
        return dir;
    }

    /** Saves the transaction's events before it is rolled back; returns the file. */
    Path save(TransactionRecord tx) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(tx.gtid() + ".sql");
        StringBuilder b = new StringBuilder();
        b.append("-- WolfScale rejoin repair on node ").append(node).append(", ").append(Instant.now()).append('\n');
        b.append("-- Transaction ").append(tx.gtid()).append(" was committed in this node's MariaDB but never became\n");
        b.append("-- durable in the cluster, so it was rolled back from its row images (binary logging off).\n");
        b.append("-- Source binlog: ").append(tx.binlogFile()).append(", ending at ").append(tx.binlogEndPosition()).append('\n');
        b.append("-- Tables: ").append(describe(tx)).append('\n');
        b.append("-- To look at it again, apply it to a scratch server: mariadb < ").append(file.getFileName()).append('\n');
        List<BinlogEvent> events = new ArrayList<>();
        for (byte[] e : tx.events()) {
            events.add(BinlogEvent.of(e, tx.checksummed()));
        }
        b.append(BinlogStatement.of(List.of(BinlogEvent.of(tx.formatDescription(), tx.checksummed())))).append(";\n");
        b.append(BinlogStatement.of(events)).append(";\n");
        write(file, b.toString().getBytes(StandardCharsets.UTF_8), false);
        return file;
    }

    /** Appends the audit line once the rollback has committed. */
    void record(TransactionRecord tx, Path saved) throws IOException {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("time", Instant.now().toString());
        line.put("node", node);
        line.put("gtid", tx.gtid().toString());
        line.put("binlog_file", tx.binlogFile());
        line.put("binlog_end_position", tx.binlogEndPosition());
        line.put("tables", describe(tx));
        line.put("rows", tx.rowCount());
        line.put("file", saved.toString());
        Files.createDirectories(dir);
        write(dir.resolve("audit.log"), (JSON.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8), true);
    }

    static String describe(TransactionRecord tx) {
        return tx.tables().stream().map(RepairAudit::describe).collect(Collectors.joining("; "));
    }

    private static String describe(TableChange t) {
        return t.schema() + "." + t.table() + " (" + t.inserted() + " inserted, " + t.updated() + " updated, "
                + t.deleted() + " deleted)";
    }

    private static void write(Path file, byte[] content, boolean append) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(java.nio.ByteBuffer.wrap(content));
            ch.force(true);
        }
    }
}
