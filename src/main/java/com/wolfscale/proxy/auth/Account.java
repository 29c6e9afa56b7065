package com.wolfscale.proxy.auth;

/**
 * One row of {@code mysql.user} as the proxy needs it.
 *
 * @param user    account name ({@code ""} is the anonymous account)
 * @param host    host pattern ({@code %}, {@code 10.0.%}, {@code 10.0.0.0/255.255.255.0}, {@code localhost})
 * @param plugin  authentication plugin ({@code mysql_native_password}, or {@code ""} in old rows)
 * @param stored  the stored authentication string: {@code '*'} + 40 hex digits, or empty for no password
 */
public record Account(String user, String host, String plugin, String stored) {

    /** True when the proxy can check this account's password itself (mysql_native_password). */
    public boolean isNativePassword() {
        boolean nativePlugin = plugin.isEmpty() || plugin.equals("mysql_native_password");
        return nativePlugin && (stored.isEmpty() || (stored.length() == 41 && stored.charAt(0) == '*'));
    }

    @Override
    public String toString() {
        return "'" + user + "'@'" + host + "' (" + (plugin.isEmpty() ? "mysql_native_password" : plugin) + ")";
    }
}
