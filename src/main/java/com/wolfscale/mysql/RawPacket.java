package com.wolfscale.mysql;

/**
 * One physical packet exactly as it travels on the wire, header included, for byte-for-byte relaying.
 *
 * <pre>
 * offset | size | field
 * -------+------+-----------------------------------------------------------------------
 * 0      | 3    | payload length, little-endian (0..0xFFFFFF)
 * 3      | 1    | sequence id: 0 for the first packet of a command, +1 per packet, wraps at 256
 * 4      | n    | payload (a whole logical payload, or one piece of a split one)
 * </pre>
 *
 * A payload length of exactly {@link #MAX_PAYLOAD} means the logical payload continues in the next
 * physical packet ({@link #continues()}); a logical payload that is a multiple of {@code 0xFFFFFF} bytes
 * long ends with an empty packet.
 *
 * <p>Owns its frame array without copying; {@link #setSequenceId} rewrites it in place (the one rewrite a
 * relay must do). Not thread-safe.
 *
 * @see <a href="https://mariadb.com/docs/server/reference/clientserver-protocol/0-packet">0-packet.md</a>
 */
public final class RawPacket {

    /** Largest payload of one physical packet; a packet this long is continued by the next one. */
    public static final int MAX_PAYLOAD = 0xFFFFFF;
    public static final int HEADER_SIZE = 4;

    private final byte[] frame;

    /** Wraps a whole frame (header and payload); the header's length must match the array. */
    public RawPacket(byte[] frame) {
        if (frame.length < HEADER_SIZE) {
            throw new ProtocolException("packet frame of " + frame.length + " bytes is shorter than its 4-byte header");
        }
        int declared = lengthOf(frame);
        if (declared != frame.length - HEADER_SIZE) {
            throw new ProtocolException("packet header declares " + declared + " payload bytes but the frame holds "
                    + (frame.length - HEADER_SIZE));
        }
        this.frame = frame;
    }

    /** Frames one physical packet (payload at most {@link #MAX_PAYLOAD} bytes). */
    public static RawPacket of(int sequenceId, byte[] payload, int offset, int length) {
        if (length > MAX_PAYLOAD) {
            throw new IllegalArgumentException("one physical packet holds at most 0xFFFFFF bytes, not " + length);
        }
        byte[] frame = new byte[HEADER_SIZE + length];
        frame[0] = (byte) length;
        frame[1] = (byte) (length >>> 8);
        frame[2] = (byte) (length >>> 16);
        frame[3] = (byte) sequenceId;
        System.arraycopy(payload, offset, frame, HEADER_SIZE, length);
        return new RawPacket(frame);
    }

    public static RawPacket of(int sequenceId, byte[] payload) {
        return of(sequenceId, payload, 0, payload.length);
    }

    public byte[] frame() {
        return frame;
    }

    public int payloadLength() {
        return frame.length - HEADER_SIZE;
    }

    public int sequenceId() {
        return frame[3] & 0xFF;
    }

    public void setSequenceId(int sequenceId) {
        frame[3] = (byte) sequenceId;
    }

    /** True when the next physical packet continues this payload (length is exactly 0xFFFFFF). */
    public boolean continues() {
        return payloadLength() == MAX_PAYLOAD;
    }

    /** First payload byte, or -1 for an empty packet. */
    public int firstByte() {
        return frame.length > HEADER_SIZE ? frame[HEADER_SIZE] & 0xFF : -1;
    }

    /** A cursor over the payload (not a copy). */
    public PayloadReader payload(String what) {
        return new PayloadReader(what, frame, HEADER_SIZE, payloadLength());
    }

    public byte[] payloadCopy() {
        return java.util.Arrays.copyOfRange(frame, HEADER_SIZE, frame.length);
    }

    static int lengthOf(byte[] header) {
        return (header[0] & 0xFF) | (header[1] & 0xFF) << 8 | (header[2] & 0xFF) << 16;
    }

    @Override
    public String toString() {
        return "RawPacket[seq=" + sequenceId() + ", length=" + payloadLength() + ", payload="
                + ProtocolException.hexPrefix(frame, HEADER_SIZE, payloadLength()) + "]";
    }
}
