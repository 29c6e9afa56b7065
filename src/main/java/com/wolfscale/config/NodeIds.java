package com.wolfscale.config;

import java.util.regex.Pattern;

/** The syntax of node ids: they appear in file names, metrics labels and {@code id@host:port} peers. */
public final class NodeIds {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private NodeIds() {
    }

    public static boolean isValid(String id) {
        return id != null && VALID.matcher(id).matches();
    }

    public static String rule() {
        return "1-64 characters from A-Z a-z 0-9 . _ -, starting with a letter or digit";
    }
}
