package com.wolfscale.core;

import com.wolfscale.common.Epoch;
import com.wolfscale.common.NodeId;
import java.util.Map;

/**
 * A node → each peer it connects to: where its services listen ({@code api}, {@code proxy},
 * {@code database}, as {@code host:port}). The core ignores it; the node uses it to route writes and API
 * calls to the leader and to list servers. Sent on every (re)connect, so a restarted node's new
 * addresses reach everyone.
 */
public record Advertisement(NodeId from, Epoch epoch, Map<String, String> endpoints) implements Message {

    public static final String API = "api";
    public static final String PROXY = "proxy";
    public static final String DATABASE = "database";

    public Advertisement {
        endpoints = Map.copyOf(endpoints);
    }
}
