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
        if (mode == ReplicationMode.BINLOG) {
            r.warning("mode", "\"binlog\" (following an external MySQL/MariaDB/Galera/RDS primary) is not built in "
                    + "this version: `wolfscale start` refuses it. Use \"proxy\" (the default): the leader's own "
                    + "MariaDB is the source");
        }
        return new ReplicationSection(mode, durability);
    }
}
