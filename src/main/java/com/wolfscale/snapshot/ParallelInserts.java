package com.wolfscale.snapshot;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a snapshot's row {@code INSERT}s on several connections at once, so that loading keeps the target
 * server's cores busy while the stream is read. Row statements of a snapshot are independent of each other
 * (fully qualified, checks off, no auto-increment surprises), so their order does not matter; everything
 * else (DDL, views, routines, accounts) is a barrier: the loader calls {@link #drain()} first and runs it
 * alone. At most one statement per connection is in flight, so memory stays at a few statements.
 */
public final class ParallelInserts implements AutoCloseable {

    /** Opens one more connection to the target. */
    @FunctionalInterface
    public interface ConnectionSource {
        Connection open() throws SQLException;
    }

    private final List<Connection> connections = new ArrayList<>();
    private final BlockingQueue<Connection> idle;
    private final ExecutorService workers;
    private final AtomicReference<SQLException> failure = new AtomicReference<>();

    ParallelInserts(ConnectionSource source, int count) throws SQLException {
        this.idle = new ArrayBlockingQueue<>(count);
        try {
            for (int i = 0; i < count; i++) {
                Connection c = source.open();
                connections.add(c);
                try (Statement s = c.createStatement()) {
                    s.execute("SET SESSION sql_log_bin = 0");
                    for (String setting : SnapshotFormat.SESSION_SETTINGS.split(";\n")) {
                        s.execute(setting.endsWith(";") ? setting.substring(0, setting.length() - 1) : setting);
                    }
                }
                idle.add(c);
            }
        } catch (SQLException e) {
            close();
            throw e;
        }
        this.workers = Executors.newFixedThreadPool(count, Thread.ofPlatform().name("snapshot-insert-", 0).factory());
    }

    /** Hands the statement to a free connection, waiting for one; throws a worker's earlier failure. */
    void submit(String sql, String table) throws SQLException, InterruptedException {
        rethrow();
        Connection c = idle.take();
        workers.execute(() -> {
            try (Statement s = c.createStatement()) {
                s.setEscapeProcessing(false); // see SnapshotLoader: SQL text, not JDBC escape syntax
                s.execute(sql);
            } catch (SQLException e) {
                failure.compareAndSet(null, new SQLException("loading the snapshot failed at " + table + ": "
                        + e.getMessage() + " (statement begins: " + sql.substring(0, Math.min(200, sql.length())) + ")",
                        e.getSQLState(), e.getErrorCode(), e));
            } finally {
                idle.add(c);
            }
        });
    }

    /** Waits until every submitted statement has run; throws the first failure. */
    void drain() throws SQLException, InterruptedException {
        List<Connection> all = new ArrayList<>();
        for (int i = 0; i < connections.size(); i++) {
            all.add(idle.take());
        }
        idle.addAll(all);
        rethrow();
    }

    private void rethrow() throws SQLException {
        SQLException e = failure.get();
        if (e != null) {
            throw e;
        }
    }

    @Override
    public void close() {
        if (workers != null) {
            workers.shutdownNow();
        }
        for (Connection c : connections) {
            try {
                c.close();
            } catch (SQLException e) {
                // closing after a failure: the first error is what the caller reports
            }
        }
    }
}
