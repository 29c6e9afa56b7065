package com.wolfscale.testkit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One client inserting ids 1, 2, ... into {@code app.t} through a node's proxy, one autocommit statement at
 * a time, recording every acknowledged id and every failed attempt (a failed id is retried; a duplicate-key
 * answer means an earlier attempt was written after all, and that id is not counted as acknowledged). For
 * tests of leader changes: nothing acknowledged may go missing, and a planned change should fail nothing.
 */
public final class AckedWriter implements AutoCloseable {

    /** One acknowledged insert: its id and when the acknowledgement came. */
    public record Ack(int id, long atNanos) { }

    private final String name;
    private final List<Ack> acks = new CopyOnWriteArrayList<>();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final AtomicBoolean writing = new AtomicBoolean(true);
    private final Thread thread;

    private AckedWriter(String name, NodeProcess via) {
        this.name = name;
        this.thread = Thread.ofPlatform().name("writer").start(() -> write(via));
    }

    /** Starts writing through {@code via}'s proxy; {@code name} prefixes what it prints. */
    public static AckedWriter start(String name, NodeProcess via) {
        return new AckedWriter(name, via);
    }

    public List<Ack> acks() {
        return acks;
    }

    /** Failed attempts as "id: error message", in order. */
    public List<String> failures() {
        return failures;
    }

    /** Waits until {@code count} writes in all are acknowledged (at most 60 s). */
    public void awaitAcks(int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (acks.size() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + acks.size() + " of " + count + " writes acknowledged within 60 s; "
                        + "failures: " + failures);
            }
            Thread.sleep(20);
        }
    }

    /** Acknowledged ids that {@code node}'s database does not hold. */
    public List<Integer> missingOn(NodeProcess node) throws SQLException {
        Set<Integer> present = new HashSet<>();
        try (Connection c = node.db().connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id FROM app.t")) {
            while (rs.next()) {
                present.add(rs.getInt(1));
            }
        }
        return acks.stream().map(Ack::id).filter(id -> !present.contains(id)).toList();
    }

    /** The longest gap between two acknowledgements after {@code around} (System.nanoTime), in ms. */
    public long longestGapMs(long around) {
        long longest = 0;
        for (int i = 1; i < acks.size(); i++) {
            if (acks.get(i).atNanos() > around) {
                longest = Math.max(longest, acks.get(i).atNanos() - acks.get(i - 1).atNanos());
            }
        }
        return longest / 1_000_000;
    }

    /** Stops after the statement in progress. */
    @Override
    public void close() throws InterruptedException {
        writing.set(false);
        thread.join(30_000);
    }

    private void write(NodeProcess via) {
        int next = 1;
        Connection conn = null;
        while (writing.get()) {
            try {
                if (conn == null) {
                    conn = DriverManager.getConnection(via.proxyJdbcUrl() + "?connectTimeout=5000&socketTimeout=30000",
                            "app", "app");
                }
                try (PreparedStatement ps = conn.prepareStatement("INSERT INTO app.t (id) VALUES (?)")) {
                    ps.setInt(1, next);
                    ps.executeUpdate();
                }
                acks.add(new Ack(next++, System.nanoTime()));
            } catch (SQLException e) {
                if (e.getErrorCode() == 1062) { // an earlier attempt was written after all: it is not acknowledged
                    next++;
                    continue;
                }
                failures.add(next + ": " + e.getErrorCode() + " " + e.getMessage());
                System.out.printf("%s: write %d failed at %d ms: %s%n", name, next,
                        System.nanoTime() / 1_000_000 % 1_000_000, e.getMessage());
                close(conn);
                conn = null;
                sleep(50);
            }
        }
        close(conn);
    }

    private static void close(Connection c) {
        try {
            if (c != null) {
                c.close();
            }
        } catch (SQLException ignored) {
            // broken anyway
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
