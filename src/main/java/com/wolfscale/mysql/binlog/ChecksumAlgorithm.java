package com.wolfscale.mysql.binlog;

/**
 * How binlog events are checksummed, as the FORMAT_DESCRIPTION event announces it (its last byte before its
 * own checksum) and as a replica requests it with {@code SET @master_binlog_checksum}.
 */
public enum ChecksumAlgorithm {
    /** No trailer. */
    OFF(0),
    /** A 4-byte little-endian CRC-32 (zlib polynomial) of header and body after each event. */
    CRC32(1),
    /** Written by servers older than checksums; treated as {@link #OFF}. */
    UNDEFINED(255);

    private final int code;

    ChecksumAlgorithm(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** Bytes of checksum trailer after each event. */
    public int trailerLength() {
        return this == CRC32 ? 4 : 0;
    }

    public static ChecksumAlgorithm of(int code) {
        return switch (code) {
            case 0 -> OFF;
            case 1 -> CRC32;
            case 255 -> UNDEFINED;
            default -> throw new com.wolfscale.mysql.ProtocolException("unknown binlog checksum algorithm " + code);
        };
    }
}
