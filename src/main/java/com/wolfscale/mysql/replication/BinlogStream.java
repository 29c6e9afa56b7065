package com.wolfscale.mysql.replication;

import com.wolfscale.mysql.Packet;
import com.wolfscale.mysql.PacketReader;
import com.wolfscale.mysql.ProtocolException;
import com.wolfscale.mysql.binlog.BinlogEvent;
import com.wolfscale.mysql.binlog.ChecksumAlgorithm;
import com.wolfscale.mysql.binlog.EventType;
import com.wolfscale.mysql.binlog.FormatDescriptionEvent;
import com.wolfscale.mysql.binlog.RotateEvent;
import com.wolfscale.mysql.packet.EofPacket;
import com.wolfscale.mysql.packet.ErrPacket;
import java.io.IOException;
import java.util.Arrays;
import java.util.Optional;

/**
 * Reads the event packets that follow COM_BINLOG_DUMP.
 *
 * <pre>
 * packet                              | meaning
 * ------------------------------------+---------------------------------------------------------
 * 0x00, event                         | one event (events of 16 MiB and more span several packets)
 * 0x00, 0xEF, flag, event             | the same after {@code SET @rpl_semi_sync_slave=1}; flag 0x01
 *                                     |   = the primary waits for a {@link SemiSyncAck} of this event
 * 0xFE, length &lt; 9                    | EOF: end of a non-blocking dump
 * 0xFF, ...                           | ERR: the server ended the stream
 * </pre>
 *
 * Sequence ids are not checked across packets (the server restarts them after flagged events). It tracks
 * the current binlog file (from ROTATE events, for ACKs) and the FORMAT_DESCRIPTION in force (for
 * checksums and decoding), and verifies every event's CRC-32 when asked to.
 *
 * <p>Not thread-safe: owned by the capture thread reading the connection.
 */
public final class BinlogStream {

    public static final int OK_HEADER = 0x00;
    public static final int SEMI_SYNC_FLAG_ACK = 0x01;

    private final PacketReader reader;
    private final int maxEventBytes;
    private final boolean semiSync;
    private final boolean verifyChecksums;
    private ChecksumAlgorithm checksum;
    private FormatDescriptionEvent formatDescription;
    private String currentFile = "";

    /**
     * @param reader          the dump connection's packet reader
     * @param maxEventBytes   largest event accepted (the primary's max_allowed_packet)
     * @param checksum        what the replica declared with {@code @master_binlog_checksum}
     * @param semiSync        whether {@code @rpl_semi_sync_slave=1} was set before the dump
     * @param verifyChecksums verify every event's CRC-32 (a mismatch throws {@link ProtocolException})
     */
    public BinlogStream(PacketReader reader, int maxEventBytes, ChecksumAlgorithm checksum, boolean semiSync,
            boolean verifyChecksums) {
        this.reader = reader;
        this.maxEventBytes = maxEventBytes;
        this.checksum = checksum;
        this.semiSync = semiSync;
        this.verifyChecksums = verifyChecksums;
        this.formatDescription = FormatDescriptionEvent.mariadbDefault(checksum);
    }

    /**
     * The next event, or empty at the EOF of a non-blocking dump.
     *
     * @throws BinlogStreamException when the server sends an ERR
     * @throws ProtocolException     for malformed packets or a checksum mismatch
     */
    public Optional<EventPacket> next() throws IOException {
        Packet p = reader.read((int) Math.min(Integer.MAX_VALUE, maxEventBytes + 3L)); // + OK byte, semi-sync header
        byte[] payload = p.payload();
        int first = p.firstByte();
        if (first == ErrPacket.HEADER) {
            throw new BinlogStreamException(ErrPacket.decode(payload));
        }
        if (EofPacket.isEof(payload)) {
            return Optional.empty();
        }
        if (first != OK_HEADER) {
            throw new ProtocolException(String.format("binlog stream packet starts with 0x%02X, not 0x00", first));
        }
        int offset = 1;
        boolean ack = false;
        if (semiSync) {
            if (payload.length < 3 || (payload[1] & 0xFF) != SemiSyncAck.MAGIC) {
                throw new ProtocolException("semi-sync event packet lacks the 0xEF header: "
                        + ProtocolException.hexPrefix(payload, 0, payload.length));
            }
            ack = (payload[2] & 0xFF) == SEMI_SYNC_FLAG_ACK;
            offset = 3;
        }
        return Optional.of(new EventPacket(event(Arrays.copyOfRange(payload, offset, payload.length)), ack));
    }

    private BinlogEvent event(byte[] bytes) {
        boolean fde = bytes.length > 4 && (bytes[4] & 0xFF) == EventType.FORMAT_DESCRIPTION;
        BinlogEvent event = BinlogEvent.of(bytes, !fde && checksum == ChecksumAlgorithm.CRC32);
        if (fde) {
            formatDescription = FormatDescriptionEvent.decode(event);
            checksum = formatDescription.checksumAlgorithm() == ChecksumAlgorithm.CRC32
                    ? ChecksumAlgorithm.CRC32 : ChecksumAlgorithm.OFF;
            event = BinlogEvent.of(bytes, checksum == ChecksumAlgorithm.CRC32);
        }
        if (verifyChecksums) {
            event.verifyChecksum();
        }
        if (event.type() == EventType.ROTATE) {
            currentFile = RotateEvent.decode(event).nextFile();
        }
        return event;
    }

    /** The FORMAT_DESCRIPTION in force (a MariaDB default until the stream sent one). */
    public FormatDescriptionEvent formatDescription() {
        return formatDescription;
    }

    /** The binlog file the last event came from (what a {@link SemiSyncAck} names). */
    public String currentFile() {
        return currentFile;
    }
}
