package com.wolfscale.mysql.binlog;

/**
 * Binlog event type codes (byte 4 of the {@link EventHeader}): the MySQL-common ones and MariaDB's
 * (160 and up). MariaDB writes rows events v1 (23-25), never v2 (30-32), and its own GTID events (162)
 * instead of MySQL's (33).
 */
public final class EventType {

    public static final int UNKNOWN = 0;
    public static final int START_V3 = 1;
    public static final int QUERY = 2;
    public static final int STOP = 3;
    public static final int ROTATE = 4;
    public static final int INTVAR = 5;
    public static final int SLAVE = 7;
    public static final int APPEND_BLOCK = 9;
    public static final int DELETE_FILE = 11;
    public static final int RAND = 13;
    public static final int USER_VAR = 14;
    public static final int FORMAT_DESCRIPTION = 15;
    public static final int XID = 16;
    public static final int BEGIN_LOAD_QUERY = 17;
    public static final int EXECUTE_LOAD_QUERY = 18;
    public static final int TABLE_MAP = 19;
    public static final int PRE_GA_WRITE_ROWS = 20;
    public static final int PRE_GA_UPDATE_ROWS = 21;
    public static final int PRE_GA_DELETE_ROWS = 22;
    public static final int WRITE_ROWS_V1 = 23;
    public static final int UPDATE_ROWS_V1 = 24;
    public static final int DELETE_ROWS_V1 = 25;
    public static final int INCIDENT = 26;
    public static final int HEARTBEAT = 27;
    public static final int IGNORABLE = 28;
    public static final int ROWS_QUERY = 29;
    public static final int WRITE_ROWS_V2 = 30;
    public static final int UPDATE_ROWS_V2 = 31;
    public static final int DELETE_ROWS_V2 = 32;
    public static final int MYSQL_GTID = 33;
    public static final int MYSQL_ANONYMOUS_GTID = 34;
    public static final int MYSQL_PREVIOUS_GTIDS = 35;

    /** MariaDB: the SQL text of the statement that produced the following rows events. */
    public static final int ANNOTATE_ROWS = 160;
    /** MariaDB: the oldest binlog file still needed for crash recovery. */
    public static final int BINLOG_CHECKPOINT = 161;
    /** MariaDB: starts an event group (transaction or DDL) and names its GTID. */
    public static final int GTID = 162;
    /** MariaDB: the GTID state at the start of a binlog file. */
    public static final int GTID_LIST = 163;
    public static final int START_ENCRYPTION = 164;
    public static final int QUERY_COMPRESSED = 165;
    public static final int WRITE_ROWS_COMPRESSED_V1 = 166;
    public static final int UPDATE_ROWS_COMPRESSED_V1 = 167;
    public static final int DELETE_ROWS_COMPRESSED_V1 = 168;
    public static final int WRITE_ROWS_COMPRESSED = 169;
    public static final int UPDATE_ROWS_COMPRESSED = 170;
    public static final int DELETE_ROWS_COMPRESSED = 171;

    private EventType() {
    }

    /** True for every WRITE/UPDATE/DELETE rows event, compressed or not, of any version. */
    public static boolean isRows(int type) {
        return (type >= PRE_GA_WRITE_ROWS && type <= DELETE_ROWS_V1)
                || (type >= WRITE_ROWS_V2 && type <= DELETE_ROWS_V2)
                || (type >= WRITE_ROWS_COMPRESSED_V1 && type <= DELETE_ROWS_COMPRESSED);
    }

    public static boolean isCompressed(int type) {
        return type >= QUERY_COMPRESSED && type <= DELETE_ROWS_COMPRESSED;
    }

    public static String name(int type) {
        return switch (type) {
            case START_V3 -> "START_V3";
            case QUERY -> "QUERY";
            case STOP -> "STOP";
            case ROTATE -> "ROTATE";
            case INTVAR -> "INTVAR";
            case RAND -> "RAND";
            case USER_VAR -> "USER_VAR";
            case FORMAT_DESCRIPTION -> "FORMAT_DESCRIPTION";
            case XID -> "XID";
            case BEGIN_LOAD_QUERY -> "BEGIN_LOAD_QUERY";
            case EXECUTE_LOAD_QUERY -> "EXECUTE_LOAD_QUERY";
            case TABLE_MAP -> "TABLE_MAP";
            case WRITE_ROWS_V1 -> "WRITE_ROWS_V1";
            case UPDATE_ROWS_V1 -> "UPDATE_ROWS_V1";
            case DELETE_ROWS_V1 -> "DELETE_ROWS_V1";
            case INCIDENT -> "INCIDENT";
            case HEARTBEAT -> "HEARTBEAT";
            case WRITE_ROWS_V2 -> "WRITE_ROWS_V2";
            case UPDATE_ROWS_V2 -> "UPDATE_ROWS_V2";
            case DELETE_ROWS_V2 -> "DELETE_ROWS_V2";
            case ANNOTATE_ROWS -> "ANNOTATE_ROWS";
            case BINLOG_CHECKPOINT -> "BINLOG_CHECKPOINT";
            case GTID -> "GTID";
            case GTID_LIST -> "GTID_LIST";
            case START_ENCRYPTION -> "START_ENCRYPTION";
            case QUERY_COMPRESSED -> "QUERY_COMPRESSED";
            case WRITE_ROWS_COMPRESSED_V1 -> "WRITE_ROWS_COMPRESSED_V1";
            case UPDATE_ROWS_COMPRESSED_V1 -> "UPDATE_ROWS_COMPRESSED_V1";
            case DELETE_ROWS_COMPRESSED_V1 -> "DELETE_ROWS_COMPRESSED_V1";
            case WRITE_ROWS_COMPRESSED -> "WRITE_ROWS_COMPRESSED";
            case UPDATE_ROWS_COMPRESSED -> "UPDATE_ROWS_COMPRESSED";
            case DELETE_ROWS_COMPRESSED -> "DELETE_ROWS_COMPRESSED";
            default -> "EVENT_" + type;
        };
    }
}
