package com.wolfscale.replication;

import com.wolfscale.common.Epoch;
import com.wolfscale.common.NodeId;
import com.wolfscale.core.CoreEffect;
import com.wolfscale.core.HardState;
import com.wolfscale.core.Message;
import com.wolfscale.core.Role;
import java.io.IOException;
import java.util.Optional;

/** Carries out the core's effects. Called on the core loop thread, in order; must not block for long. */
public interface CoreEffectHandler {

    void send(NodeId to, Message message);

    /** Must be durable when it returns: later effects of the same step (a vote) depend on it. */
    void persist(HardState state) throws IOException;

    void appendEpochStart(Epoch epoch);

    void roleChanged(Role role, Epoch epoch, Optional<NodeId> leader);

    void alert(CoreEffect.Alert alert);
}
