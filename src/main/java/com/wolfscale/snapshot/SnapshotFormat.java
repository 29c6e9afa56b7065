package com.wolfscale.snapshot;

import com.wolfscale.apply.AppliedPosition;
import com.wolfscale.common.Epoch;
import com.wolfscale.common.Lsn;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The snapshot text format: SQL that the {@code mariadb} client can load too, framed by two machine-read
 * comment lines. One statement per line (values never hold a raw newline: strings are escaped, bytes are
 * hexadecimal), except routine, trigger and event bodies, which sit between {@code DELIMITER ;;} lines.
 *
 * <pre>
 * line                                                        | meaning
 * ------------------------------------------------------------+-----------------------------------------
 * -- wolfscale-snapshot v1 node=N epoch=E lsn=L gtid=G ddl_pending=D taken=T
 *                                                             | first line: the log position it holds
 * SET NAMES utf8mb4; / SET SESSION ...;                       | how the rest must be read
 * -- database `d` / CREATE DATABASE IF NOT EXISTS ...; USE `d`;
 * -- table `d`.`t` / CREATE TABLE ...; INSERT INTO ... VALUES (...),(...);
 * CREATE OR REPLACE VIEW ...; DELIMITER ;; ... ;; DELIMITER ;  | views, routines, triggers, events
 * -- accounts / CREATE OR REPLACE USER ...; GRANT ...;        | accounts and grants
 * -- wolfscale-snapshot-end lsn=L tables=T rows=R complete    | last line: the snapshot is complete
 * </pre>
 */
public final class SnapshotFormat {

    static final String MAGIC = "-- wolfscale-snapshot v1";
    static final String END = "-- wolfscale-snapshot-end";
    static final String BLOCK_DELIMITER = ";;";
    /** The end line's last word: a line cut short by a broken stream never has it. */
    static final String COMPLETE = "complete";
    /** Backslash escapes on, no zero-date or auto-increment surprises, checks off while loading. */
    static final String SESSION_SETTINGS = "SET NAMES utf8mb4;\nSET SESSION sql_mode = 'NO_AUTO_VALUE_ON_ZERO', "
            + "time_zone = '+00:00', foreign_key_checks = 0, unique_checks = 0;";

    /** The position line, parsed. */
    public record Header(String node, AppliedPosition position, String taken) { }

    private SnapshotFormat() {
    }

    static String header(String node, AppliedPosition p) {
        return MAGIC + " node=" + node + " epoch=" + p.epoch().value() + " lsn=" + p.lsn().value() + " gtid="
                + (p.gtid().isEmpty() ? "-" : p.gtid()) + " ddl_pending=" + p.ddlPending().value() + " taken="
                + Instant.now();
    }

    static String trailer(AppliedPosition p, int tables, long rows) {
        return END + " lsn=" + p.lsn().value() + " tables=" + tables + " rows=" + rows + " " + COMPLETE;
    }

    /** The header of a snapshot's first line, or empty when the line is not one. */
    public static Optional<Header> parseHeader(String line) {
        if (!line.startsWith(MAGIC + " ")) {
            return Optional.empty();
        }
        Map<String, String> f = fields(line.substring(MAGIC.length()));
        try {
            String gtid = f.getOrDefault("gtid", "-");
            return Optional.of(new Header(f.get("node"), new AppliedPosition(Epoch.of(Long.parseLong(f.get("epoch"))),
                    Lsn.of(Long.parseLong(f.get("lsn"))), gtid.equals("-") ? "" : gtid,
                    Lsn.of(Long.parseLong(f.getOrDefault("ddl_pending", "0")))), f.get("taken")));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    static Map<String, String> fields(String text) {
        Map<String, String> out = new HashMap<>();
        for (String part : text.trim().split(" ")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                out.put(part.substring(0, eq), part.substring(eq + 1));
            }
        }
        return out;
    }
}
