package com.wolfscale.mysql.binlog;

import com.wolfscale.mysql.PayloadReader;
import com.wolfscale.mysql.ProtocolException;
import java.util.Arrays;

/**
 * FORMAT_DESCRIPTION (type 15): the first event of every binlog file (and of every dump), describing how the
 * following events are laid out. The applier must replay it once per connection before any other
 * {@code BINLOG} statement.
 *
 * <pre>
 * size | field                 | why
 * -----+-----------------------+--------------------------------------------------------------------
 * 2    | binlog version        | 4
 * 50   | server version        | NUL-padded, e.g. "10.11.19-MariaDB-log"
 * 4    | create timestamp      |
 * 1    | common header length  | 19
 * n    | post-header lengths   | one byte per event type 1..n: how long each type's fixed part is
 * 1    | checksum algorithm    | {@link ChecksumAlgorithm}; present since MariaDB 5.3 / MySQL 5.6.1
 * 4    | checksum trailer      | always present on a checksum-aware server: the CRC-32 when the
 *      |                       | algorithm is CRC32, unused bytes when it is OFF
 * </pre>
 *
 * @param binlogVersion      4
 * @param serverVersion      version of the server that wrote the file
 * @param createTimestamp    when the file was created (0 after the first FDE of a file)
 * @param headerLength       common header length, 19
 * @param postHeaderLengths  index {@code type - 1} holds the post-header length of {@code type}
 * @param checksumAlgorithm  how the events of this file are checksummed
 * @see <a href="https://mariadb.com/docs/server/reference/clientserver-protocol/replication-protocol/format_description_event">format_description_event.md</a>
 */
public record FormatDescriptionEvent(int binlogVersion, String serverVersion, long createTimestamp, int headerLength,
        byte[] postHeaderLengths, ChecksumAlgorithm checksumAlgorithm) {

    private static final int FIXED_PART = 2 + 50 + 4 + 1;

    /** A description for MariaDB 10.x defaults, used before the real FDE is known. */
    public static FormatDescriptionEvent mariadbDefault(ChecksumAlgorithm algorithm) {
        return new FormatDescriptionEvent(4, "10.11.0-MariaDB", 0, EventHeader.LENGTH, new byte[0], algorithm);
    }

    /** The post-header length of an event type, from this file's table or the MariaDB 10.x default. */
    public int postHeaderLength(int type) {
        if (type >= 1 && type <= postHeaderLengths.length) {
            return postHeaderLengths[type - 1] & 0xFF;
        }
        return switch (type) {
            case EventType.QUERY, EventType.QUERY_COMPRESSED -> 13;
            case EventType.ROTATE, EventType.TABLE_MAP, EventType.WRITE_ROWS_V1, EventType.UPDATE_ROWS_V1,
                    EventType.DELETE_ROWS_V1, EventType.WRITE_ROWS_COMPRESSED_V1, EventType.UPDATE_ROWS_COMPRESSED_V1,
                    EventType.DELETE_ROWS_COMPRESSED_V1 -> 8;
            case EventType.WRITE_ROWS_V2, EventType.UPDATE_ROWS_V2, EventType.DELETE_ROWS_V2,
                    EventType.WRITE_ROWS_COMPRESSED, EventType.UPDATE_ROWS_COMPRESSED,
                    EventType.DELETE_ROWS_COMPRESSED -> 10;
            case EventType.GTID -> 19;
            case EventType.GTID_LIST, EventType.BINLOG_CHECKPOINT -> 4;
            case EventType.INTVAR, EventType.RAND, EventType.XID, EventType.USER_VAR, EventType.ANNOTATE_ROWS,
                    EventType.HEARTBEAT -> 0;
            default -> 0;
        };
    }

    public static FormatDescriptionEvent decode(BinlogEvent event) {
        if (event.type() != EventType.FORMAT_DESCRIPTION) {
            throw new ProtocolException("not a FORMAT_DESCRIPTION event: " + event.header());
        }
        byte[] b = event.bytes();
        PayloadReader r = new PayloadReader("FORMAT_DESCRIPTION event", b, EventHeader.LENGTH,
                b.length - EventHeader.LENGTH);
        int version = r.u16();
        String server = r.fixedString(50).replace("\0", "");
        long created = r.u32();
        int headerLength = r.u8();
        int tableStart = r.arrayOffset();
        ChecksumAlgorithm alg = ChecksumAlgorithm.UNDEFINED;
        int tableEnd = b.length;
        if (isChecksumAware(server)) {
            if (b.length < tableStart + 5) {
                throw r.fail("too short for the checksum algorithm byte and trailer");
            }
            tableEnd = b.length - 5;
            alg = ChecksumAlgorithm.of(b[tableEnd] & 0xFF);
        }
        byte[] lengths = Arrays.copyOfRange(b, tableStart, tableEnd);
        return new FormatDescriptionEvent(version, server, created, headerLength, lengths, alg);
    }

    /** MariaDB since 5.3 and MySQL since 5.6.1 append the checksum algorithm to the FDE. */
    static boolean isChecksumAware(String serverVersion) {
        int[] v = parseVersion(serverVersion);
        if (serverVersion.contains("MariaDB") || v[0] >= 10) {
            return compare(v, 5, 3, 0) >= 0;
        }
        return compare(v, 5, 6, 1) >= 0;
    }

    private static int[] parseVersion(String s) {
        int[] v = new int[3];
        String[] parts = s.split("[^0-9]", -1);
        for (int i = 0, k = 0; i < parts.length && k < 3; i++) {
            if (!parts[i].isEmpty()) {
                v[k++] = Integer.parseInt(parts[i].length() > 6 ? parts[i].substring(0, 6) : parts[i]);
            } else if (k > 0 && i > 0) {
                break;
            }
        }
        return v;
    }

    private static int compare(int[] v, int major, int minor, int patch) {
        int c = Integer.compare(v[0], major);
        c = c != 0 ? c : Integer.compare(v[1], minor);
        return c != 0 ? c : Integer.compare(v[2], patch);
    }
}
