package com.wolfscale.archfixture.core;

/** Deliberately breaks the layering (core must use its injected clock); only LayeringTest looks at it. */
public class CoreUsingWallClock {
    long now() {
        return System.currentTimeMillis();
    }
}
