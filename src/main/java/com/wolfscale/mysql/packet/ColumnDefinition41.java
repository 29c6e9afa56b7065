package com.wolfscale.mysql.packet;

import com.wolfscale.mysql.Capabilities;
import com.wolfscale.mysql.PayloadReader;
import com.wolfscale.mysql.PayloadWriter;

/**
 * Describes one column of a result set, one parameter of a prepared statement, or one field of a
 * COM_FIELD_LIST answer.
 *
 * <pre>
 * size       | field                 | notes
 * -----------+-----------------------+------------------------------------------------------------
 * lenenc-str | catalog               | always "def"
 * lenenc-str | schema                |
 * lenenc-str | table alias           |
 * lenenc-str | table                 |
 * lenenc-str | column alias          |
 * lenenc-str | column                |
 * lenenc-str | extended metadata     | MARIADB_CLIENT_EXTENDED_METADATA only: entries of
 *            |                       | (1-byte kind: 0 type name, 1 format; lenenc-str value)
 * lenenc     | fixed fields length   | always 0x0C
 * 2          | collation id          |
 * 4          | column length         | maximum display length
 * 1          | column type           | {@link com.wolfscale.mysql.ColumnType}
 * 2          | flags                 | NOT_NULL 1, PRI_KEY 2, UNSIGNED 32, BINARY 128, ...
 * 1          | decimals              |
 * 2          | reserved 0x0000       |
 * lenenc-str | default values        | COM_FIELD_LIST answers only
 * </pre>
 *
 * Names are decoded as UTF-8 (the project's connections use utf8mb4); a relay forwards the original bytes.
 *
 * @param extendedTypeName MariaDB extended type name (e.g. "json", "uuid"), or {@code null}
 * @param extendedFormat   MariaDB extended format, or {@code null}
 * @param defaultValues    COM_FIELD_LIST default values, or {@code null}
 */
public record ColumnDefinition41(String catalog, String schema, String tableAlias, String table, String columnAlias,
        String column, String extendedTypeName, String extendedFormat, int collation, long columnLength, int type,
        int flags, int decimals, byte[] defaultValues) {

    public static final int FLAG_NOT_NULL = 1;
    public static final int FLAG_PRIMARY_KEY = 2;
    public static final int FLAG_UNSIGNED = 32;
    public static final int FLAG_BINARY = 128;

    private static final int EXT_TYPE_NAME = 0;
    private static final int EXT_FORMAT = 1;

    /** A plain definition: catalog "def", alias equal to the name, no extended metadata. */
    public static ColumnDefinition41 of(String schema, String table, String column, int collation, long length,
            int type, int flags, int decimals) {
        return new ColumnDefinition41("def", schema, table, table, column, column, null, null, collation, length,
                type, flags, decimals, null);
    }

    public byte[] encode(long capabilities) {
        PayloadWriter w = new PayloadWriter(64).lenencString(catalog).lenencString(schema).lenencString(tableAlias)
                .lenencString(table).lenencString(columnAlias).lenencString(column);
        if (Capabilities.has(capabilities, Capabilities.MARIADB_CLIENT_EXTENDED_METADATA)) {
            PayloadWriter ext = new PayloadWriter();
            if (extendedTypeName != null) {
                ext.u8(EXT_TYPE_NAME).lenencString(extendedTypeName);
            }
            if (extendedFormat != null) {
                ext.u8(EXT_FORMAT).lenencString(extendedFormat);
            }
            w.lenencBytes(ext.toByteArray());
        }
        w.lenencInt(0x0C).u16(collation).u32(columnLength).u8(type).u16(flags).u8(decimals).u16(0);
        if (defaultValues != null) {
            w.lenencBytes(defaultValues);
        }
        return w.toByteArray();
    }

    public static ColumnDefinition41 decode(byte[] payload, long capabilities) {
        PayloadReader r = new PayloadReader("column definition", payload);
        String catalog = r.lenencString();
        String schema = r.lenencString();
        String tableAlias = r.lenencString();
        String table = r.lenencString();
        String columnAlias = r.lenencString();
        String column = r.lenencString();
        String extType = null;
        String extFormat = null;
        if (Capabilities.has(capabilities, Capabilities.MARIADB_CLIENT_EXTENDED_METADATA)) {
            PayloadReader ext = new PayloadReader("extended column metadata", r.lenencBytes());
            while (ext.hasRemaining()) {
                int kind = ext.u8();
                String value = ext.lenencString();
                if (kind == EXT_TYPE_NAME) {
                    extType = value;
                } else if (kind == EXT_FORMAT) {
                    extFormat = value;
                }
            }
        }
        long fixed = r.lenencInt();
        if (fixed < 0x0C) {
            throw r.fail("fixed-fields length " + fixed + " is shorter than 12");
        }
        int collation = r.u16();
        long length = r.u32();
        int type = r.u8();
        int flags = r.u16();
        int decimals = r.u8();
        r.skip((int) fixed - 10);
        byte[] defaults = r.hasRemaining() ? r.lenencBytes() : null;
        return new ColumnDefinition41(catalog, schema, tableAlias, table, columnAlias, column, extType, extFormat,
                collation, length, type, flags, decimals, defaults);
    }
}
