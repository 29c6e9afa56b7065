package com.wolfscale.proxy.route;

/**
 * One lexical token of a statement prefix.
 *
 * @param type  what it is
 * @param text  upper-cased for words, the name without {@code @}/{@code @@} for variables, the character for
 *              symbols, the digits of a number, empty for strings (their content never matters for routing)
 * @param raw   the word or quoted identifier as written (names of databases are case-sensitive)
 */
record SqlToken(Type type, String text, String raw) {

    SqlToken(Type type, String text) {
        this(type, text, text);
    }

    enum Type {
        /** A keyword or unquoted identifier. */
        WORD,
        /** A {@code `quoted`} identifier. */
        QUOTED_IDENTIFIER,
        /** A string literal ('...', "..."), or a number, hex or bit literal. */
        LITERAL,
        /** {@code @name}: a user variable. */
        USER_VARIABLE,
        /** {@code @@name} or {@code @@session.name}: a system variable. */
        SYSTEM_VARIABLE,
        /** One punctuation character, or {@code :=}. */
        SYMBOL
    }

    boolean isNumber() {
        return type == Type.LITERAL && !text.isEmpty() && Character.isDigit(text.charAt(0));
    }

    boolean isWord(String upper) {
        return type == Type.WORD && text.equals(upper);
    }

    boolean isSymbol(String s) {
        return type == Type.SYMBOL && text.equals(s);
    }
}
