package com.wolfscale.archfixture.mysql;

/** Deliberately breaks the layering (mysql must not use proxy); only LayeringTest looks at it. */
public class CodecUsingProxy {
    com.wolfscale.archfixture.proxy.Session session;
}
