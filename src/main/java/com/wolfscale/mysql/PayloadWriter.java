package com.wolfscale.mysql;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable buffer that writes the protocol's basic data types (the mirror of {@link PayloadReader}):
 * little-endian integers, length-encoded integers and strings, NUL-terminated strings.
 *
 * <p>Not thread-safe.
 */
public final class PayloadWriter {

    private byte[] buf;
    private int size;

    public PayloadWriter() {
        this(64);
    }

    public PayloadWriter(int initialCapacity) {
        buf = new byte[Math.max(16, initialCapacity)];
    }

    public int size() {
        return size;
    }

    public PayloadWriter u8(int v) {
        ensure(1);
        buf[size++] = (byte) v;
        return this;
    }

    public PayloadWriter u16(int v) {
        return uLittleEndian(v, 2);
    }

    public PayloadWriter u24(int v) {
        return uLittleEndian(v, 3);
    }

    public PayloadWriter u32(long v) {
        return uLittleEndian(v, 4);
    }

    public PayloadWriter u48(long v) {
        return uLittleEndian(v, 6);
    }

    public PayloadWriter u64(long v) {
        return uLittleEndian(v, 8);
    }

    public PayloadWriter uLittleEndian(long v, int n) {
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[size++] = (byte) (v >>> (8 * i));
        }
        return this;
    }

    /** The shortest length-encoded form of an unsigned value (see {@link PayloadReader}). */
    public PayloadWriter lenencInt(long v) {
        if (v >= 0 && v < 0xFB) {
            return u8((int) v);
        }
        if (v >= 0 && v < (1 << 16)) {
            return u8(0xFC).u16((int) v);
        }
        if (v >= 0 && v < (1 << 24)) {
            return u8(0xFD).u24((int) v);
        }
        return u8(0xFE).u64(v);
    }

    public PayloadWriter bytes(byte[] b) {
        return bytes(b, 0, b.length);
    }

    public PayloadWriter bytes(byte[] b, int offset, int length) {
        ensure(length);
        System.arraycopy(b, offset, buf, size, length);
        size += length;
        return this;
    }

    public PayloadWriter zeros(int n) {
        ensure(n);
        Arrays.fill(buf, size, size + n, (byte) 0);
        size += n;
        return this;
    }

    public PayloadWriter lenencBytes(byte[] b) {
        return lenencInt(b.length).bytes(b);
    }

    public PayloadWriter lenencString(String s) {
        return lenencBytes(s.getBytes(StandardCharsets.UTF_8));
    }

    /** The bytes followed by a NUL; the bytes must not contain a NUL themselves. */
    public PayloadWriter nulBytes(byte[] b) {
        for (byte x : b) {
            if (x == 0) {
                throw new IllegalArgumentException("a NUL-terminated string cannot contain NUL");
            }
        }
        return bytes(b).u8(0);
    }

    public PayloadWriter nulString(String s) {
        return nulBytes(s.getBytes(StandardCharsets.UTF_8));
    }

    public PayloadWriter string(String s) {
        return bytes(s.getBytes(StandardCharsets.UTF_8));
    }

    /** Overwrites already written bytes (e.g. a length field known only at the end). */
    public PayloadWriter setLittleEndian(int at, long v, int n) {
        if (at < 0 || at + n > size) {
            throw new IndexOutOfBoundsException("cannot patch " + n + " bytes at " + at + " of " + size);
        }
        for (int i = 0; i < n; i++) {
            buf[at + i] = (byte) (v >>> (8 * i));
        }
        return this;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    private void ensure(int n) {
        if (size + n > buf.length) {
            long want = Math.max((long) buf.length * 2, (long) size + n);
            if (want > Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("payload larger than a Java array can hold");
            }
            buf = Arrays.copyOf(buf, (int) want);
        }
    }
}
