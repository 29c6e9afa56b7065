package com.wolfscale.proxy.session;

import com.wolfscale.mysql.ProtocolException;
import com.wolfscale.mysql.RawPacket;
import com.wolfscale.mysql.response.Expect;
import com.wolfscale.mysql.response.ResponseSummary;
import com.wolfscale.mysql.response.ResponseTracker;
import com.wolfscale.proxy.backend.BackendConnection;
import com.wolfscale.proxy.session.ClientChannel.ClientGoneException;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * Relays one command's response from a backend to the client, packet by packet and unchanged: each physical
 * packet is written as it arrives and the client stream is flushed whenever the backend has nothing more
 * buffered, so a large result streams through in constant memory and a small one costs one flush. The
 * {@link ResponseTracker} says where the response ends; LOCAL INFILE content flows the other way until the
 * empty packet that ends the file.
 *
 * <p>Stateless; runs on the session's thread.
 */
final class ResponseRelay {

    /**
     * How a relay ended.
     *
     * @param summary        what the response said (null when the backend failed)
     * @param relayedPackets packets already written to the client
     * @param nextSequenceId the sequence id an ERR to the client must carry now
     * @param failure        why the backend failed, or null
     */
    record Outcome(ResponseSummary summary, int relayedPackets, int nextSequenceId, Exception failure) {
        boolean backendFailed() {
            return failure != null;
        }
    }

    /**
     * The leader's database answered ER_OPTION_PREVENTS_STATEMENT (1290, read_only) before running anything:
     * it is handing leadership over or being fenced. The ERR packet was not relayed; the caller waits for the
     * new leader and sends the statement again, or relays {@code packet} when the wait runs out.
     */
    static final class LeaderReadOnly extends Exception {
        final transient RawPacket packet;

        LeaderReadOnly(RawPacket packet) {
            super("the leader's database is read-only (1290): leadership is moving", null, false, false);
            this.packet = packet;
        }
    }

    /** MariaDB's ER_OPTION_PREVENTS_STATEMENT, what {@code read_only} answers a write. */
    static final int ER_OPTION_PREVENTS_STATEMENT = 1290;

    private ResponseRelay() {
    }

    static Outcome relay(BackendConnection backend, ClientChannel client, byte[] payload,
            Consumer<RawPacket> firstPacket) throws ClientGoneException {
        return relay(backend, client, payload, firstPacket, false);
    }

    private static boolean isReadOnlyError(RawPacket p) {
        byte[] f = p.frame();
        return f.length >= RawPacket.HEADER_SIZE + 3 && (f[RawPacket.HEADER_SIZE] & 0xFF) == 0xFF
                && ((f[RawPacket.HEADER_SIZE + 1] & 0xFF) | (f[RawPacket.HEADER_SIZE + 2] & 0xFF) << 8)
                == ER_OPTION_PREVENTS_STATEMENT;
    }

    /**
     * Sends {@code payload} to the backend and relays the response.
     *
     * @param firstPacket applied to the first response packet before it is relayed (statement id rewriting)
     * @param holdReadOnly a first packet that is a read_only refusal is not relayed but returned as a
     *                     {@link LeaderReadOnly} failure (the backend stays in step: the ERR ends the response)
     * @throws ClientGoneException when the client stops reading; the backend is then out of step
     */
    static Outcome relay(BackendConnection backend, ClientChannel client, byte[] payload,
            Consumer<RawPacket> firstPacket, boolean holdReadOnly) throws ClientGoneException {
        int command = payload[0] & 0xFF;
        try {
            backend.sendCommand(payload);
        } catch (IOException e) {
            return new Outcome(null, 0, 1, e);
        }
        ResponseTracker tracker = ResponseTracker.forCommand(command, backend.capabilities());
        int relayed = 0;
        int nextSeq = 1;
        while (true) {
            RawPacket packet;
            Expect expect;
            try {
                if (!backend.hasBufferedBytes()) {
                    client.flush();
                }
                packet = backend.readRaw();
                expect = tracker.accept(packet);
            } catch (IOException | ProtocolException e) {
                if (e instanceof ClientGoneException gone) {
                    throw gone;
                }
                return new Outcome(null, relayed, nextSeq, e);
            }
            if (relayed == 0 && holdReadOnly && isReadOnlyError(packet)) {
                return new Outcome(null, 0, 1, new LeaderReadOnly(packet));
            }
            if (relayed == 0 && firstPacket != null) {
                firstPacket.accept(packet);
            }
            client.writeRaw(packet);
            relayed++;
            nextSeq = (packet.sequenceId() + 1) & 0xFF;
            if (expect == Expect.DONE) {
                client.flush();
                return new Outcome(tracker.summary(), relayed, nextSeq, null);
            }
            if (expect == Expect.CLIENT_INFILE_DATA) {
                Exception failed = relayInfile(backend, client, tracker);
                if (failed != null) {
                    return new Outcome(null, relayed, nextSeq, failed);
                }
            }
        }
    }

    /** Copies the client's LOCAL INFILE packets to the backend until the empty one that ends the file. */
    private static Exception relayInfile(BackendConnection backend, ClientChannel client, ResponseTracker tracker)
            throws ClientGoneException {
        client.flush();
        Expect expect = Expect.CLIENT_INFILE_DATA;
        while (expect == Expect.CLIENT_INFILE_DATA) {
            RawPacket data;
            try {
                data = client.readRaw();
            } catch (IOException e) {
                throw new ClientGoneException(e);
            }
            expect = tracker.acceptClient(data);
            try {
                backend.writeRaw(data);
            } catch (IOException e) {
                return e;
            }
        }
        try {
            backend.flush();
            return null;
        } catch (IOException e) {
            return e;
        }
    }
}
