package com.wolfscale.mysql.binlog.rows;

import com.wolfscale.mysql.ColumnType;
import com.wolfscale.mysql.PayloadReader;
import com.wolfscale.mysql.ProtocolException;

/**
 * How each column type is described in a TABLE_MAP metadata block and how long its values are in a row
 * image — the knowledge {@link RowImageScanner} needs to cut rows apart without decoding them.
 *
 * <pre>
 * type                          | metadata bytes                       | value in a row image
 * ------------------------------+--------------------------------------+----------------------------------------
 * TINY, SHORT, INT24, LONG,     | 0                                    | 1, 2, 3, 4, 8 bytes
 *   LONGLONG                    |                                      |
 * FLOAT, DOUBLE                 | 1: value size                        | 4, 8 bytes
 * YEAR                          | 0                                    | 1 byte
 * DATE, NEWDATE, TIME (old)     | 0                                    | 3 bytes
 * TIMESTAMP (old)               | 0                                    | 4 bytes
 * DATETIME (old)                | 0                                    | 8 bytes
 * TIMESTAMP2 / DATETIME2 / TIME2| 1: fractional digits d               | 4 / 5 / 3 bytes + (d+1)/2
 * NEWDECIMAL                    | 2: precision, scale                  | packed: 4 bytes per 9 digits + rest
 * VARCHAR, VAR_STRING           | 2: max length (LE)                   | 1 length byte if max &lt; 256, else 2; data
 * BIT                           | 2: bits mod 8, whole bytes           | whole bytes + (bits mod 8 &gt; 0 ? 1 : 0)
 * STRING (CHAR, BINARY, ENUM,   | 2: real type, length; when the real  | ENUM/SET: length bytes (the pack length);
 *   SET, INET6, UUID)           |   type's bits 0x30 are not both set  | CHAR: 1 length byte if max &lt; 256, else 2;
 *                               |   they hold length bits 8-9 (XOR)    |   data
 * BLOB, TINY/MEDIUM/LONG_BLOB,  | 1: size of the length prefix (1-4)   | length prefix LE, then data
 *   GEOMETRY, JSON (MySQL)      |                                      |
 * ENUM, SET (as column type)    | 2: as STRING                         | pack length bytes
 * NULL                          | 0                                    | 0 (only ever NULL)
 * </pre>
 *
 * Metadata is returned as one int per column: 1-byte metadata as is, VARCHAR/BIT little-endian, STRING/ENUM/
 * SET/NEWDECIMAL as {@code first << 8 | second} (the server's {@code Table_map_log_event} convention).
 *
 * <p>Stateless and thread-safe.
 *
 * @see <a href="https://mariadb.com/docs/server/reference/clientserver-protocol/replication-protocol/rows_event_v1v2-rows_compressed_event_v1">rows events</a>
 */
public final class ColumnFormat {

    private static final int[] DIG2BYTES = {0, 1, 1, 2, 2, 3, 3, 4, 4, 4};

    private ColumnFormat() {
    }

    /** Reads one column's metadata from a TABLE_MAP metadata block. */
    public static int readMetadata(int type, PayloadReader r) {
        return switch (type) {
            case ColumnType.FLOAT, ColumnType.DOUBLE, ColumnType.BLOB, ColumnType.TINY_BLOB, ColumnType.MEDIUM_BLOB,
                    ColumnType.LONG_BLOB, ColumnType.GEOMETRY, ColumnType.JSON, ColumnType.TIMESTAMP2,
                    ColumnType.DATETIME2, ColumnType.TIME2 -> r.u8();
            case ColumnType.VARCHAR, ColumnType.VAR_STRING, ColumnType.BIT -> r.u16();
            case ColumnType.STRING, ColumnType.ENUM, ColumnType.SET, ColumnType.NEWDECIMAL, ColumnType.DECIMAL -> {
                int first = r.u8();
                yield first << 8 | r.u8();
            }
            default -> 0;
        };
    }

    /** Writes one column's metadata in the form {@link #readMetadata} reads (for tests and synthesised maps). */
    public static void writeMetadata(int type, int meta, com.wolfscale.mysql.PayloadWriter w) {
        switch (type) {
            case ColumnType.FLOAT, ColumnType.DOUBLE, ColumnType.BLOB, ColumnType.TINY_BLOB, ColumnType.MEDIUM_BLOB,
                    ColumnType.LONG_BLOB, ColumnType.GEOMETRY, ColumnType.JSON, ColumnType.TIMESTAMP2,
                    ColumnType.DATETIME2, ColumnType.TIME2 -> w.u8(meta);
            case ColumnType.VARCHAR, ColumnType.VAR_STRING, ColumnType.BIT -> w.u16(meta);
            case ColumnType.STRING, ColumnType.ENUM, ColumnType.SET, ColumnType.NEWDECIMAL, ColumnType.DECIMAL ->
                    w.u8(meta >> 8).u8(meta & 0xFF);
            default -> {
                // no metadata
            }
        }
    }

