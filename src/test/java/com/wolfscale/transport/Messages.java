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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** jqwik generators for every message type. */
final class Messages {

    private Messages() {
    }

    static Arbitrary<NodeId> ids() {
        return Arbitraries.strings().alpha().numeric().withChars('-', '.').ofMinLength(1).ofMaxLength(20).map(NodeId::of);
    }

    static Arbitrary<Lsn> lsns() {
        return Arbitraries.longs().between(0, Long.MAX_VALUE / 2).map(Lsn::of);
    }

    static Arbitrary<Epoch> epochs() {
        return Arbitraries.longs().between(0, Long.MAX_VALUE / 2).map(Epoch::of);
    }

    static Arbitrary<PeerReport> reports() {
        return Combinators.combine(Arbitraries.of(Role.values()), ids().optional(), epochs(), lsns(), lsns(),
                Arbitraries.longs(), lsns(), Arbitraries.integers().between(0, 7))
                .as((role, leader, e, last, durable, micros, applied, flags) -> new PeerReport(role, leader, e, last,
                        durable, micros, applied, micros / 2, (flags & 1) != 0, (flags & 2) != 0, (flags & 4) != 0));
    }

    static Arbitrary<LogRecord> records() {
        return Combinators.combine(lsns(), epochs(), Arbitraries.longs(), Arbitraries.bytes(),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(3000))
                .as(LogRecord::new);
    }

    static Arbitrary<FetchResponse.FetchOutcome> outcomes() {
        return Arbitraries.oneOf(
                records().list().ofMaxSize(20).map(FetchResponse.Records::new),
                lsns().map(FetchResponse.Diverged::new),
                lsns().map(FetchResponse.SnapshotNeeded::new),
                Arbitraries.strings().ofMaxLength(100).map(FetchResponse.Refused::new));
    }

    static Arbitrary<Message> messages() {
        return Arbitraries.oneOf(List.of(
                Combinators.combine(ids(), epochs(), Arbitraries.longs(), lsns(), reports(), ids().optional())
                        .as(Heartbeat::new),
                Combinators.combine(ids(), epochs(), Arbitraries.longs(), reports()).as(HeartbeatAck::new),
                Combinators.combine(ids(), epochs(), reports()).as(StatusReport::new),
                Combinators.combine(ids(), epochs(), epochs(), lsns(), Arbitraries.of(true, false),
                        Arbitraries.of(true, false)).as(VoteRequest::new),
                Combinators.combine(ids(), epochs(), Arbitraries.of(true, false), Arbitraries.of(true, false))
                        .as(VoteResponse::new),
                Combinators.combine(ids(), epochs()).as(TimeoutNow::new),
                Combinators.combine(ids(), epochs(), lsns(), epochs(), lsns(), lsns(),
                        Arbitraries.integers().between(0, 100000), Arbitraries.longs().between(0, 1 << 30))
                        .as(FetchRequest::new),
                Combinators.combine(ids(), epochs(), Arbitraries.of(true, false), lsns(), lsns(), outcomes())
                        .as(FetchResponse::new),
                Combinators.combine(ids(), epochs(), Arbitraries.maps(Arbitraries.strings().alpha().ofMaxLength(10),
                        Arbitraries.strings().ofMaxLength(60)).ofMaxSize(5)).as(Advertisement::new)).stream().map(a -> a.map(m -> (Message) m)).toList());
    }

    static List<Message> samples() {
        NodeId a = NodeId.of("node-a");
        PeerReport r = new PeerReport(Role.LEADER, Optional.of(a), Epoch.of(65537), Lsn.of(10), Lsn.of(9), 123,
                Lsn.of(8), 100, true, true, false);
        List<Message> out = new ArrayList<>();
        out.add(new Heartbeat(a, Epoch.of(65537), 4, Lsn.of(9), r, Optional.empty()));
        out.add(new FetchResponse(a, Epoch.of(65537), true, Lsn.of(9), Lsn.of(1),
                new FetchResponse.Records(List.of(new LogRecord(Lsn.of(1), Epoch.of(65537), 5, (byte) 2, new byte[2000])))));
        return out;
    }
}
