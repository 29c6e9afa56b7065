package com.wolfscale.mysql.wire;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The statements {@code BinlogReplayIT} runs on its source server: DDL and seed rows first (the state the
 * inverse replay must return to), then DML covering every column type MariaDB 10.11 logs, tables with and
 * without primary key, UPDATEs of many rows (one shifting the primary key), a multi-MiB BLOB, a
 * multi-statement transaction and compressed events.
 */
final class BinlogWorkload {

    /**
     * One source transaction (or standalone statement).
     *
     * @param statements the statements; a transaction is BEGIN ... COMMIT
     */
    record Step(List<String> statements) {
        static Step of(String... sql) {
            return new Step(List.of(sql));
        }

        static Step transaction(String... sql) {
            List<String> all = new ArrayList<>();
            all.add("BEGIN");
            all.addAll(List.of(sql));
            all.add("COMMIT");
            return new Step(all);
        }
    }

    static final List<String> TABLES = List.of("bl.types", "bl.nopk", "bl.wide", "bl.blobs");

    private BinlogWorkload() {
    }

    static List<Step> ddlAndSeed() {
        String bigEnum = IntStream.range(0, 300).mapToObj(i -> "'e" + i + "'").collect(Collectors.joining(","));
        String bigSet = IntStream.range(0, 20).mapToObj(i -> "'s" + i + "'").collect(Collectors.joining(","));
        return List.of(
                Step.of("CREATE DATABASE bl CHARACTER SET utf8mb4"),
                Step.of("CREATE TABLE bl.types (id INT PRIMARY KEY,"
                        + " t TINYINT, ut TINYINT UNSIGNED, sm SMALLINT, usm SMALLINT UNSIGNED, md MEDIUMINT,"
                        + " umd MEDIUMINT UNSIGNED, i INT, ui INT UNSIGNED, bi BIGINT, ubi BIGINT UNSIGNED,"
                        + " f FLOAT, d DOUBLE, dec65 DECIMAL(65,30), dec10 DECIMAL(10,2), dec5 DECIMAL(5,0),"
                        + " udec DECIMAL(20,10) UNSIGNED, bits BIT(13), bit1 BIT(1), bit64 BIT(64),"
                        + " yr YEAR, dt DATE, tm TIME, tm6 TIME(6), tm3 TIME(3), dtm DATETIME, dtm6 DATETIME(6),"
                        + " dtm2 DATETIME(2), ts6 TIMESTAMP(6) NULL DEFAULT NULL, ts TIMESTAMP NULL DEFAULT NULL,"
                        + " ch CHAR(10), chl CHAR(255), chb CHAR(100) CHARACTER SET latin1, bn BINARY(4),"
                        + " vc VARCHAR(300), vcs VARCHAR(20) CHARACTER SET latin1, vb VARBINARY(10),"
                        + " tt TINYTEXT, tx TEXT, mt MEDIUMTEXT, lt LONGTEXT, tb TINYBLOB, bb BLOB, mb MEDIUMBLOB,"
                        + " lb LONGBLOB, js JSON, en ENUM('a','b','c'), enl ENUM(" + bigEnum + "),"
                        + " st SET('x','y','z'), stl SET(" + bigSet + "), geo GEOMETRY, pt POINT, ls LINESTRING,"
                        + " uid UUID, ip INET6, gv INT AS (i * 2) VIRTUAL,"
                        + " gs VARCHAR(310) AS (UPPER(vc)) STORED) ENGINE=InnoDB"),
                Step.of("CREATE TABLE bl.nopk (a INT, b VARCHAR(10), c DATETIME(3), d DOUBLE) ENGINE=InnoDB"),
                Step.of("CREATE TABLE bl.wide (id INT AUTO_INCREMENT PRIMARY KEY, v INT NOT NULL, s VARCHAR(20),"
                        + " KEY (v)) ENGINE=InnoDB"),
                Step.of("CREATE TABLE bl.blobs (id INT PRIMARY KEY, data LONGBLOB, note TEXT) ENGINE=InnoDB"),
                Step.of("CREATE TABLE bl.scratch (x INT)"),
                Step.of("DROP TABLE bl.scratch"),
                Step.of("ALTER TABLE bl.wide ADD COLUMN extra VARCHAR(5) DEFAULT 'e'"),
                Step.of("CREATE INDEX ix_s ON bl.wide (s)"),
                Step.of("INSERT INTO bl.nopk VALUES (1, 'one', '2020-01-01 00:00:00.123', 1.5),"
                        + " (1, 'one', '2020-01-01 00:00:00.123', 1.5), (2, NULL, NULL, -0.0)"));
    }

