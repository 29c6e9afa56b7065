package com.wolfscale.config;

import java.nio.file.Path;

/**
 * {@code [node]}: who this node is and where it keeps its data.
 *
 * @param id               node identity; the lowest id (plain string order) among eligible nodes leads
 * @param bindAddress      cluster (peer-to-peer) listen address, conventionally {@code 0.0.0.0:7654}
 * @param dataDir          holds the WAL and the node's durable state
 * @param advertiseAddress the address other nodes and clients are told to use; defaults to bindAddress
 */
public record NodeSection(String id, HostPort bindAddress, Path dataDir, HostPort advertiseAddress) {

    public static final String DEFAULT_DATA_DIR = "/var/lib/wolfscale";
    private static final HostPort PLACEHOLDER = new HostPort("0.0.0.0", 7654);

    static NodeSection read(SectionReader r) {
        String id = r.requiredText("id", "give this node a unique id, e.g. id = \"node-1\"");
        if (!id.isEmpty() && !NodeIds.isValid(id)) {
            r.error("id", "\"" + id + "\" is not a valid node id: " + NodeIds.rule());
        }
        if (!r.has("bind_address")) {
            r.error("bind_address", "required key is missing; the cluster listen address, e.g. bind_address = \"0.0.0.0:7654\"");
        }
        HostPort bind = r.address("bind_address").orElse(PLACEHOLDER);
        Path dataDir = Path.of(r.text("data_dir", DEFAULT_DATA_DIR));
        HostPort advertise = r.address("advertise_address").orElse(bind);
        if (advertise.isWildcard() && r.has("advertise_address")) {
            r.error("advertise_address", "must be an address other nodes can connect to, not " + advertise.host());
        }
        return new NodeSection(id, bind, dataDir, advertise);
    }
}
