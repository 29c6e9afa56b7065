package com.wolfscale.snapshot;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** A buffered UTF-8 line writer that counts the bytes it wrote. */
final class CountingOutput {

    private final OutputStream out;
    private long count;

    CountingOutput(OutputStream out) {
        this.out = new BufferedOutputStream(out, 1 << 16);
    }

    void line(CharSequence text) throws IOException {
        byte[] b = text.toString().getBytes(StandardCharsets.UTF_8);
        out.write(b);
        out.write('\n');
        count += b.length + 1;
    }

    /** The first {@code length} bytes of {@code bytes} (UTF-8), then a newline. */
    void line(byte[] bytes, int length) throws IOException {
        out.write(bytes, 0, length);
        out.write('\n');
        count += length + 1;
    }

    void flush() throws IOException {
        out.flush();
    }

    long count() {
        return count;
    }
}
