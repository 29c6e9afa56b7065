package com.wolfscale.proxy.session;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The session commands that succeeded in this session ({@code SET ...}, {@code SET NAMES}, text
 * {@code PREPARE}, COM_SET_OPTION), in order, replayed on every new backend connection so it has the same
 * session state. A command repeated byte for byte (pools and ORMs send the same {@code SET} on every
 * checkout) replaces its earlier copy instead of growing the history. Past {@link #MAX_ENTRIES} entries or
 * {@link #MAX_BYTES} bytes the history is marked overflowed: a new backend connection could not be given
 * the same state, so the session then keeps to the connections it has (and a leader change ends its
 * session state with an error).
 *
 * <p>Not thread-safe: owned by the session's thread.
 */
final class SessionCommandHistory {

    static final int MAX_ENTRIES = 256;
    static final long MAX_BYTES = 4L << 20;

    private final Map<String, byte[]> entries = new LinkedHashMap<>();
    private long bytes;
    private boolean overflowed;

    void add(byte[] commandPayload) {
        if (overflowed) {
            return;
        }
        String key = new String(commandPayload, StandardCharsets.ISO_8859_1);
        byte[] previous = entries.remove(key);
        if (previous != null) {
            bytes -= previous.length;
        }
        entries.put(key, commandPayload);
        bytes += commandPayload.length;
        if (entries.size() > MAX_ENTRIES || bytes > MAX_BYTES) {
            overflowed = true;
            entries.clear();
            bytes = 0;
        }
    }

    /** The commands to replay, oldest first. */
    List<byte[]> commands() {
        return new ArrayList<>(entries.values());
    }

    boolean overflowed() {
        return overflowed;
    }

    int size() {
        return entries.size();
    }

    void clear() {
        entries.clear();
        bytes = 0;
        overflowed = false;
    }
}
