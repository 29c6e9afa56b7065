package com.wolfscale.mysql.client;

import java.util.Arrays;

/**
 * What the client proves its identity with.
 *
 * <ul>
 *   <li>{@link Password}: the clear password; works with every supported plugin.</li>
 *   <li>{@link NativeStage1}: only SHA1(password), as the proxy recovers it from a client's
 *       mysql_native_password token ({@link com.wolfscale.mysql.auth.NativePassword#verify}); enough for
 *       mysql_native_password, not for plugins that need the password itself.</li>
 * </ul>
 */
public sealed interface Credential {

    static Credential password(String password) {
        return new Password(password);
    }

    static Credential nativeStage1(byte[] stage1) {
        return new NativeStage1(stage1);
    }

    /** @param password the password in clear; empty for an account without one */
    record Password(String password) implements Credential {
        @Override
        public String toString() {
            return "Password[****]";
        }
    }

    /** @param stage1 SHA1(password), 20 bytes, or empty for an account without password */
    record NativeStage1(byte[] stage1) implements Credential {
        public NativeStage1 {
            if (stage1.length != 0 && stage1.length != 20) {
                throw new IllegalArgumentException("SHA1(password) has 20 bytes, not " + stage1.length);
            }
            stage1 = Arrays.copyOf(stage1, stage1.length);
        }

        @Override
        public String toString() {
            return "NativeStage1[****]";
        }
    }
}
