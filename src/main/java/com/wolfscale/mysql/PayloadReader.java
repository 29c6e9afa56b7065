package com.wolfscale.mysql;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A read cursor over one payload (or any byte range) in the protocol's basic data types: little-endian
 * fixed-length integers, length-encoded integers and strings, NUL-terminated strings, rest-of-payload
 * strings (mariadb-docs {@code clientserver-protocol/protocol-data-types.md}).
 *
 * <p>Every read is bounds-checked against the range the cursor was built over, and a read past it throws
 * {@link ProtocolException} naming what was being decoded ({@code what}), the offset and the sizes —
 * never an {@link ArrayIndexOutOfBoundsException}, and never an allocation larger than the bytes that are
 * actually present.
 *
 * <p>Length-encoded integer ({@code int<lenenc>}):
 * <pre>
 * first byte   | value
 * -------------+--------------------------------------------------
 * 0x00..0xFA   | the byte itself
 * 0xFB         | NULL marker (only meaningful inside text rows)
 * 0xFC         | next 2 bytes, little-endian
 * 0xFD         | next 3 bytes, little-endian
 * 0xFE         | next 8 bytes, little-endian
 * 0xFF         | invalid (an ERR header where a number was expected)
 * </pre>
 *
 * <p>Not thread-safe: a cursor belongs to the thread decoding one payload.
 */
public final class PayloadReader {

    private final String what;
    private final byte[] buf;
    private final int start;
    private final int end;
    private int pos;

    public PayloadReader(String what, byte[] buf) {
        this(what, buf, 0, buf.length);
    }

    public PayloadReader(String what, byte[] buf, int offset, int length) {
        if (offset < 0 || length < 0 || offset + length > buf.length) {
            throw new IllegalArgumentException("range [" + offset + ", +" + length + ") outside a "
                    + buf.length + "-byte array");
        }
        this.what = what;
        this.buf = buf;
        this.start = offset;
        this.end = offset + length;
        this.pos = offset;
    }

    /** Offset of the next byte, relative to the start of the range. */
    public int position() {
        return pos - start;
    }

    /** Moves to an offset relative to the start of the range. */
    public void position(int offset) {
        if (offset < 0 || start + offset > end) {
            throw fail("cannot move to offset " + offset);
        }
        pos = start + offset;
    }

    public int remaining() {
        return end - pos;
    }

    public boolean hasRemaining() {
        return pos < end;
    }

    /** Absolute index of the next byte in the underlying array. */
    public int arrayOffset() {
        return pos;
    }

    public byte[] array() {
        return buf;
    }

    public int peek() {
        need(1);
        return buf[pos] & 0xFF;
    }

    public int u8() {
        need(1);
        return buf[pos++] & 0xFF;
    }

    public int u16() {
        need(2);
        int v = (buf[pos] & 0xFF) | (buf[pos + 1] & 0xFF) << 8;
        pos += 2;
        return v;
    }

    public int u24() {
        need(3);
        int v = (buf[pos] & 0xFF) | (buf[pos + 1] & 0xFF) << 8 | (buf[pos + 2] & 0xFF) << 16;
        pos += 3;
        return v;
    }

    /** Unsigned 32-bit, as a non-negative long. */
    public long u32() {
        return uLittleEndian(4);
    }

    public long u48() {
        return uLittleEndian(6);
    }

    /** 64-bit; values above {@link Long#MAX_VALUE} come back negative (use {@link Long#toUnsignedString}). */
    public long u64() {
        return uLittleEndian(8);
    }

    /** An unsigned little-endian integer of {@code n} (1..8) bytes. */
    public long uLittleEndian(int n) {
        need(n);
        long v = 0;
        for (int i = n - 1; i >= 0; i--) {
            v = (v << 8) | (buf[pos + i] & 0xFF);
        }
        pos += n;
        return v;
    }

    /** An unsigned big-endian integer of {@code n} (1..8) bytes (MyISAM-packed lengths in compressed events). */
    public long uBigEndian(int n) {
        need(n);
        long v = 0;
        for (int i = 0; i < n; i++) {
            v = (v << 8) | (buf[pos + i] & 0xFF);
        }
        pos += n;
        return v;
    }

    /** True when the next byte is the length-encoded NULL marker 0xFB. */
    public boolean nextIsNull() {
        return hasRemaining() && (buf[pos] & 0xFF) == 0xFB;
    }

    /** A length-encoded integer; see the class table. 0xFB and 0xFF are errors here. */
    public long lenencInt() {
        int first = u8();
        return switch (first) {
            case 0xFB -> throw fail("unexpected NULL marker 0xFB where a length-encoded integer was expected");
            case 0xFC -> u16();
            case 0xFD -> u24();
            case 0xFE -> u64();
            case 0xFF -> throw fail("invalid length-encoded integer prefix 0xFF");
            default -> first;
        };
    }

    /** A length-encoded integer used as a byte count: must fit in what is left of the range. */
    public int lenencLength() {
        long n = lenencInt();
        if (n < 0 || n > remaining()) {
            throw fail("length " + Long.toUnsignedString(n) + " exceeds the " + remaining() + " bytes left");
        }
        return (int) n;
    }

    public byte[] bytes(int n) {
        need(n);
        byte[] out = Arrays.copyOfRange(buf, pos, pos + n);
        pos += n;
        return out;
    }

    public void skip(int n) {
        need(n);
        pos += n;
    }

    public byte[] lenencBytes() {
        return bytes(lenencLength());
    }

    public String lenencString() {
        return new String(lenencBytes(), StandardCharsets.UTF_8);
    }

    public String fixedString(int n) {
        return fixedString(n, StandardCharsets.UTF_8);
    }

    public String fixedString(int n, Charset charset) {
        need(n);
        String s = new String(buf, pos, n, charset);
        pos += n;
        return s;
    }

    /** Bytes up to (not including) the next NUL; the NUL is consumed. A missing NUL is an error. */
    public byte[] nulBytes() {
        int nul = indexOfNul();
        if (nul < 0) {
            throw fail("NUL-terminated string has no terminator in the " + remaining() + " bytes left");
        }
        byte[] out = Arrays.copyOfRange(buf, pos, nul);
        pos = nul + 1;
        return out;
    }

    public String nulString() {
        return new String(nulBytes(), StandardCharsets.UTF_8);
    }

    /** True when a NUL occurs before the end of the range. */
    public boolean hasNul() {
        return indexOfNul() >= 0;
    }

    /** Everything up to the end of the range. */
    public byte[] rest() {
        return bytes(remaining());
    }

    public String restString() {
        return new String(rest(), StandardCharsets.UTF_8);
    }

    /** A {@link ProtocolException} carrying this cursor's context (what, offset, size). */
    public ProtocolException fail(String problem) {
        return new ProtocolException(what + ": " + problem + " (at offset " + position() + " of "
                + (end - start) + " bytes)");
    }

    private int indexOfNul() {
        for (int i = pos; i < end; i++) {
            if (buf[i] == 0) {
                return i;
            }
        }
        return -1;
    }

    private void need(int n) {
        if (n < 0 || n > end - pos) {
            throw fail("truncated: needs " + n + " more bytes, " + (end - pos) + " left");
        }
    }
}