    /** The column's real type: ENUM or SET for a STRING column whose metadata says so, else the type itself. */
    public static int realType(int type, int meta) {
        if (type != ColumnType.STRING) {
            return type;
        }
        int first = meta >> 8;
        if (first == 0) {
            return ColumnType.STRING;
        }
        return (first & 0x30) != 0x30 ? first | 0x30 : first;
    }

    /** The maximum byte length of a CHAR/BINARY column (STRING with real type STRING). */
    public static int stringMaxLength(int meta) {
        int first = meta >> 8;
        int second = meta & 0xFF;
        if (first != 0 && (first & 0x30) != 0x30) {
            return second | (((first & 0x30) ^ 0x30) << 4);
        }
        return second;
    }

    /**
     * Bytes the value of a non-NULL column occupies at {@code pos} in a row image.
     *
     * @param limit end of the readable bytes (exclusive); a length prefix or value past it is an error
     * @throws ProtocolException for a value that overruns {@code limit} or an unsupported type
     */
    public static int valueLength(int type, int meta, byte[] b, int pos, int limit) {
        int n = switch (type) {
            case ColumnType.TINY, ColumnType.YEAR -> 1;
            case ColumnType.SHORT -> 2;
            case ColumnType.INT24, ColumnType.DATE, ColumnType.NEWDATE, ColumnType.TIME -> 3;
            case ColumnType.LONG, ColumnType.TIMESTAMP -> 4;
            case ColumnType.LONGLONG, ColumnType.DATETIME -> 8;
            case ColumnType.NULL -> 0;
            case ColumnType.FLOAT -> meta == 0 ? 4 : meta;
            case ColumnType.DOUBLE -> meta == 0 ? 8 : meta;
            case ColumnType.TIMESTAMP2 -> 4 + (meta + 1) / 2;
            case ColumnType.DATETIME2 -> 5 + (meta + 1) / 2;
            case ColumnType.TIME2 -> 3 + (meta + 1) / 2;
            case ColumnType.NEWDECIMAL -> decimalBinarySize(meta >> 8, meta & 0xFF);
            case ColumnType.VARCHAR, ColumnType.VAR_STRING -> prefixed(meta > 255 ? 2 : 1, b, pos, limit);
            case ColumnType.BIT -> (meta >> 8) + ((meta & 0xFF) > 0 ? 1 : 0);
            case ColumnType.BLOB, ColumnType.TINY_BLOB, ColumnType.MEDIUM_BLOB, ColumnType.LONG_BLOB,
                    ColumnType.GEOMETRY, ColumnType.JSON -> prefixed(blobPrefix(meta), b, pos, limit);
            case ColumnType.ENUM, ColumnType.SET -> meta & 0xFF;
            case ColumnType.STRING -> stringLength(meta, b, pos, limit);
            default -> throw new ProtocolException("unsupported column type " + ColumnType.name(type)
                    + " in a row image (metadata 0x" + Integer.toHexString(meta) + ")");
        };
        if (n < 0 || (long) pos + n > limit) {
            throw new ProtocolException(ColumnType.name(type) + " value of " + n + " bytes at offset " + pos
                    + " overruns the row data ending at " + limit);
        }
        return n;
    }

    /** Size of a packed NEWDECIMAL(precision, scale): 4 bytes per 9 digits on each side, fewer for the rest. */
    public static int decimalBinarySize(int precision, int scale) {
        if (precision < scale || precision > 65 || scale > 38) {
            throw new ProtocolException("invalid DECIMAL(" + precision + "," + scale + ")");
        }
        int intg = precision - scale;
        return (intg / 9) * 4 + DIG2BYTES[intg % 9] + (scale / 9) * 4 + DIG2BYTES[scale % 9];
    }

    private static int stringLength(int meta, byte[] b, int pos, int limit) {
        int real = realType(ColumnType.STRING, meta);
        if (real == ColumnType.ENUM || real == ColumnType.SET) {
            return meta & 0xFF;
        }
        return prefixed(stringMaxLength(meta) > 255 ? 2 : 1, b, pos, limit);
    }

    private static int blobPrefix(int meta) {
        if (meta < 1 || meta > 4) {
            throw new ProtocolException("BLOB length prefix of " + meta + " bytes (must be 1-4)");
        }
        return meta;
    }

    /** A little-endian length of {@code prefix} bytes, then that many bytes. */
    private static int prefixed(int prefix, byte[] b, int pos, int limit) {
        if (pos + prefix > limit) {
            throw new ProtocolException("length prefix of " + prefix + " bytes at offset " + pos
                    + " overruns the row data ending at " + limit);
        }
        long length = 0;
        for (int i = prefix - 1; i >= 0; i--) {
            length = (length << 8) | (b[pos + i] & 0xFF);
        }
        long total = prefix + length;
        return total > Integer.MAX_VALUE ? -1 : (int) total;
    }
}
