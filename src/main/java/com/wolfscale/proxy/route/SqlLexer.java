package com.wolfscale.proxy.route;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits a statement prefix into tokens, skipping whitespace and comments, and notes what the router
 * needs from comments: a WolfScale hint ({@code /* wolfscale:min_lsn=N *}{@code /}). The content of an
 * executable comment ({@code /*!40101 ... *}{@code /}, {@code /*M! ... *}{@code /}) is read as code whatever
 * its version number: the server runs it, or ignores it, and either way reading it can only make the
 * routing more careful. A statement that ends inside a string or comment is reported as cut, so the router never
 * trusts a half-seen statement.
 *
 * <p>Backslash escapes inside strings are honoured (the default {@code sql_mode}); a session with
 * {@code NO_BACKSLASH_ESCAPES} can at worst make a string look longer than it is, which only hides tokens
 * and so routes to the leader. Not thread-safe; one lexer per statement.
 */
final class SqlLexer {

    private static final Pattern MIN_LSN_HINT = Pattern.compile("wolfscale:min_lsn\\s*=\\s*(\\d{1,18})",
            Pattern.CASE_INSENSITIVE);

    private final String sql;
    private int pos;
    private final List<SqlToken> tokens = new ArrayList<>();
    private final List<Integer> statementStarts = new ArrayList<>();
    private boolean executableComment;
    private boolean insideExecutableComment;
    private boolean unterminated;
    private long minLsnHint = -1;

    private SqlLexer(String sql) {
        this.sql = sql;
    }

    /** Tokenizes the whole text. */
    static SqlLexer lex(String sql) {
        SqlLexer lexer = new SqlLexer(sql);
        lexer.run();
        return lexer;
    }

    List<SqlToken> tokens() {
        return tokens;
    }

    /** Number of statements: 1 plus each {@code ;} followed by another token. */
    int statementCount() {
        return statementStarts.size();
    }

    boolean hasExecutableComment() {
        return executableComment;
    }

    /** The text ended inside a string, quoted identifier or comment. */
    boolean unterminated() {
        return unterminated;
    }

    /** The {@code wolfscale:min_lsn} hint, or -1. */
    long minLsnHint() {
        return minLsnHint;
    }

    private void run() {
        boolean expectStatement = true;
        while (true) {
            skipSpaceAndComments();
            if (pos >= sql.length()) {
                return;
            }
            char c = sql.charAt(pos);
            if (c == ';') {
                pos++;
                expectStatement = true;
                continue;
            }
            if (expectStatement) {
                statementStarts.add(tokens.size());
                expectStatement = false;
            }
            tokens.add(next(c));
        }
    }

    private SqlToken next(char c) {
        if (c == '\'' || c == '"') {
            int start = pos + 1;
            skipQuoted(c, true);
            return new SqlToken(SqlToken.Type.LITERAL, "", sql.substring(start, Math.max(start, pos - 1)));
        }
        if (c == '`') {
            int start = pos + 1;
            skipQuoted('`', false);
            return new SqlToken(SqlToken.Type.QUOTED_IDENTIFIER, sql.substring(start, Math.max(start, pos - 1)));
        }
        if (c == '@') {
            return variable();
        }
        if (Character.isDigit(c)) {
            int start = pos;
            while (pos < sql.length() && (Character.isLetterOrDigit(sql.charAt(pos)) || sql.charAt(pos) == '.')) {
                pos++;
            }
            return new SqlToken(SqlToken.Type.LITERAL, sql.substring(start, pos));
        }
        if (isWordChar(c)) {
            int start = pos;
            while (pos < sql.length() && isWordChar(sql.charAt(pos))) {
                pos++;
            }
            String raw = sql.substring(start, pos);
            String word = raw.toUpperCase(Locale.ROOT);
            if ((word.equals("X") || word.equals("B") || word.equals("N") || word.startsWith("_"))
                    && pos < sql.length() && sql.charAt(pos) == '\'') {
                skipQuoted('\'', true); // x'ff', b'01', N'text', _utf8mb4'text'
                return new SqlToken(SqlToken.Type.LITERAL, "");
            }
            return new SqlToken(SqlToken.Type.WORD, word, raw);
        }
        pos++;
        if (c == ':' && pos < sql.length() && sql.charAt(pos) == '=') {
            pos++;
            return new SqlToken(SqlToken.Type.SYMBOL, ":=");
        }
        return new SqlToken(SqlToken.Type.SYMBOL, String.valueOf(c));
    }

    private SqlToken variable() {
        boolean system = pos + 1 < sql.length() && sql.charAt(pos + 1) == '@';
        pos += system ? 2 : 1;
        if (pos < sql.length() && (sql.charAt(pos) == '`' || sql.charAt(pos) == '\'' || sql.charAt(pos) == '"')) {
            int start = pos + 1;
            skipQuoted(sql.charAt(pos), sql.charAt(pos) != '`');
            String name = sql.substring(start, Math.max(start, pos - 1)).toLowerCase(Locale.ROOT);
            return new SqlToken(system ? SqlToken.Type.SYSTEM_VARIABLE : SqlToken.Type.USER_VARIABLE, name);
        }
        int start = pos;
        while (pos < sql.length() && (isWordChar(sql.charAt(pos)) || sql.charAt(pos) == '.')) {
            pos++;
        }
        String name = sql.substring(start, pos).toLowerCase(Locale.ROOT);
        if (system) {
            for (String scope : new String[] {"session.", "local.", "global."}) {
                if (name.startsWith(scope)) {
                    name = (scope.equals("global.") ? "global." : "") + name.substring(scope.length());
                }
            }
        }
        return new SqlToken(system ? SqlToken.Type.SYSTEM_VARIABLE : SqlToken.Type.USER_VARIABLE, name);
    }

    private void skipQuoted(char quote, boolean backslashEscapes) {
        pos++;
        while (pos < sql.length()) {
            char c = sql.charAt(pos++);
            if (c == '\\' && backslashEscapes) {
                pos++;
            } else if (c == quote) {
                if (pos < sql.length() && sql.charAt(pos) == quote) {
                    pos++; // doubled quote
                } else {
                    return;
                }
            }
        }
        unterminated = true;
    }

    private void skipSpaceAndComments() {
        while (pos < sql.length()) {
            char c = sql.charAt(pos);
            if (Character.isWhitespace(c)) {
                pos++;
            } else if (c == '#' || (c == '-' && sql.startsWith("--", pos)
                    && (pos + 2 >= sql.length() || Character.isWhitespace(sql.charAt(pos + 2))))) {
                int end = sql.indexOf('\n', pos);
                comment(pos, end < 0 ? sql.length() : end);
                pos = end < 0 ? sql.length() : end + 1;
            } else if (insideExecutableComment && sql.startsWith("*/", pos)) {
                insideExecutableComment = false;
                pos += 2;
            } else if (sql.startsWith("/*!", pos) || sql.startsWith("/*M!", pos)) {
                // the server runs what an executable comment holds, so the lexer reads it as code
                executableComment = true;
                insideExecutableComment = true;
                pos += sql.charAt(pos + 2) == '!' ? 3 : 4;
                while (pos < sql.length() && Character.isDigit(sql.charAt(pos))) {
                    pos++;
                }
            } else if (c == '/' && sql.startsWith("/*", pos)) {
                int end = sql.indexOf("*/", pos + 2);
                if (end < 0) {
                    unterminated = true;
                    pos = sql.length();
                    return;
                }
                comment(pos, end);
                pos = end + 2;
            } else {
                return;
            }
        }
    }

    private void comment(int from, int to) {
        Matcher m = MIN_LSN_HINT.matcher(sql).region(from, to);
        if (m.find()) {
            minLsnHint = Math.max(minLsnHint, Long.parseLong(m.group(1)));
        }
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c > 0x7F;
    }
}
