package com.wolfscale.mysql;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes payloads as packets (format in {@link RawPacket}): a payload of {@code 0xFFFFFF} bytes or more is
 * split into {@code 0xFFFFFF}-byte pieces with consecutive sequence ids, and a payload that is an exact
 * multiple of {@code 0xFFFFFF} bytes ends with an empty packet so the reader knows it is complete.
 *
 * <p>Writes go straight to the stream (wrap it in a {@link java.io.BufferedOutputStream} and call
 * {@link #flush()} once per exchange). Not thread-safe.
 */
public final class PacketWriter {

    private final OutputStream out;
    private final byte[] header = new byte[RawPacket.HEADER_SIZE];

    public PacketWriter(OutputStream out) {
        this.out = out;
    }

    /**
     * Writes one logical payload starting at {@code sequenceId}.
     *
     * @return the sequence id the next packet of this exchange must carry
     */
    public int write(int sequenceId, byte[] payload) throws IOException {
        return write(sequenceId, payload, 0, payload.length);
    }

    public int write(int sequenceId, byte[] payload, int offset, int length) throws IOException {
        int seq = sequenceId;
        int pos = offset;
        int left = length;
        while (true) {
            int chunk = Math.min(left, RawPacket.MAX_PAYLOAD);
            header[0] = (byte) chunk;
            header[1] = (byte) (chunk >>> 8);
            header[2] = (byte) (chunk >>> 16);
            header[3] = (byte) seq;
            out.write(header);
            out.write(payload, pos, chunk);
            seq = (seq + 1) & 0xFF;
            pos += chunk;
            left -= chunk;
            if (chunk < RawPacket.MAX_PAYLOAD) {
                return seq;
            }
        }
    }

    /** Writes a physical packet exactly as received (header included). */
    public void writeRaw(RawPacket packet) throws IOException {
        out.write(packet.frame());
    }

    public void flush() throws IOException {
        out.flush();
    }

    /** The wire bytes of one logical payload (all its physical packets), for tests and buffering relays. */
    public static byte[] frame(int sequenceId, byte[] payload) {
        var buffer = new java.io.ByteArrayOutputStream(payload.length + 8 + payload.length / RawPacket.MAX_PAYLOAD * 4);
        try {
            new PacketWriter(buffer).write(sequenceId, payload);
        } catch (IOException impossible) {
            throw new IllegalStateException(impossible);
        }
        return buffer.toByteArray();
    }
}
