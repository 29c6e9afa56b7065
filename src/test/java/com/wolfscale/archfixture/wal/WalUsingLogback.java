package com.wolfscale.archfixture.wal;

/** Breaks the rule that the WAL uses only the JDK, common and LZ4: it logs through SLF4J. */
public final class WalUsingLogback {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(WalUsingLogback.class);

    private WalUsingLogback() {
    }

    public static void log() {
        LOG.info("not allowed in the WAL");
    }
}
