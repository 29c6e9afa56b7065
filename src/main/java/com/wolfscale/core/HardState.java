package com.wolfscale.core;

import com.wolfscale.common.Epoch;
import com.wolfscale.common.NodeId;
import java.util.Optional;

/**
 * What the core must have on disk (fsynced) before it acts on it: the current epoch and the vote cast in
 * it. Losing either could let a node vote twice in one epoch, which could elect two leaders.
 */
public record HardState(Epoch epoch, Optional<NodeId> votedFor) {

    public static final HardState INITIAL = new HardState(Epoch.ZERO, Optional.empty());
}
