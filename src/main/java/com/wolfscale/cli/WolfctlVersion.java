package com.wolfscale.cli;

import picocli.CommandLine;

/** wolfctl's version line, from the jar manifest. */
public final class WolfctlVersion implements CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() {
        String v = WolfctlVersion.class.getPackage().getImplementationVersion();
        return new String[] {"wolfctl " + (v == null ? "development" : v)};
    }
}
