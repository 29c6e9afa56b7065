package com.wolfscale.proxy;

import com.wolfscale.config.HostPort;

/**
 * Where leader-bound statements go at one moment. A route is a value: the proxy compares the route its
 * leader connection was opened on with the current one to notice a leader change.
 */
public sealed interface LeaderRoute {

    /** This node leads: leader traffic goes to its own MariaDB, which is also where local reads go. */
    record LocalLeader(HostPort database) implements LeaderRoute {
    }

    /** Another node leads: leader traffic is forwarded to that node's proxy over the MySQL protocol. */
    record RemoteLeader(HostPort leaderProxy) implements LeaderRoute {
    }

    /** No leader is known (an election is running); {@code reason} is shown to clients that time out. */
    record NoLeader(String reason) implements LeaderRoute {
        /** Every NoLeader is the same route whatever its reason, so a new reason is not a leader change. */
        @Override
        public boolean equals(Object o) {
            return o instanceof NoLeader;
        }

        @Override
        public int hashCode() {
            return NoLeader.class.hashCode();
        }
    }
}
