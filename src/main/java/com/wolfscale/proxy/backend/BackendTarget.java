package com.wolfscale.proxy.backend;

import com.wolfscale.config.HostPort;

/**
 * Where a backend connection goes.
 *
 * @param address   host and port
 * @param forwarded true when the address is another node's proxy (the leader's), false for a MariaDB
 */
public record BackendTarget(HostPort address, boolean forwarded) {

    @Override
    public String toString() {
        return (forwarded ? "leader proxy " : "MariaDB ") + address;
    }
}
