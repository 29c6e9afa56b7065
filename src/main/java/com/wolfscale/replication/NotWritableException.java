package com.wolfscale.replication;

import com.wolfscale.core.CoreView;

/** A write was refused because this node may not take writes now (not leader, no lease, transferring). */
public final class NotWritableException extends RuntimeException {

    public NotWritableException(CoreView view) {
        super(describe(view));
    }

    private static String describe(CoreView v) {
        if (!v.isLeader()) {
            return "not the leader (leader: " + v.leader().map(Object::toString).orElse("unknown") + ", epoch " + v.epoch() + ")";
        }
        if (v.transferTarget().isPresent()) {
            return "leadership is being handed to " + v.transferTarget().get();
        }
        if (v.noQuorum()) {
            return "NO_QUORUM: the leader cannot reach a majority";
        }
        return "the leader is not ready yet (epoch " + v.epoch() + ")";
    }
}
