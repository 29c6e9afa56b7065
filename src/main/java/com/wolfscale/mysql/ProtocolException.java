package com.wolfscale.mysql;

/**
 * Bytes that do not follow the MySQL/MariaDB wire protocol: a truncated or oversized packet, a length that
 * points past the end of its payload, a header byte that cannot start the expected packet. The message
 * names what was being read, where, and what was found, so a log line is enough to find the culprit.
 *
 * <p>Unchecked because it describes bad <em>input</em>, not a failed operation: decoders of in-memory
 * payloads throw it, and stream readers throw it next to {@link java.io.IOException}. Either way the
 * connection that produced the bytes is out of step and must be closed (a framing error cannot be
 * answered with an ERR packet, see ARCHITECTURE.md house style A.8.6).
 */
public class ProtocolException extends RuntimeException {

    public ProtocolException(String message) {
        super(message);
    }

    public ProtocolException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Hex of at most the first 32 bytes of {@code bytes[offset, offset+length)}, for error messages. */
    public static String hexPrefix(byte[] bytes, int offset, int length) {
        int n = Math.min(32, Math.max(0, length));
        StringBuilder sb = new StringBuilder(n * 3 + 4);
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(Character.forDigit((bytes[offset + i] >> 4) & 0xF, 16))
                    .append(Character.forDigit(bytes[offset + i] & 0xF, 16));
        }
        if (length > n) {
            sb.append(" ...");
        }
        return sb.toString();
    }
}
