package com.wolfscale.transport;

import com.wolfscale.common.Epoch;
import com.wolfscale.common.Lsn;
import com.wolfscale.common.NodeId;
import com.wolfscale.core.Advertisement;
import com.wolfscale.core.FetchRequest;
import com.wolfscale.core.FetchResponse;
import com.wolfscale.core.Heartbeat;
import com.wolfscale.core.HeartbeatAck;
import com.wolfscale.core.LogRecord;
import com.wolfscale.core.Message;
import com.wolfscale.core.PeerReport;
import com.wolfscale.core.Role;
import com.wolfscale.core.StatusReport;
import com.wolfscale.core.TimeoutNow;
import com.wolfscale.core.VoteRequest;
import com.wolfscale.core.VoteResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Binary encoding of the core's messages (frame format version 1). Integers are big-endian; positions
 * and epochs are u64; strings are u16 length + UTF-8; optionals are a presence byte. Decoding checks
 * every length against what remains, so a malformed body fails with {@link TransportException} instead
 * of allocating or looping.
 *
 * <pre>
 * type  message        body
 * 10    Heartbeat      from, epoch, seq, commitLsn, report, transferTo (u8 presence + string)
 * 11    HeartbeatAck   from, epoch, seq, report
 * 12    StatusReport   from, epoch, report
 * 13    VoteRequest    from, epoch, lastEpoch, lastLsn, flags(bit0 preVote, bit1 transfer)
 * 14    VoteResponse   from, epoch, flags(bit0 granted, bit1 preVote)
 * 15    TimeoutNow     from, epoch
 * 16    FetchRequest   from, epoch, fromLsn, prevEpoch, durableLsn, appliedLsn, maxRecords u32, maxBytes u64
 * 17    FetchResponse  from, epoch, fromLeader u8, commitLsn, requestFrom, outcome u8, outcome body:
 *                      1 Records: count u32, then per record lsn, epoch, timestampMicros, type u8,
 *                                 payload length u32, payload
 *                      2 Diverged: truncateTo   3 SnapshotNeeded: firstAvailable   4 Refused: reason
 * 18    Advertisement  from, epoch, count u16 (at most 32), then per endpoint name string, host:port string
 * report = role u8, leader optional string, lastEpoch, lastLsn, durableLsn, lastMicros, appliedLsn,
 *          appliedMicros, flags(bit0 eligible, bit1 dbHealthy, bit2 needsMigration)
 * </pre>
 */
public final class MessageCodec {

    static final byte HEARTBEAT = 10;
    static final byte HEARTBEAT_ACK = 11;
    static final byte STATUS = 12;
    static final byte VOTE_REQUEST = 13;
    static final byte VOTE_RESPONSE = 14;
    static final byte TIMEOUT_NOW = 15;
    static final byte FETCH_REQUEST = 16;
    static final byte FETCH_RESPONSE = 17;
    static final byte ADVERTISEMENT = 18;
    /** An advertisement names a handful of endpoints; more is malformed. */
    static final int MAX_ENDPOINTS = 32;

    private MessageCodec() {
    }

    static byte typeOf(Message m) {
        return switch (m) {
            case Heartbeat h -> HEARTBEAT;
            case HeartbeatAck a -> HEARTBEAT_ACK;
            case StatusReport s -> STATUS;
            case VoteRequest v -> VOTE_REQUEST;
            case VoteResponse v -> VOTE_RESPONSE;
            case TimeoutNow t -> TIMEOUT_NOW;
            case FetchRequest f -> FETCH_REQUEST;
            case FetchResponse f -> FETCH_RESPONSE;
            case Advertisement a -> ADVERTISEMENT;
        };
    }

