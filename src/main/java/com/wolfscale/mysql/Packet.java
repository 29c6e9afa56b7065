package com.wolfscale.mysql;

/**
 * One logical packet: a whole payload, reassembled from as many physical packets as it took.
 *
 * @param sequenceId     sequence id of the first physical packet
 * @param nextSequenceId the sequence id the next packet of this exchange must carry (last piece + 1, mod 256)
 * @param payload        the reassembled payload, without headers
 */
public record Packet(int sequenceId, int nextSequenceId, byte[] payload) {

    public int firstByte() {
        return payload.length > 0 ? payload[0] & 0xFF : -1;
    }

    public PayloadReader reader(String what) {
        return new PayloadReader(what, payload);
    }
}
