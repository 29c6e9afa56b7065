package com.wolfscale.proxy.route;

import com.wolfscale.proxy.route.Classification.Effects;
import com.wolfscale.proxy.route.Classification.Intercept;
import com.wolfscale.proxy.route.Classification.Kind;
import java.nio.charset.Charset;
import java.util.List;
import java.util.OptionalLong;

/**
 * Decides where a text statement may run, from a bounded prefix decoded with the session's character set.
 * Conservative by construction: only statements on an allow-list are {@link Kind#READ} (a {@code SELECT},
 * {@code SHOW}, {@code DESCRIBE} or {@code EXPLAIN} without locking clauses, {@code INTO}, sequences,
 * assignments or any function outside {@link ReadOnlyFunctions}); session commands ({@code SET},
 * {@code USE}, text {@code PREPARE}) are recognised so they can be replayed; everything else, including
 * anything cut by the prefix limit, goes to the leader.
 *
 * <p>Transactions are <em>not</em> tracked here: the session follows the server's status flags.
 * Stateless and thread-safe.
 */
public final class StatementClassifier {

    /** Bytes of a statement the classifier looks at; a longer statement goes to the leader. */
    public static final int PREFIX_LIMIT = 64 * 1024;

    /**
     * @param sql     the statement bytes (e.g. a COM_QUERY payload)
     * @param offset  where the SQL starts (1 after the command byte)
     * @param charset the session's {@code character_set_client}
     */
    public Classification classify(byte[] sql, int offset, Charset charset) {
        int length = sql.length - offset;
        boolean cut = length > PREFIX_LIMIT;
        SqlLexer lexer = SqlLexer.lex(new String(sql, offset, Math.min(length, PREFIX_LIMIT), charset));
        List<SqlToken> t = lexer.tokens();
        OptionalLong hint = lexer.minLsnHint() >= 0 ? OptionalLong.of(lexer.minLsnHint()) : OptionalLong.empty();
        if (t.isEmpty()) {
            return new Classification(Kind.LEADER, Effects.NONE, hint, false, Intercept.none());
        }
        String first = t.get(0).type() == SqlToken.Type.WORD ? t.get(0).text() : t.get(0).isSymbol("(") ? "(" : "";
        if (cut || lexer.unterminated() || lexer.statementCount() > 1) {
            boolean unknownSessionEffects = lexer.statementCount() > 1 || isSessionVerb(first);
            return new Classification(Kind.LEADER, new Effects(false, false, false, false, unknownSessionEffects,
                    true, null, null), hint, true, Intercept.none());
        }
        Classification c = switch (first) {
            case "SELECT", "WITH", "(", "VALUES", "TABLE" -> ReadStatement.classify(t);
            case "SHOW" -> show(t);
            case "DESC", "DESCRIBE", "EXPLAIN", "HELP" -> Classification.of(Kind.READ);
            case "SET" -> SetStatement.classify(t);
            case "USE" -> use(t);
            case "PREPARE", "DEALLOCATE" -> Classification.of(Kind.SESSION);
            case "DROP" -> word(t, 1, "PREPARE") ? Classification.of(Kind.SESSION) : Classification.of(Kind.LEADER);
            case "COMMIT" -> effects(new Effects(true, false, false, false, false, false, null, null));
            case "CREATE" -> createsTemporary(t)
                    ? effects(new Effects(false, true, false, false, false, false, null, null))
                    : Classification.of(Kind.LEADER);
            case "LOCK" -> word(t, 1, "TABLES") || word(t, 1, "TABLE")
                    ? effects(new Effects(false, false, true, false, false, false, null, null))
                    : Classification.of(Kind.LEADER);
            case "UNLOCK" -> effects(new Effects(false, false, false, true, false, false, null, null));
            case "CALL" -> effects(new Effects(false, false, false, false, true, true, null, null));
            case "KILL" -> kill(t);
            default -> Classification.of(Kind.LEADER);
        };
        return new Classification(c.kind(), c.effects(), hint, c.readsUserVariables() || mentionsUserVariable(t),
                c.intercept());
    }

    private static boolean isSessionVerb(String first) {
        return first.equals("SET") || first.equals("USE") || first.equals("PREPARE");
    }

    private static Classification effects(Effects e) {
        return new Classification(Kind.LEADER, e, OptionalLong.empty(), false, Intercept.none());
    }

    private static Classification show(List<SqlToken> t) {
        String second = t.size() > 1 ? t.get(1).text() : "";
        String third = t.size() > 2 ? t.get(2).text() : "";
        return switch (second) {
            case "WARNINGS", "ERRORS", "PROFILE", "PROFILES" -> Classification.of(Kind.PREVIOUS_TARGET);
            case "COUNT" -> Classification.of(Kind.PREVIOUS_TARGET);
            case "STATUS" -> Classification.of(Kind.PREVIOUS_TARGET);
            case "SESSION", "LOCAL" -> third.equals("STATUS") ? Classification.of(Kind.PREVIOUS_TARGET)
                    : Classification.of(Kind.READ);
            case "MASTER", "BINLOG", "BINARY", "SLAVE", "REPLICA", "ALL", "PROCESSLIST", "FULL", "ENGINE",
                    "INNODB", "EXPLAIN", "ANALYZE" -> Classification.of(Kind.LEADER);
            default -> Classification.of(Kind.READ);
        };
    }

    private static Classification use(List<SqlToken> t) {
        SqlToken db = t.size() == 2 ? t.get(1) : null;
        if (db == null || (db.type() != SqlToken.Type.WORD && db.type() != SqlToken.Type.QUOTED_IDENTIFIER)) {
            return Classification.of(Kind.LEADER); // not a plain USE: let the leader answer
        }
        return new Classification(Kind.SESSION, new Effects(false, false, false, false, false, false, db.raw(), null),
                OptionalLong.empty(), false, Intercept.none());
    }

    private static boolean createsTemporary(List<SqlToken> t) {
        for (int i = 1; i < Math.min(t.size(), 5); i++) {
            if (t.get(i).isWord("TEMPORARY")) {
                return true;
            }
        }
        return false;
    }

    private static Classification kill(List<SqlToken> t) {
        int i = 1;
        if (word(t, i, "HARD") || word(t, i, "SOFT")) {
            i++;
        }
        boolean query = word(t, i, "QUERY");
        if (query || word(t, i, "CONNECTION")) {
            i++;
        }
        if (t.size() == i + 1 && t.get(i).isNumber() && t.get(i).text().matches("\\d{1,18}")) {
            return new Classification(Kind.LEADER, Effects.NONE, OptionalLong.empty(), false,
                    new Intercept.Kill(Long.parseLong(t.get(i).text()), query));
        }
        return Classification.of(Kind.LEADER); // KILL USER, KILL QUERY ID: the server's business
    }

    static boolean word(List<SqlToken> t, int index, String upper) {
        return index < t.size() && t.get(index).isWord(upper);
    }

    private static boolean mentionsUserVariable(List<SqlToken> t) {
        for (SqlToken token : t) {
            if (token.type() == SqlToken.Type.USER_VARIABLE) {
                return true;
            }
        }
        return false;
    }
}
