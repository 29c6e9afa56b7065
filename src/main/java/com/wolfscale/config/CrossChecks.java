package com.wolfscale.config;

import java.util.Map;

/** Rules that span keys or sections, run after every section has been read. */
final class CrossChecks {

    private CrossChecks() {
    }

    static void check(WolfscaleConfig c, Map<String, SectionReader> readers, ProblemList problems) {
        SectionReader cluster = readers.get("cluster");
        for (PeerAddress peer : c.cluster().peers()) {
            if (peer.nodeId().filter(id -> id.equals(c.node().id())).isPresent()) {
                cluster.error("peers", "\"" + peer + "\" names this node's own id; list only the other nodes");
            } else if (peer.address().equals(c.node().advertiseAddress())) {
                cluster.warning("peers", "\"" + peer + "\" is this node's own address and is skipped");
            }
        }
        boolean multiNode = !c.cluster().peers().isEmpty();
        if (multiNode && c.cluster().secret().isEmpty()) {
            cluster.warning("secret", "a multi-node cluster needs a shared secret (`wolfscale init` generates one, "
                    + "or set " + ClusterSection.SECRET_ENV + "); the node will not start without it");
        }
        if (multiNode && c.node().bindAddress().isWildcard() && !readers.get("node").has("advertise_address")) {
            readers.get("node").warning("advertise_address", "not set while bind_address is "
                    + c.node().bindAddress() + "; other nodes will be told to use " + c.node().bindAddress()
                    + " — set the address they can reach");
        }
        if (c.cluster().bootstrap()) {
            cluster.warning("bootstrap", "applies on every start; prefer `wolfscale start --bootstrap` once for the "
                    + "first node (a node refuses to bootstrap when a cluster already exists)");
        }
        if (c.api().enabled() && c.api().token().isEmpty()) {
            readers.get("api").warning("token", "no API token: mutating endpoints (writes, promote, reset) will "
                    + "answer 403 until you set one (or " + ApiSection.TOKEN_ENV + ")");
        }
        if (c.cluster().neverLeader() && c.cluster().peers().isEmpty()) {
            cluster.error("never_leader", "a single-node cluster needs a node that may lead");
        }
    }
}