    static List<Step> dml() {
        return List.of(
                Step.of("INSERT INTO bl.types (id, t, ut, sm, usm, md, umd, i, ui, bi, ubi, f, d, dec65, dec10, dec5,"
                        + " udec, bits, bit1, bit64, yr, dt, tm, tm6, tm3, dtm, dtm6, dtm2, ts6, ts, ch, chl, chb, bn,"
                        + " vc, vcs, vb, tt, tx, mt, lt, tb, bb, mb, lb, js, en, enl, st, stl, geo, pt, ls, uid, ip)"
                        + " VALUES (1, -5, 200, -300, 60000, -70000, 16000000, -100000, 4000000000, -5000000000,"
                        + " 9000000000000000000, 1.25, -2.5e300, 12345.678901234567890123456789012345,"
                        + " -12345678.90, 99999, 1234567890.0123456789, b'1010101010101', b'1',"
                        + " b'1111111111111111111111111111111111111111111111111111111111111111', 2024, '2024-02-29',"
                        + " '123:45:06', '-12:34:56.789012', '00:00:01.5', '2024-02-29 12:34:56',"
                        + " '2024-02-29 12:34:56.654321', '1999-12-31 23:59:59.99', '2024-02-29 12:34:56.000001',"
                        + " '2024-02-29 12:34:56', 'char', REPEAT('é', 255), 'latin', x'00FF00FF', 'varchar 🐺🚀',"
                        + " 'latin vc', x'DEADBEEF', 'tiny', 'text ✓', 'medium', 'long', x'01', x'0203', x'040506',"
                        + " x'0708090A', '{\"a\": [1, 2, {\"b\": null}], \"e\": \"😀\"}', 'b', 'e299', 'x,z',"
                        + " 's0,s9,s19', ST_GeomFromText('POLYGON((0 0,1 0,1 1,0 0))'), POINT(1.5, -2),"
                        + " ST_GeomFromText('LINESTRING(0 0,1 1,2 0)'), '123e4567-e89b-12d3-a456-426614174000',"
                        + " '2001:db8::1')"),
                Step.of("INSERT INTO bl.types (id) VALUES (2)"),
                Step.of("INSERT INTO bl.types (id, t, ut, bi, ubi, i, ui, dec65, tm, tm6, dtm6, ts6, f, d, yr, bit64)"
                        + " VALUES (3, -128, 255, -9223372036854775808, 18446744073709551615, -2147483648,"
                        + " 4294967295, -99999999999999999999999999999999999.999999999999999999999999999999,"
                        + " '-838:59:59', '-00:00:01.500000', '9999-12-31 23:59:59.999999',"
                        + " '2038-01-19 03:14:07.999999', -3.4e38, 1.7976931348623157e308, 1901, b'0')"),
                Step.of("INSERT INTO bl.types (id, dt, dtm, dtm6, ts, tm) VALUES (4, '0000-00-00',"
                        + " '0000-00-00 00:00:00', '2024-00-00 00:00:00', '0000-00-00 00:00:00', '00:00:00')"),
                Step.of("INSERT INTO bl.wide (v, s) SELECT seq, CONCAT('row-', seq) FROM bl.seq_1_to_300"),
                Step.of("UPDATE bl.wide SET v = v + 1000"),
                Step.of("UPDATE bl.wide SET id = id + 1 ORDER BY id DESC"),
                Step.of("DELETE FROM bl.wide WHERE v % 3 = 0"),
                Step.of("UPDATE bl.types SET vc = CONCAT(vc, '!'), tm6 = '-00:00:00.000001', js = JSON_ARRAY(1, 'x'),"
                        + " pt = POINT(0, 0), en = 'c', ubi = ubi - 1 WHERE id IN (1, 3)"),
                Step.of("INSERT INTO bl.blobs VALUES (1, REPEAT(x'00FF', 1572864), 'three MiB')"),
                Step.of("UPDATE bl.blobs SET data = CONCAT(data, 'x')"),
                Step.transaction("INSERT INTO bl.nopk VALUES (3, 'three', NOW(3), 3)",
                        "UPDATE bl.nopk SET b = 'uno' WHERE a = 1",
                        "DELETE FROM bl.nopk WHERE a = 2",
                        "INSERT INTO bl.types (id, vc) VALUES (5, 'in a transaction')"),
                Step.of("DELETE FROM bl.types WHERE id = 2"),
                Step.of("INSERT INTO bl.wide (v, s) SELECT seq, REPEAT('c', 20) FROM bl.seq_1_to_50"),
                Step.of("UPDATE bl.blobs SET note = REPEAT('n', 1000)"),
                Step.of("DELETE FROM bl.nopk"));
    }

    /** Indexes in {@link #dml()} executed with {@code log_bin_compress=ON}. */
    static boolean compressed(int dmlIndex) {
        return dmlIndex >= 13 && dmlIndex <= 14;
    }
}
