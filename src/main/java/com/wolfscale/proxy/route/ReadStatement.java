package com.wolfscale.proxy.route;

import com.wolfscale.proxy.route.Classification.Effects;
import com.wolfscale.proxy.route.Classification.Intercept;
import com.wolfscale.proxy.route.Classification.Kind;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Classifies a statement that starts like a read ({@code SELECT}, {@code WITH}, {@code (SELECT ...)},
 * {@code VALUES}, {@code TABLE}): it is a {@link Kind#READ} only if no token makes it something else.
 * Stateless.
 */
final class ReadStatement {

    /** System variables that describe the previous statement or write of this connection. */
    private static final Set<String> LEADER_VARIABLES = Set.of("identity", "last_insert_id", "insert_id", "last_gtid");
    private static final Set<String> PREVIOUS_VARIABLES = Set.of("warning_count", "error_count");

    private ReadStatement() {
    }

    static Classification classify(List<SqlToken> t) {
        if (t.size() == 2 && t.get(0).isWord("SELECT") && t.get(1).type() == SqlToken.Type.USER_VARIABLE
                && t.get(1).text().equals("wolfscale_last_lsn")) {
            return new Classification(Kind.LEADER, Effects.NONE, OptionalLong.empty(), false, new Intercept.LastLsn());
        }
        Kind kind = Kind.READ;
        for (int i = 0; i < t.size() && kind != Kind.LEADER; i++) {
            Kind k = tokenKind(t, i);
            if (k == Kind.LEADER && assigns(t, i)) {
                return new Classification(Kind.LEADER, new Effects(false, false, false, false, false, true, null, null),
                        OptionalLong.empty(), true, Intercept.none());
            }
            kind = stricter(kind, k);
        }
        return Classification.of(kind);
    }

    private static Kind tokenKind(List<SqlToken> t, int i) {
        SqlToken tok = t.get(i);
        return switch (tok.type()) {
            case WORD -> word(t, i);
            case SYMBOL -> tok.text().equals(":=") ? Kind.LEADER : Kind.READ;
            case SYSTEM_VARIABLE -> LEADER_VARIABLES.contains(tok.text()) ? Kind.LEADER
                    : PREVIOUS_VARIABLES.contains(tok.text()) ? Kind.PREVIOUS_TARGET : Kind.READ;
            case QUOTED_IDENTIFIER -> next(t, i, "(") ? Kind.LEADER : Kind.READ; // `my_function`(...)
            default -> Kind.READ;
        };
    }

    private static Kind word(List<SqlToken> t, int i) {
        String w = t.get(i).text();
        boolean call = next(t, i, "(");
        if (call) {
            if (i > 0 && t.get(i - 1).isSymbol(".")) {
                return Kind.LEADER; // db.function(): a stored function may write
            }
            if (ReadOnlyFunctions.PREVIOUS_STATEMENT.contains(w)) {
                return Kind.PREVIOUS_TARGET;
            }
            return ReadOnlyFunctions.KEYWORDS_BEFORE_PARENTHESIS.contains(w) || ReadOnlyFunctions.isAllowed(w)
                    ? Kind.READ : Kind.LEADER;
        }
        return switch (w) {
            case "INTO", "SQL_CALC_FOUND_ROWS", "DELETE", "UPDATE", "INSERT", "REPLACE", "CALL", "DO", "HANDLER",
                    "LOAD", "SETVAL", "NEXTVAL", "LASTVAL" -> Kind.LEADER;
            case "FOR" -> StatementClassifier.word(t, i + 1, "SYSTEM_TIME") ? Kind.READ : Kind.LEADER;
            case "LOCK" -> Kind.LEADER; // LOCK IN SHARE MODE
            case "NEXT", "PREVIOUS" -> StatementClassifier.word(t, i + 1, "VALUE") ? Kind.LEADER : Kind.READ;
            default -> Kind.READ;
        };
    }

    /** {@code INTO @x} or {@code @x := ...}: a user variable is set on the leader only. */
    private static boolean assigns(List<SqlToken> t, int i) {
        SqlToken tok = t.get(i);
        return tok.isSymbol(":=") || (tok.isWord("INTO") && i + 1 < t.size()
                && t.get(i + 1).type() == SqlToken.Type.USER_VARIABLE);
    }

    private static boolean next(List<SqlToken> t, int i, String symbol) {
        return i + 1 < t.size() && t.get(i + 1).isSymbol(symbol);
    }

    static Kind stricter(Kind a, Kind b) {
        if (a == Kind.LEADER || b == Kind.LEADER) {
            return Kind.LEADER;
        }
        if (a == Kind.PREVIOUS_TARGET || b == Kind.PREVIOUS_TARGET) {
            return Kind.PREVIOUS_TARGET;
        }
        return Kind.READ;
    }
}