    public static byte[] encode(Message m) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            string(out, m.from().value());
            out.writeLong(m.epoch().value());
            switch (m) {
                case Heartbeat h -> {
                    out.writeLong(h.seq());
                    out.writeLong(h.commitLsn().value());
                    report(out, h.report());
                    out.writeBoolean(h.transferTo().isPresent());
                    if (h.transferTo().isPresent()) {
                        string(out, h.transferTo().get().value());
                    }
                }
                case HeartbeatAck a -> {
                    out.writeLong(a.seq());
                    report(out, a.report());
                }
                case StatusReport s -> report(out, s.report());
                case VoteRequest v -> {
                    out.writeLong(v.lastEpoch().value());
                    out.writeLong(v.lastLsn().value());
                    out.writeByte((v.preVote() ? 1 : 0) | (v.transfer() ? 2 : 0));
                }
                case VoteResponse v -> out.writeByte((v.granted() ? 1 : 0) | (v.preVote() ? 2 : 0));
                case TimeoutNow t -> { }
                case FetchRequest f -> {
                    out.writeLong(f.fromLsn().value());
                    out.writeLong(f.prevEpoch().value());
                    out.writeLong(f.durableLsn().value());
                    out.writeLong(f.appliedLsn().value());
                    out.writeInt(f.maxRecords());
                    out.writeLong(f.maxBytes());
                }
                case FetchResponse f -> fetchResponse(out, f);
                case Advertisement a -> {
                    out.writeShort(a.endpoints().size());
                    for (var e : new java.util.TreeMap<>(a.endpoints()).entrySet()) {
                        string(out, e.getKey());
                        string(out, e.getValue());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen on a byte array
        }
        return bytes.toByteArray();
    }

    private static void fetchResponse(DataOutputStream out, FetchResponse f) throws IOException {
        out.writeByte(f.fromLeader() ? 1 : 0);
        out.writeLong(f.commitLsn().value());
        out.writeLong(f.requestFrom().value());
        switch (f.outcome()) {
            case FetchResponse.Records r -> {
                out.writeByte(1);
                out.writeInt(r.records().size());
                for (LogRecord rec : r.records()) {
                    out.writeLong(rec.lsn().value());
                    out.writeLong(rec.epoch().value());
                    out.writeLong(rec.timestampMicros());
                    out.writeByte(rec.type());
                    out.writeInt(rec.payload().length);
                    out.write(rec.payload());
                }
            }
            case FetchResponse.Diverged d -> {
                out.writeByte(2);
                out.writeLong(d.truncateTo().value());
            }
            case FetchResponse.SnapshotNeeded s -> {
                out.writeByte(3);
                out.writeLong(s.firstAvailable().value());
            }
            case FetchResponse.Refused r -> {
                out.writeByte(4);
                string(out, r.reason().length() > 2000 ? r.reason().substring(0, 2000) : r.reason());
            }
        }
    }

    public static Message decode(byte type, byte[] body) throws TransportException {
        try {
            Reader in = new Reader(body);
            NodeId from = in.nodeId();
            Epoch epoch = in.epoch();
            Message m = switch (type) {
                case HEARTBEAT -> new Heartbeat(from, epoch, in.s64(), in.lsn(), in.report(),
                        in.u8() != 0 ? Optional.of(in.nodeId()) : Optional.empty());
                case HEARTBEAT_ACK -> new HeartbeatAck(from, epoch, in.s64(), in.report());
                case STATUS -> new StatusReport(from, epoch, in.report());
                case VOTE_REQUEST -> {
                    Epoch lastEpoch = in.epoch();
                    Lsn lastLsn = in.lsn();
                    int flags = in.u8();
                    yield new VoteRequest(from, epoch, lastEpoch, lastLsn, (flags & 1) != 0, (flags & 2) != 0);
                }
                case VOTE_RESPONSE -> {
                    int flags = in.u8();
                    yield new VoteResponse(from, epoch, (flags & 1) != 0, (flags & 2) != 0);
                }
                case TIMEOUT_NOW -> new TimeoutNow(from, epoch);
                case FETCH_REQUEST -> new FetchRequest(from, epoch, in.lsn(), in.epoch(), in.lsn(), in.lsn(),
                        in.nonNegativeInt(), in.s64());
                case FETCH_RESPONSE -> fetchResponse(in, from, epoch);
                case ADVERTISEMENT -> {
                    int n = in.u16();
                    if (n > MAX_ENDPOINTS) {
                        throw new TransportException("advertisement with " + n + " endpoints (at most " + MAX_ENDPOINTS + ")");
                    }
                    java.util.Map<String, String> endpoints = new java.util.HashMap<>();
                    for (int i = 0; i < n; i++) {
                        endpoints.put(in.string(), in.string());
                    }
                    yield new Advertisement(from, epoch, endpoints);
                }
                default -> throw new TransportException("unknown message type " + type);
            };
            in.expectEnd();
            return m;
        } catch (IOException | IllegalArgumentException e) {
            throw e instanceof TransportException t ? t
                    : new TransportException("malformed message of type " + type + ": " + e.getMessage(), e);
        }
    }

    private static FetchResponse fetchResponse(Reader in, NodeId from, Epoch epoch) throws IOException {
        boolean fromLeader = in.u8() != 0;
        Lsn commit = in.lsn();
        Lsn requestFrom = in.lsn();
        FetchResponse.FetchOutcome outcome = switch (in.u8()) {
            case 1 -> {
                int count = in.positiveInt();
                List<LogRecord> records = new ArrayList<>(Math.min(count, 1024));
                for (int i = 0; i < count; i++) {
                    Lsn lsn = in.lsn();
                    Epoch e = in.epoch();
                    long ts = in.s64();
                    byte t = (byte) in.u8();
                    records.add(new LogRecord(lsn, e, ts, t, in.bytes(in.positiveInt())));
                }
                yield new FetchResponse.Records(records);
            }
            case 2 -> new FetchResponse.Diverged(in.lsn());
            case 3 -> new FetchResponse.SnapshotNeeded(in.lsn());
            case 4 -> new FetchResponse.Refused(in.string());
            default -> throw new TransportException("unknown fetch outcome");
        };
        return new FetchResponse(from, epoch, fromLeader, commit, requestFrom, outcome);
    }

    private static void report(DataOutputStream out, PeerReport r) throws IOException {
        out.writeByte(r.role().ordinal());
        out.writeBoolean(r.leader().isPresent());
        if (r.leader().isPresent()) {
            string(out, r.leader().get().value());
        }
        out.writeLong(r.lastEpoch().value());
        out.writeLong(r.lastLsn().value());
        out.writeLong(r.durableLsn().value());
        out.writeLong(r.lastMicros());
        out.writeLong(r.appliedLsn().value());
        out.writeLong(r.appliedMicros());
        out.writeByte((r.eligible() ? 1 : 0) | (r.dbHealthy() ? 2 : 0) | (r.needsMigration() ? 4 : 0));
    }

    static void string(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length > 0xFFFF) {
            throw new IllegalArgumentException("string too long for the codec: " + b.length + " bytes");
        }
        out.writeShort(b.length);
        out.write(b);
    }

