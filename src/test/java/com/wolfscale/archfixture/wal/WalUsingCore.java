package com.wolfscale.archfixture.wal;

/** Deliberately breaks the layering (wal must not use core); only LayeringTest looks at it. */
public class WalUsingCore {
    com.wolfscale.archfixture.core.CoreUsingSockets core;
}
