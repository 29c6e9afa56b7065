package com.wolfscale.transport;

import com.wolfscale.common.NodeId;
import com.wolfscale.core.Message;

/**
 * Receives what arrives from authenticated peers. Called on the connection's reader thread: it must not
 * block (hand long work, such as a parked fetch, to another thread).
 */
public interface TransportListener {

    void onMessage(NodeId from, Message message);

    default void onConnected(NodeId peer) {
    }

    default void onDisconnected(NodeId peer) {
    }
}
