package com.wolfscale.mysql;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads packets from a byte stream, either as whole logical payloads ({@link #read(int)}) or as physical
 * packets with their header for byte-for-byte relaying ({@link #readRaw()}). The frame format is described
 * in {@link RawPacket}.
 *
 * <p>Memory is bounded by what actually arrives, not by what a header claims: a logical read refuses a
 * payload whose declared size exceeds the caller's limit before reading it, and buffers grow only as bytes
 * arrive, so a garbage header followed by a closed stream costs at most twice the bytes received.
 *
 * <p>Not thread-safe: one reader per connection direction, used by the thread that owns it.
 */
public final class PacketReader {

    private static final int INITIAL_CHUNK = 64 * 1024;

    private final InputStream in;
    private final byte[] header = new byte[RawPacket.HEADER_SIZE];

    public PacketReader(InputStream in) {
        this.in = in;
    }

    /**
     * Reads one logical packet, joining continued physical packets.
     *
     * @param maxPayload the largest payload the caller accepts (e.g. {@code max_allowed_packet})
     * @throws EOFException       if the stream ends before or inside the packet
     * @throws ProtocolException  if the payload exceeds {@code maxPayload} or the pieces' sequence ids are
     *                            not consecutive
     */
    public Packet read(int maxPayload) throws IOException {
        readHeader(true);
        int firstSeq = header[3] & 0xFF;
        int seq = firstSeq;
        int length = RawPacket.lengthOf(header);
        checkLimit(length, 0, maxPayload);
        byte[] payload = readBody(length, new byte[Math.min(length, INITIAL_CHUNK)], 0);
        int total = length;
        while (length == RawPacket.MAX_PAYLOAD) {
            readHeader(false);
            int next = header[3] & 0xFF;
            if (next != ((seq + 1) & 0xFF)) {
                throw new ProtocolException("continuation packet has sequence id " + next + ", expected "
                        + ((seq + 1) & 0xFF) + " after " + total + " bytes of a split payload");
            }
            seq = next;
            length = RawPacket.lengthOf(header);
            checkLimit(length, total, maxPayload);
            payload = readBody(length, payload, total);
            total += length;
        }
        return new Packet(firstSeq, (seq + 1) & 0xFF, payload.length == total ? payload : Arrays.copyOf(payload, total));
    }

    /** Reads one logical payload; see {@link #read(int)}. */
    public byte[] readPayload(int maxPayload) throws IOException {
        return read(maxPayload).payload();
    }

    /**
     * Reads one physical packet with its header, unchanged (a relay forwards {@link RawPacket#frame()}).
     * A packet whose {@link RawPacket#continues()} is true is followed by the rest of its payload.
     *
     * @throws EOFException if the stream ends before or inside the packet
     */
    public RawPacket readRaw() throws IOException {
        readHeader(true);
        int length = RawPacket.lengthOf(header);
        byte[] frame = new byte[RawPacket.HEADER_SIZE + Math.min(length, INITIAL_CHUNK)];
        System.arraycopy(header, 0, frame, 0, RawPacket.HEADER_SIZE);
        frame = readBody(length, frame, RawPacket.HEADER_SIZE);
        return new RawPacket(frame);
    }

    private void checkLimit(int length, int soFar, int maxPayload) {
        if ((long) soFar + length > maxPayload) {
            throw new ProtocolException("packet payload of at least " + ((long) soFar + length)
                    + " bytes exceeds the limit of " + maxPayload + " bytes");
        }
    }

    private void readHeader(boolean first) throws IOException {
        int n = 0;
        while (n < RawPacket.HEADER_SIZE) {
            int got = in.read(header, n, RawPacket.HEADER_SIZE - n);
            if (got < 0) {
                break;
            }
            n += got;
        }
        if (n == 0 && first) {
            throw new EOFException("connection closed before a packet header");
        }
        if (n < RawPacket.HEADER_SIZE) {
            throw new EOFException("connection closed inside a packet header (" + n + " of 4 bytes"
                    + (first ? "" : ", in a continuation packet") + ")");
        }
    }

    /** Appends {@code length} bytes at {@code at}, growing {@code buf} only as data arrives. */
    private byte[] readBody(int length, byte[] buf, int at) throws IOException {
        int end = at + length;
        int pos = at;
        while (pos < end) {
            if (pos == buf.length) {
                buf = Arrays.copyOf(buf, (int) Math.min(end, Math.max((long) buf.length * 2, buf.length + INITIAL_CHUNK)));
            }
            int n = in.read(buf, pos, Math.min(buf.length, end) - pos);
            if (n < 0) {
                throw new EOFException("connection closed inside a packet: header declared " + length
                        + " payload bytes, " + (pos - at) + " arrived");
            }
            pos += n;
        }
        return buf;
    }
}
