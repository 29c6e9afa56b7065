package com.wolfscale.transport;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.zip.CRC32C;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;

/**
 * Frames on a peer connection. Every frame is length-prefixed and CRC32C-checked; after the handshake
 * every frame also carries a MAC keyed by the session key both sides derived from the cluster secret,
 * over a per-direction sequence number, so a frame cannot be forged, replayed or reordered.
 *
 * <pre>
 * offset  size  field
 * 0       4     length L of everything after this field (u32 big-endian); 11 &lt;= L &lt;= max frame
 * 4       4     CRC32C of bytes [8, 4+L) — checked before anything else is looked at
 * 8       1     format version (1)
 * 9       1     message type ({@link MessageCodec})
 * 10      1     flags: bit 0 = body LZ4-compressed, bit 1 = MAC present
 * 11      4     body length before compression (u32); bounds the decompression buffer
 * 15      16    MAC, if flagged: first 16 bytes of HMAC-SHA256(session key,
 *               direction ‖ sequence ‖ bytes [8,15) ‖ stored body)
 * ..      n     stored body (compressed or not)
 * </pre>
 * Compression is used for bodies above {@value #COMPRESS_ABOVE} bytes when it saves space (record
 * batches). Not thread-safe: one reader and one writer per connection, each with its own codec state.
 */
final class FrameCodec {

    static final byte VERSION = 1;
    static final int COMPRESS_ABOVE = 512;
    static final int MAC_BYTES = 16;
    private static final int FIXED = 11;
    private static final LZ4Factory LZ4 = LZ4Factory.fastestJavaInstance();

    private int maxFrameBytes;
    private final boolean outbound;
    private Mac mac;
    private byte directionByte;
    private long sequence;

    /** @param outbound true for the sending direction (the direction byte in the MAC) */
    FrameCodec(int maxFrameBytes, boolean outbound) {
        this.maxFrameBytes = maxFrameBytes;
        this.outbound = outbound;
    }

    /** Allows larger frames once the peer has authenticated (a stranger gets only a small buffer). */
    void raiseLimit(int bytes) {
        maxFrameBytes = bytes;
    }

    /** From now on frames carry (when writing) or must carry (when reading) a MAC under this key. */
    void authenticate(byte[] sessionKey, boolean initiator) {
        try {
            mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(sessionKey, "HmacSHA256"));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
        // both ends must agree which direction a frame travels: 1 = from the dialing node, 2 = towards it
        directionByte = (byte) ((initiator == outbound) ? 1 : 2);
    }

    void write(OutputStream out, byte type, byte[] body) throws IOException {
        byte flags = 0;
        byte[] stored = body;
        if (body.length > COMPRESS_ABOVE) {
            LZ4Compressor c = LZ4.fastCompressor();
            byte[] buf = new byte[c.maxCompressedLength(body.length)];
            int n = c.compress(body, 0, body.length, buf, 0, buf.length);
            if (n < body.length) {
                stored = java.util.Arrays.copyOf(buf, n);
                flags |= 1;
            }
        }
        int macLen = mac == null ? 0 : MAC_BYTES;
        if (mac != null) {
            flags |= 2;
        }
        int length = 4 + FIXED - 4 + macLen + stored.length;
        if (length > maxFrameBytes) {
            throw new TransportException("frame of " + length + " bytes exceeds the maximum " + maxFrameBytes);
        }
        ByteBuffer header = ByteBuffer.allocate(15 + macLen);
        header.putInt(length).putInt(0).put(VERSION).put(type).put(flags).putInt(body.length);
        if (mac != null) {
            header.put(computeMac(header.array(), stored));
        }
        CRC32C crc = new CRC32C();
        crc.update(header.array(), 8, header.capacity() - 8);
        crc.update(stored);
        header.putInt(4, (int) crc.getValue());
        out.write(header.array());
        out.write(stored);
        sequence++;
    }

    /** Reads one frame; {@link EOFException} at a clean end of stream between frames. */
    Frame read(DataInputStream in) throws IOException {
        int length = in.readInt();
        int macLen = mac == null ? 0 : MAC_BYTES;
        if (length < FIXED + macLen || length > maxFrameBytes) {
            throw new TransportException("frame length " + length + " outside [" + (FIXED + macLen) + ", " + maxFrameBytes + "]");
        }
        byte[] rest = new byte[length];
        in.readFully(rest);
        CRC32C crc = new CRC32C();
        crc.update(rest, 4, length - 4);
        if ((int) crc.getValue() != ByteBuffer.wrap(rest, 0, 4).getInt()) {
            throw new TransportException("frame CRC32C mismatch");
        }
        ByteBuffer b = ByteBuffer.wrap(rest, 4, length - 4);
        byte version = b.get();
        byte type = b.get();
        byte flags = b.get();
        int bodyLength = b.getInt();
        if (version != VERSION) {
            throw new TransportException("unsupported frame version " + version);
        }
        if (((flags & 2) != 0) != (mac != null)) {
            throw new TransportException(mac != null ? "unauthenticated frame after the handshake" : "unexpected MAC");
        }
        byte[] receivedMac = null;
        if (mac != null) {
            receivedMac = new byte[MAC_BYTES];
            b.get(receivedMac);
        }
        byte[] stored = new byte[b.remaining()];
        b.get(stored);
        if (mac != null) {
            byte[] header = new byte[15];
            System.arraycopy(rest, 0, header, 4, 11);
            if (!MessageDigest.isEqual(receivedMac, computeMac(header, stored))) {
                throw new TransportException("frame MAC mismatch: forged, replayed or corrupted");
            }
        }
        sequence++;
        return new Frame(type, decompress(flags, stored, bodyLength));
    }

    private byte[] decompress(byte flags, byte[] stored, int bodyLength) throws TransportException {
        if ((flags & 1) == 0) {
            if (bodyLength != stored.length) {
                throw new TransportException("body length " + bodyLength + " != stored " + stored.length);
            }
            return stored;
        }
        if (bodyLength < 0 || bodyLength > maxFrameBytes * 4L) {
            throw new TransportException("declared body length " + bodyLength + " out of bounds");
        }
        LZ4SafeDecompressor d = LZ4.safeDecompressor();
        byte[] out = new byte[bodyLength];
        try {
            int n = d.decompress(stored, 0, stored.length, out, 0);
            if (n != bodyLength) {
                throw new TransportException("LZ4 body decompressed to " + n + " bytes, declared " + bodyLength);
            }
        } catch (RuntimeException e) {
            throw new TransportException("LZ4 body is malformed: " + e.getMessage(), e);
        }
        return out;
    }

    private byte[] computeMac(byte[] header, byte[] stored) {
        mac.update(directionByte);
        mac.update(ByteBuffer.allocate(8).putLong(sequence).array());
        mac.update(header, 8, 7);
        mac.update(stored);
        byte[] full = mac.doFinal();
        return java.util.Arrays.copyOf(full, MAC_BYTES);
    }
}
