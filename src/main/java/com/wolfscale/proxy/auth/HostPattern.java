package com.wolfscale.proxy.auth;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * MariaDB's host patterns for accounts, matched against a client's address the way the server does with
 * {@code skip-name-resolve}: {@code %} matches any run of characters, {@code _} any one character, case
 * does not matter, {@code a.b.c.d/m.m.m.m} is an address with a netmask. A loopback client also matches
 * {@code localhost} (a server would see such a client as {@code localhost} only over its socket, but a
 * proxy's clients always arrive over TCP, and operators write {@code 'app'@'localhost'} meaning "this
 * machine").
 *
 * <p>{@link #specificity} orders patterns as the server does: exact hosts first, then patterns by how much
 * they fix before their first wildcard, {@code %} last. Stateless.
 */
public final class HostPattern {

    private HostPattern() {
    }

    /** True when {@code pattern} admits a client at {@code address}. */
    public static boolean matches(String pattern, InetAddress address) {
        String ip = address.getHostAddress();
        if (pattern.equalsIgnoreCase("localhost")) {
            return address.isLoopbackAddress();
        }
        int slash = pattern.indexOf('/');
        if (slash > 0) {
            return matchesNetmask(pattern.substring(0, slash), pattern.substring(slash + 1), address);
        }
        return wildcardMatch(pattern.toLowerCase(Locale.ROOT), 0, ip.toLowerCase(Locale.ROOT), 0);
    }

    /** Higher is more specific; equal values keep the server's row order. */
    public static int specificity(String pattern) {
        int firstWildcard = firstWildcard(pattern);
        if (firstWildcard < 0) {
            return Integer.MAX_VALUE;
        }
        return firstWildcard; // characters fixed before the first wildcard: "%" gives 0
    }

    private static int firstWildcard(String pattern) {
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '%' || c == '_') {
                return i;
            }
        }
        return -1;
    }

    private static boolean wildcardMatch(String p, int pi, String s, int si) {
        while (pi < p.length()) {
            char c = p.charAt(pi);
            if (c == '%') {
                for (int k = si; k <= s.length(); k++) {
                    if (wildcardMatch(p, pi + 1, s, k)) {
                        return true;
                    }
                }
                return false;
            }
            if (si >= s.length() || (c != '_' && c != s.charAt(si))) {
                return false;
            }
            pi++;
            si++;
        }
        return si == s.length();
    }

    private static boolean matchesNetmask(String net, String mask, InetAddress address) {
        if (!net.matches("[0-9.]+") || !mask.matches("[0-9.]+")) {
            return false; // only IPv4 literals, so InetAddress never resolves a name here
        }
        try {
            byte[] n = InetAddress.getByName(net).getAddress();
            byte[] m = InetAddress.getByName(mask).getAddress();
            byte[] a = address.getAddress();
            if (n.length != a.length || m.length != a.length) {
                return false;
            }
            for (int i = 0; i < a.length; i++) {
                if ((a[i] & m[i]) != (n[i] & m[i])) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException notAnAddress) {
            return false;
        }
    }
}
