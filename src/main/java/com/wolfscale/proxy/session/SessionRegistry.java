package com.wolfscale.proxy.session;

import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The live client sessions of one proxy, by the connection id the proxy gave each client in its greeting
 * (what clients pass to {@code KILL}). Hands out those ids and counts sessions for {@code max_connections}.
 *
 * <p>Thread-safe.
 */
public final class SessionRegistry {

    private final ConcurrentHashMap<Long, ClientSession> sessions = new ConcurrentHashMap<>();
    private final AtomicLong nextId = new AtomicLong(1);

    public long nextConnectionId() {
        return nextId.getAndIncrement() & 0xFFFF_FFFFL;
    }

    void add(ClientSession session) {
        sessions.put(session.connectionId(), session);
    }

    void remove(ClientSession session) {
        sessions.remove(session.connectionId(), session);
    }

    public Optional<ClientSession> find(long connectionId) {
        return Optional.ofNullable(sessions.get(connectionId));
    }

    public int size() {
        return sessions.size();
    }

    public Collection<ClientSession> all() {
        return sessions.values();
    }
}
