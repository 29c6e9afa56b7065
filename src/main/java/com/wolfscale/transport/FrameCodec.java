package com.wolfscale.transport;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.zip.CRC32C;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;

/**
 * Frames on a peer connection. Every frame is length-prefixed and CRC32C-checked. After the handshake the
 * body of every frame is encrypted and authenticated with AES-256-GCM under the session key both sides
 * derived from the cluster secret and the handshake nonces; the GCM nonce is the direction and a
 * per-direction sequence number, so a frame cannot be forged, read, replayed or reordered (AES-GCM runs
 * on the CPU's AES instructions: far cheaper than an HMAC over replicated data).
 *
 * <pre>
 * offset  size  field
 * 0       4     length L of everything after this field (u32 big-endian); 11 &lt;= L &lt;= max frame
 * 4       4     CRC32C of bytes [8, 4+L) — checked before anything else is looked at
 * 8       1     format version (2)
 * 9       1     message type ({@link MessageCodec})
 * 10      1     flags: bit 0 = body LZ4-compressed (before encryption), bit 1 = body encrypted,
 *               bit 2 = a fragment of a larger message, more fragments follow
 * 11      4     body length before compression (u32); bounds the decompression buffer
 * 15      n     stored body: plain, or AES-256-GCM ciphertext followed by its 16-byte tag; the GCM
 *               additional data is bytes [8, 15), the nonce is direction (u32) ‖ sequence (u64)
 * </pre>
 * Bodies over {@value #COMPRESS_ABOVE} bytes are compressed when that helps; a connection whose data does
 * not compress stops trying for a while. Not thread-safe: one reader and one writer per connection, each
 * with its own codec.
 */
final class FrameCodec {

    static final byte VERSION = 2;
    static final int COMPRESS_ABOVE = 512;
    static final int TAG_BYTES = 16;
    private static final int FIXED = 11;
    private static final LZ4Factory LZ4 = LZ4Factory.fastestInstance();

    private int maxFrameBytes;
    private final boolean outbound;
    private Cipher cipher;
    private SecretKeySpec key;
    private int direction;
    private long sequence;
    private int compressionMisses;
    private int skipCompression;

    /** @param outbound true for the sending direction */
    FrameCodec(int maxFrameBytes, boolean outbound) {
        this.maxFrameBytes = maxFrameBytes;
        this.outbound = outbound;
    }

    /** Allows larger frames once the peer has authenticated (a stranger gets only a small buffer). */
    void raiseLimit(int bytes) {
        maxFrameBytes = bytes;
    }

    /** From now on bodies are encrypted (writing) or must be (reading) under this 32-byte session key. */
    void authenticate(byte[] sessionKey, boolean initiator) {
        try {
            cipher = Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM unavailable", e);
        }
        key = new SecretKeySpec(Arrays.copyOf(sessionKey, 32), "AES");
        // both ends must agree which direction a frame travels: 1 = from the dialing node, 2 = towards it
        direction = (initiator == outbound) ? 1 : 2;
    }

    void write(OutputStream out, byte type, byte[] body) throws IOException {
        write(out, type, body, false);
    }

    /** Writes one frame; {@code more} marks a fragment that further fragments of the same message follow. */
    void write(OutputStream out, byte type, byte[] body, boolean more) throws IOException {
        byte flags = more ? (byte) 4 : 0;
        byte[] stored = maybeCompress(body);
        if (stored != body) {
            flags |= 1;
        }
        ByteBuffer header = ByteBuffer.allocate(15);
        if (cipher != null) {
            flags |= 2;
        }
        header.putInt(0).putInt(0).put(VERSION).put(type).put(flags).putInt(body.length);
        if (cipher != null) {
            stored = crypt(Cipher.ENCRYPT_MODE, header.array(), stored);
        }
        int length = FIXED + stored.length;
        if (length > maxFrameBytes) {
            throw new TransportException("frame of " + length + " bytes exceeds the maximum " + maxFrameBytes);
        }
        header.putInt(0, length);
        CRC32C crc = new CRC32C();
        crc.update(header.array(), 8, 7);
        crc.update(stored);
        header.putInt(4, (int) crc.getValue());
        out.write(header.array());
        out.write(stored);
        sequence++;
    }

    /** Reads one frame; {@link EOFException} at a clean end of stream between frames. */
    Frame read(DataInputStream in) throws IOException {
        int length = in.readInt();
        int minimum = FIXED + (cipher == null ? 0 : TAG_BYTES);
        if (length < minimum || length > maxFrameBytes) {
            throw new TransportException("frame length " + length + " outside [" + minimum + ", " + maxFrameBytes + "]");
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
        if (((flags & 2) != 0) != (cipher != null)) {
            throw new TransportException(cipher != null ? "unencrypted frame after the handshake" : "unexpected encrypted frame");
        }
        byte[] stored = Arrays.copyOfRange(rest, FIXED, length);
        if (cipher != null) {
            byte[] header = new byte[15];
            System.arraycopy(rest, 4, header, 8, 7);
            stored = crypt(Cipher.DECRYPT_MODE, header, stored);
        }
        sequence++;
        return new Frame(type, decompress(flags, stored, bodyLength), (flags & 4) != 0);
    }

    private byte[] maybeCompress(byte[] body) {
        if (body.length <= COMPRESS_ABOVE || skipCompression > 0) {
            skipCompression = Math.max(0, skipCompression - 1);
            return body;
        }
        LZ4Compressor c = LZ4.fastCompressor();
        byte[] buf = new byte[c.maxCompressedLength(body.length)];
        int n = c.compress(body, 0, body.length, buf, 0, buf.length);
        if (n < body.length * 9 / 10) {
            compressionMisses = 0;
            return Arrays.copyOf(buf, n);
        }
        if (++compressionMisses >= 8) {
            skipCompression = 64; // this connection's data does not compress: stop paying for trying
            compressionMisses = 0;
        }
        return body;
    }

    private byte[] crypt(int mode, byte[] header, byte[] data) throws TransportException {
        byte[] nonce = ByteBuffer.allocate(12).putInt(direction).putLong(sequence).array();
        try {
            cipher.init(mode, key, new GCMParameterSpec(TAG_BYTES * 8, nonce));
            cipher.updateAAD(header, 8, 7);
            return cipher.doFinal(data);
        } catch (AEADBadTagException e) {
            throw new TransportException("frame failed authentication: forged, replayed or corrupted");
        } catch (GeneralSecurityException e) {
            throw new TransportException("frame encryption failed: " + e.getMessage(), e);
        }
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
}
