package com.wolfscale.core;

import com.wolfscale.common.Epoch;
import com.wolfscale.common.NodeId;
import java.util.Optional;

/**
 * What the core asks its driver to do, in order. A {@link PersistHardState} must be durable before any
 * later effect of the same step is carried out (a vote must be on disk before it is sent).
 */
public sealed interface CoreEffect {

    record Send(NodeId to, Message message) implements CoreEffect { }

    record PersistHardState(HardState state) implements CoreEffect { }

    /** This node became leader of {@code epoch}: append an {@link LogRecord#EPOCH_START} record in it. */
    record AppendEpochStart(Epoch epoch) implements CoreEffect { }

    record RoleChanged(Role role, Epoch epoch, Optional<NodeId> leader) implements CoreEffect { }

    /** Something an operator must see: forced leadership, lost quorum, lost data in available mode. */
    record Alert(Severity severity, String message) implements CoreEffect {
        public enum Severity { INFO, WARNING, CRITICAL }
    }
}
