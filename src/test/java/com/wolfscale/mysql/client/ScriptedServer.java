package com.wolfscale.mysql.client;

import com.wolfscale.mysql.PacketReader;
import com.wolfscale.mysql.PacketWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A server that answers from a script: its packets are prepared in advance (the login is a fixed exchange),
 * and what the client wrote is decoded afterwards.
 */
final class ScriptedServer {

    private final ByteArrayOutputStream script = new ByteArrayOutputStream();
    private final ByteArrayOutputStream fromClient = new ByteArrayOutputStream();
    private final PacketWriter writer = new PacketWriter(script);

    ScriptedServer send(int sequenceId, byte[] payload) {
        try {
            writer.write(sequenceId, payload);
        } catch (IOException impossible) {
            throw new IllegalStateException(impossible);
        }
        return this;
    }

    ConnectionStreams streams() {
        return new ConnectionStreams(new ByteArrayInputStream(script.toByteArray()), fromClient);
    }

    /** The packets the client wrote, as (sequence id, payload). */
    List<com.wolfscale.mysql.Packet> clientPackets() throws IOException {
        PacketReader r = new PacketReader(new ByteArrayInputStream(fromClient.toByteArray()));
        List<com.wolfscale.mysql.Packet> out = new ArrayList<>();
        while (true) {
            try {
                out.add(r.read(1 << 20));
            } catch (java.io.EOFException end) {
                return out;
            }
        }
    }
}
