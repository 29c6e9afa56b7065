package com.wolfscale.config;

/** {@code [replication]}: where writes come from and when they are acknowledged. */
public record ReplicationSection(ReplicationMode mode, Durability durability) {

    static ReplicationSection read(SectionReader r) {
        ReplicationMode mode = r.choice("mode", ReplicationMode.PROXY);
        Durability durability = r.choice("durability", Durability.QUORUM);
        if (durability == Durability.ASYNC) {
            r.warning("durability", "async: a leader crash can lose acknowledged transactions that "
                    + "followers had not fetched yet");
        }
        return new ReplicationSection(mode, durability);
    }
}