    /** Bounds-checked reads over one message body. */
    static final class Reader {
        private final DataInputStream in;
        private final int size;

        Reader(byte[] body) {
            this.in = new DataInputStream(new ByteArrayInputStream(body));
            this.size = body.length;
        }

        int remaining() throws IOException {
            return in.available();
        }

        long s64() throws IOException {
            return in.readLong();
        }

        int u8() throws IOException {
            return in.readUnsignedByte();
        }

        int u16() throws IOException {
            return in.readUnsignedShort();
        }

        /** A count of items in the body: it cannot exceed the body size. */
        int positiveInt() throws IOException {
            int v = in.readInt();
            if (v < 0 || v > size) {
                throw new TransportException("count " + v + " impossible in a body of " + size + " bytes");
            }
            return v;
        }

        int nonNegativeInt() throws IOException {
            int v = in.readInt();
            if (v < 0) {
                throw new TransportException("negative value " + v);
            }
            return v;
        }

        byte[] bytes(int n) throws IOException {
            if (n > remaining()) {
                throw new TransportException("declared " + n + " bytes, " + remaining() + " remain");
            }
            byte[] b = new byte[n];
            in.readFully(b);
            return b;
        }

        String string() throws IOException {
            return new String(bytes(in.readUnsignedShort()), StandardCharsets.UTF_8);
        }

        NodeId nodeId() throws IOException {
            return NodeId.of(string());
        }

        Lsn lsn() throws IOException {
            return Lsn.of(in.readLong());
        }

        Epoch epoch() throws IOException {
            return Epoch.of(in.readLong());
        }

        PeerReport report() throws IOException {
            int roleIndex = u8();
            if (roleIndex >= Role.values().length) {
                throw new TransportException("bad role " + roleIndex);
            }
            Optional<NodeId> leader = in.readBoolean() ? Optional.of(nodeId()) : Optional.empty();
            Epoch lastEpoch = epoch();
            Lsn last = lsn();
            Lsn durable = lsn();
            long lastMicros = s64();
            Lsn applied = lsn();
            long appliedMicros = s64();
            int flags = u8();
            return new PeerReport(Role.values()[roleIndex], leader, lastEpoch, last, durable, lastMicros, applied,
                    appliedMicros, (flags & 1) != 0, (flags & 2) != 0, (flags & 4) != 0);
        }

        void expectEnd() throws IOException {
            if (remaining() != 0) {
                throw new TransportException(remaining() + " unexpected trailing bytes");
            }
        }
    }
}
