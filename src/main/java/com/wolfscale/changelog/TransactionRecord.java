package com.wolfscale.changelog;

import com.wolfscale.mysql.binlog.Gtid;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One transaction committed on the leader's MariaDB, as captured from its binlog: the payload of a WAL
 * record of type {@code TRANSACTION}. It carries the raw events a follower replays with MariaDB's
 * {@code BINLOG} statement (exact values for every type, no trigger double-firing) plus what status,
 * audit, causal reads and rejoin repair need to know without decoding them.
 *
 * <pre>
 * offset  size   field
 * 0       1      format version (1)
 * 1       1      flags: bit 0 = contains statement (QUERY) events, e.g. DDL; bit 1 = events carry a CRC-32
 * 2       4      GTID domain id (u32)
 * 6       4      GTID server id (u32)
 * 10      8      GTID sequence number (u64)
 * 18      8      commit time, microseconds since the epoch (when capture saw the transaction end)
 * 26      2+n    source binlog file name (u16 length, UTF-8)
 * ..      8      source binlog position after the transaction (what a semi-sync ACK names)
 * ..      2      number of tables T, then T × { schema (u16+UTF-8), table (u16+UTF-8),
 *                inserted u32, updated u32, deleted u32 }
 * ..      4+n    FORMAT_DESCRIPTION event of the source binlog (u32 length, raw bytes): a follower sends
 *                it once per connection before any BINLOG statement
 * ..      4      number of events E, then E × { u32 length, raw event bytes as in the binlog }
 * </pre>
 * Events kept: TABLE_MAP, WRITE/UPDATE/DELETE_ROWS (decompressed), QUERY (with any INTVAR/RAND/USER_VAR
 * before it). GTID, XID and ANNOTATE_ROWS are not kept: their content is in the fields above or unused.
 * Integers are big-endian. Decoding checks every length against the remaining bytes.
 */
public record TransactionRecord(Gtid gtid, long commitMicros, String binlogFile, long binlogEndPosition,
                                List<TableChange> tables, byte[] formatDescription, List<byte[]> events,
                                boolean hasStatements, boolean checksummed) {

    static final byte VERSION = 1;

    public TransactionRecord {
        tables = List.copyOf(tables);
        events = List.copyOf(events);
    }

    public long rowCount() {
        return tables.stream().mapToLong(TableChange::rows).sum();
    }

    public byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 + formatDescription.length
                + events.stream().mapToInt(e -> e.length + 4).sum());
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeByte((hasStatements ? 1 : 0) | (checksummed ? 2 : 0));
            out.writeInt((int) gtid.domainId());
            out.writeInt((int) gtid.serverId());
            out.writeLong(gtid.sequence());
            out.writeLong(commitMicros);
            string(out, binlogFile);
            out.writeLong(binlogEndPosition);
            out.writeShort(tables.size());
            for (TableChange t : tables) {
                string(out, t.schema());
                string(out, t.table());
                out.writeInt((int) t.inserted());
                out.writeInt((int) t.updated());
                out.writeInt((int) t.deleted());
            }
            out.writeInt(formatDescription.length);
            out.write(formatDescription);
            out.writeInt(events.size());
            for (byte[] e : events) {
                out.writeInt(e.length);
                out.write(e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Decodes a record; {@link IllegalArgumentException} with the reason when the bytes are not one. */
    public static TransactionRecord decode(byte[] payload) {
        ByteBuffer in = ByteBuffer.wrap(payload);
        try {
            byte version = in.get();
            if (version != VERSION) {
                throw new IllegalArgumentException("unknown transaction record version " + version);
            }
            int flags = in.get();
            Gtid gtid = new Gtid(Integer.toUnsignedLong(in.getInt()), Integer.toUnsignedLong(in.getInt()), in.getLong());
            long micros = in.getLong();
            String file = string(in);
            long end = in.getLong();
            int tableCount = Short.toUnsignedInt(in.getShort());
            List<TableChange> tables = new ArrayList<>(tableCount);
            for (int i = 0; i < tableCount; i++) {
                tables.add(new TableChange(string(in), string(in), Integer.toUnsignedLong(in.getInt()),
                        Integer.toUnsignedLong(in.getInt()), Integer.toUnsignedLong(in.getInt())));
            }
            byte[] fde = bytes(in, in.getInt());
            int eventCount = in.getInt();
            if (eventCount < 0 || eventCount > in.remaining() / 4) {
                throw new IllegalArgumentException("event count " + eventCount + " impossible");
            }
            List<byte[]> events = new ArrayList<>(eventCount);
            for (int i = 0; i < eventCount; i++) {
                events.add(bytes(in, in.getInt()));
            }
            if (in.hasRemaining()) {
                throw new IllegalArgumentException(in.remaining() + " trailing bytes");
            }
            return new TransactionRecord(gtid, micros, file, end, tables, fde, events, (flags & 1) != 0, (flags & 2) != 0);
        } catch (java.nio.BufferUnderflowException e) {
            throw new IllegalArgumentException("transaction record truncated", e);
        }
    }

    /** Reads only the GTID (cheap: for indexes that map GTIDs to LSNs). */
    public static Gtid gtidOf(byte[] payload) {
        ByteBuffer in = ByteBuffer.wrap(payload);
        if (payload.length < 18 || in.get() != VERSION) {
            throw new IllegalArgumentException("not a transaction record");
        }
        in.get();
        return new Gtid(Integer.toUnsignedLong(in.getInt()), Integer.toUnsignedLong(in.getInt()), in.getLong());
    }

    private static void string(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeShort(b.length);
        out.write(b);
    }

    private static String string(ByteBuffer in) {
        return new String(bytes(in, Short.toUnsignedInt(in.getShort())), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(ByteBuffer in, int n) {
        if (n < 0 || n > in.remaining()) {
            throw new IllegalArgumentException("length " + n + " exceeds the " + in.remaining() + " bytes left");
        }
        byte[] b = new byte[n];
        in.get(b);
        return b;
    }

    @Override
    public String toString() {
        return "TransactionRecord[" + gtid + ", " + tables.size() + " table(s), " + rowCount() + " row(s), "
                + events.size() + " event(s)" + (hasStatements ? ", statements" : "") + "]";
    }
}
