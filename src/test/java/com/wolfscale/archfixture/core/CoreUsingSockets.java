package com.wolfscale.archfixture.core;

/** Deliberately breaks the layering (core must not do I/O); only LayeringTest looks at it. */
public class CoreUsingSockets {
    java.net.Socket socket;
}
