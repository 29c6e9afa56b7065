package com.wolfscale.wal.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * The header at the start of every segment file, written (and fsynced) under a temporary name before the
 * file is renamed into place, so a segment file never exists without a whole header.
 *
 * <table>
 * <caption>Segment header</caption>
 * <tr><th>Offset</th><th>Size</th><th>Field</th><th>Why</th></tr>
 * <tr><td>0</td><td>8</td><td>magic {@code WSWALSEG}</td><td>recognise a segment whatever its name</td></tr>
 * <tr><td>8</td><td>4</td><td>format version (1)</td><td>room to evolve the format</td></tr>
 * <tr><td>12</td><td>8</td><td>base LSN</td><td>must equal the LSN in the file name: a renamed or copied
 *     file is caught</td></tr>
 * <tr><td>20</td><td>4</td><td>CRC-32C of bytes 0..19</td><td>a damaged header is corruption, not a torn
 *     write</td></tr>
 * </table>
 *
 * Batches ({@link BatchCodec}) follow from offset {@value #BYTES}. Stateless.
 */
public final class SegmentHeader {

    public static final int BYTES = 24;
    private static final byte[] MAGIC = "WSWALSEG".getBytes(StandardCharsets.US_ASCII);
    private static final int VERSION = 1;

    private SegmentHeader() {
    }

    public static ByteBuffer encode(long baseLsn) {
        ByteBuffer b = ByteBuffer.allocate(BYTES);
        b.put(MAGIC).putInt(VERSION).putLong(baseLsn);
        b.putInt(crc(b.array()));
        return b.flip();
    }

    /** Why {@code header} is not a valid header for a segment whose name says {@code baseLsn}, or null. */
    public static String problem(ByteBuffer header, long baseLsn) {
        if (header.remaining() < BYTES) {
            return "segment header is truncated (" + header.remaining() + " of " + BYTES + " bytes)";
        }
        byte[] bytes = new byte[BYTES];
        header.duplicate().get(bytes);
        ByteBuffer b = ByteBuffer.wrap(bytes);
        if (!Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            return "segment header magic is wrong (not a WolfScale WAL segment)";
        }
        if (b.getInt(20) != crc(bytes)) {
            return "segment header CRC-32C mismatch";
        }
        if (b.getInt(8) != VERSION) {
            return "unknown segment format version " + b.getInt(8);
        }
        if (b.getLong(12) != baseLsn) {
            return "segment header says base LSN " + b.getLong(12) + " but the file name says " + baseLsn;
        }
        return null;
    }

    private static int crc(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, 20);
        return (int) crc.getValue();
    }
}
