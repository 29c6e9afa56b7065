package com.wolfscale.mysql;

import java.io.InputStream;
import java.util.Random;

/** Hands out its bytes in random small chunks, as a socket does, to check that readers reassemble. */
public final class TrickleInputStream extends InputStream {

    private final byte[] bytes;
    private final Random random;
    private int pos;

    public TrickleInputStream(byte[] bytes, long seed) {
        this.bytes = bytes;
        this.random = new Random(seed);
    }

    @Override
    public int read() {
        return pos < bytes.length ? bytes[pos++] & 0xFF : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (len == 0) {
            return 0;
        }
        if (pos >= bytes.length) {
            return -1;
        }
        int n = Math.min(Math.min(len, 1 + random.nextInt(7)), bytes.length - pos);
        System.arraycopy(bytes, pos, b, off, n);
        pos += n;
        return n;
    }
}
