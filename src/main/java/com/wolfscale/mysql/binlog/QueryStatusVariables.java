package com.wolfscale.mysql.binlog;

import com.wolfscale.mysql.PayloadReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The status-variable block of a QUERY event: the session context a statement ran in (sql_mode, charsets,
 * time zone, auto-increment settings, ...), which a faithful replay must restore. Each variable is a 1-byte
 * code and a value whose size depends on the code:
 *
 * <pre>
 * code | name                              | value
 * -----+-----------------------------------+---------------------------------------------------------
 * 0    | Q_FLAGS2_CODE                     | 4: autocommit, foreign_key_checks, unique_checks, ...
 * 1    | Q_SQL_MODE_CODE                   | 8: sql_mode bits
 * 2    | Q_CATALOG_CODE                    | 1 length + name + NUL (5.0.0-5.0.3 only)
 * 3    | Q_AUTO_INCREMENT                  | 2 increment + 2 offset
 * 4    | Q_CHARSET_CODE                    | 2 client charset + 2 collation_connection + 2 collation_server
 * 5    | Q_TIME_ZONE_CODE                  | 1 length + name
 * 6    | Q_CATALOG_NZ_CODE                 | 1 length + name
 * 7    | Q_LC_TIME_NAMES_CODE              | 2: locale number
 * 8    | Q_CHARSET_DATABASE_CODE           | 2: collation_database
 * 9    | Q_TABLE_MAP_FOR_UPDATE_CODE       | 8: bitmap of updated tables
 * 10   | Q_MASTER_DATA_WRITTEN_CODE        | 4: original event length (relay logs of old masters)
 * 11   | Q_INVOKER                         | 1 length + user + 1 length + host (CURRENT_USER() of SPs)
 * 12   | Q_UPDATED_DB_NAMES                | 1 count (254 = too many, no names) + count NUL-strings
 * 13   | Q_MICROSECONDS                    | 3: microseconds of the start time (MySQL)
 * 14   | Q_COMMIT_TS                       | never written by any server; length undefined
 * 15   | Q_COMMIT_TS2                      | never written by any server; length undefined
 * 16   | Q_EXPLICIT_DEFAULTS_FOR_TIMESTAMP | 1
 * 17   | Q_DDL_LOGGED_WITH_XID             | 8: xid of an atomic DDL (MySQL 8)
 * 18   | Q_DEFAULT_COLLATION_FOR_UTF8MB4   | 2
 * 19   | Q_SQL_REQUIRE_PRIMARY_KEY         | 1
 * 20   | Q_DEFAULT_TABLE_ENCRYPTION        | 1
 * 128  | Q_HRNOW                           | 3: microseconds of the start time (MariaDB)
 * 129  | Q_XID                             | 8: xid of a DDL logged with its own xid (MariaDB)
 * 130  | Q_GTID_FLAGS3                     | 1 flags + 8 start-alter sequence when the flags say so
 * </pre>
 *
 * As in the server ({@code Query_log_event} constructor), an unknown code — including 14 and 15 whose
 * length no source defines — ends parsing; its bytes and everything after it are kept in
 * {@link #unparsed()}. The block's total length is known from the post-header, so the statement itself is
 * never misplaced.
 *
 * <p>Immutable.
 */
public final class QueryStatusVariables {

    public static final int Q_FLAGS2 = 0;
    public static final int Q_SQL_MODE = 1;
    public static final int Q_CATALOG = 2;
    public static final int Q_AUTO_INCREMENT = 3;
    public static final int Q_CHARSET = 4;
    public static final int Q_TIME_ZONE = 5;
    public static final int Q_CATALOG_NZ = 6;
    public static final int Q_LC_TIME_NAMES = 7;
    public static final int Q_CHARSET_DATABASE = 8;
    public static final int Q_TABLE_MAP_FOR_UPDATE = 9;
    public static final int Q_MASTER_DATA_WRITTEN = 10;
    public static final int Q_INVOKER = 11;
    public static final int Q_UPDATED_DB_NAMES = 12;
    public static final int Q_MICROSECONDS = 13;
    public static final int Q_COMMIT_TS = 14;
    public static final int Q_COMMIT_TS2 = 15;
    public static final int Q_EXPLICIT_DEFAULTS_FOR_TIMESTAMP = 16;
    public static final int Q_DDL_LOGGED_WITH_XID = 17;
    public static final int Q_DEFAULT_COLLATION_FOR_UTF8MB4 = 18;
    public static final int Q_SQL_REQUIRE_PRIMARY_KEY = 19;
    public static final int Q_DEFAULT_TABLE_ENCRYPTION = 20;
    public static final int Q_HRNOW = 128;
    public static final int Q_XID = 129;
    public static final int Q_GTID_FLAGS3 = 130;
    /** Q_UPDATED_DB_NAMES count meaning "more databases than fit; none listed". */
    public static final int OVER_MAX_DBS_IN_EVENT = 254;

    /**
     * The three charset ids of Q_CHARSET_CODE.
     *
     * @param client              character_set_client
     * @param collationConnection collation_connection
     * @param collationServer     collation_server
     */
    public record Charsets(int client, int collationConnection, int collationServer) {
    }

    /**
     * CURRENT_USER() of a stored program's definer (Q_INVOKER).
     *
     * @param user account user
     * @param host account host
     */
    public record Invoker(String user, String host) {
    }

    private final List<Integer> codes = new ArrayList<>();
    private Long flags2;
    private Long sqlMode;
    private String catalog;
    private int[] autoIncrement;
    private Charsets charsets;
    private String timeZone;
    private Integer lcTimeNames;
    private Integer charsetDatabase;
    private Long tableMapForUpdate;
    private Long masterDataWritten;
    private Invoker invoker;
    private List<String> updatedDbNames;
    private Integer microseconds;
    private Integer explicitDefaultsForTimestamp;
    private Long ddlLoggedWithXid;
    private Integer defaultCollationForUtf8mb4;
    private Integer sqlRequirePrimaryKey;
    private Integer defaultTableEncryption;
    private Integer hrnow;
    private Long xid;
    private Integer gtidFlags3;
    private Long startAlterSequence;
    private byte[] unparsed = new byte[0];

    private QueryStatusVariables() {
    }

    /** Parses a status-variable block (the bytes between the post-header and the schema name). */
    public static QueryStatusVariables decode(PayloadReader r) {
        QueryStatusVariables v = new QueryStatusVariables();
        while (r.hasRemaining()) {
            int mark = r.position();
            int code = r.u8();
            if (!v.read(code, r)) {
                r.position(mark);
                v.unparsed = r.rest();
                break;
            }
            v.codes.add(code);
        }
        return v;
    }

    private boolean read(int code, PayloadReader r) {
        switch (code) {
            case Q_FLAGS2 -> flags2 = r.u32();
            case Q_SQL_MODE -> sqlMode = r.u64();
            case Q_CATALOG -> {
                catalog = r.fixedString(r.u8());
                r.skip(1);
            }
            case Q_AUTO_INCREMENT -> autoIncrement = new int[] {r.u16(), r.u16()};
            case Q_CHARSET -> charsets = new Charsets(r.u16(), r.u16(), r.u16());
            case Q_TIME_ZONE -> timeZone = r.fixedString(r.u8());
            case Q_CATALOG_NZ -> catalog = r.fixedString(r.u8());
            case Q_LC_TIME_NAMES -> lcTimeNames = r.u16();
            case Q_CHARSET_DATABASE -> charsetDatabase = r.u16();
            case Q_TABLE_MAP_FOR_UPDATE -> tableMapForUpdate = r.u64();
            case Q_MASTER_DATA_WRITTEN -> masterDataWritten = r.u32();
            case Q_INVOKER -> invoker = new Invoker(r.fixedString(r.u8()), r.fixedString(r.u8()));
            case Q_UPDATED_DB_NAMES -> updatedDbNames = readDbNames(r);
            case Q_MICROSECONDS -> microseconds = r.u24();
            case Q_EXPLICIT_DEFAULTS_FOR_TIMESTAMP -> explicitDefaultsForTimestamp = r.u8();
            case Q_DDL_LOGGED_WITH_XID -> ddlLoggedWithXid = r.u64();
            case Q_DEFAULT_COLLATION_FOR_UTF8MB4 -> defaultCollationForUtf8mb4 = r.u16();
            case Q_SQL_REQUIRE_PRIMARY_KEY -> sqlRequirePrimaryKey = r.u8();
            case Q_DEFAULT_TABLE_ENCRYPTION -> defaultTableEncryption = r.u8();
            case Q_HRNOW -> hrnow = r.u24();
            case Q_XID -> xid = r.u64();
            case Q_GTID_FLAGS3 -> {
                gtidFlags3 = r.u8();
                if ((gtidFlags3 & (GtidEvent.FL_COMMIT_ALTER | GtidEvent.FL_ROLLBACK_ALTER)) != 0) {
                    startAlterSequence = r.u64();
                }
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    private static List<String> readDbNames(PayloadReader r) {
        int count = r.u8();
        if (count == OVER_MAX_DBS_IN_EVENT) {
            return List.of();
        }
        List<String> names = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            names.add(r.nulString());
        }
        return List.copyOf(names);
    }

    /** The codes parsed, in the order they appeared. */
    public List<Integer> codes() {
        return List.copyOf(codes);
    }

    /** Bytes from the first code this parser does not know to the end of the block. */
    public byte[] unparsed() {
        return Arrays.copyOf(unparsed, unparsed.length);
    }

    public OptionalLong flags2() {
        return flags2 == null ? OptionalLong.empty() : OptionalLong.of(flags2);
    }

    public OptionalLong sqlMode() {
        return sqlMode == null ? OptionalLong.empty() : OptionalLong.of(sqlMode);
    }

    public Optional<String> catalog() {
        return Optional.ofNullable(catalog);
    }

    public OptionalInt autoIncrementIncrement() {
        return autoIncrement == null ? OptionalInt.empty() : OptionalInt.of(autoIncrement[0]);
    }

    public OptionalInt autoIncrementOffset() {
        return autoIncrement == null ? OptionalInt.empty() : OptionalInt.of(autoIncrement[1]);
    }

    public Optional<Charsets> charsets() {
        return Optional.ofNullable(charsets);
    }

    public Optional<String> timeZone() {
        return Optional.ofNullable(timeZone);
    }

    public OptionalInt lcTimeNames() {
        return optional(lcTimeNames);
    }

    public OptionalInt charsetDatabase() {
        return optional(charsetDatabase);
    }

    public OptionalLong tableMapForUpdate() {
        return tableMapForUpdate == null ? OptionalLong.empty() : OptionalLong.of(tableMapForUpdate);
    }

    public OptionalLong masterDataWritten() {
        return masterDataWritten == null ? OptionalLong.empty() : OptionalLong.of(masterDataWritten);
    }

    public Optional<Invoker> invoker() {
        return Optional.ofNullable(invoker);
    }

    public Optional<List<String>> updatedDbNames() {
        return Optional.ofNullable(updatedDbNames);
    }

    public OptionalInt microseconds() {
        return optional(microseconds);
    }

    public OptionalInt explicitDefaultsForTimestamp() {
        return optional(explicitDefaultsForTimestamp);
    }

    public OptionalLong ddlLoggedWithXid() {
        return ddlLoggedWithXid == null ? OptionalLong.empty() : OptionalLong.of(ddlLoggedWithXid);
    }

    public OptionalInt defaultCollationForUtf8mb4() {
        return optional(defaultCollationForUtf8mb4);
    }

    public OptionalInt sqlRequirePrimaryKey() {
        return optional(sqlRequirePrimaryKey);
    }

    public OptionalInt defaultTableEncryption() {
        return optional(defaultTableEncryption);
    }

    /** MariaDB's microseconds of the statement start (Q_HRNOW). */
    public OptionalInt hrnow() {
        return optional(hrnow);
    }

    public OptionalLong xid() {
        return xid == null ? OptionalLong.empty() : OptionalLong.of(xid);
    }

    public OptionalInt gtidFlags3() {
        return optional(gtidFlags3);
    }

    public OptionalLong startAlterSequence() {
        return startAlterSequence == null ? OptionalLong.empty() : OptionalLong.of(startAlterSequence);
    }

    private static OptionalInt optional(Integer v) {
        return v == null ? OptionalInt.empty() : OptionalInt.of(v);
    }
}
