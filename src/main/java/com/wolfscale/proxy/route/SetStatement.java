package com.wolfscale.proxy.route;

import com.wolfscale.proxy.route.Classification.Effects;
import com.wolfscale.proxy.route.Classification.Intercept;
import com.wolfscale.proxy.route.Classification.Kind;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * Classifies {@code SET}: session variables, user variables, {@code NAMES}, roles and session transaction
 * characteristics are {@link Kind#SESSION} commands (run on every backend connection of the session and
 * replayed on new ones); {@code SET GLOBAL}, {@code SET PASSWORD}, {@code SET TRANSACTION} (the next
 * transaction only) and {@code SET STATEMENT ... FOR} go to the leader; a {@code SET} whose value calls a
 * function outside the allow-list or runs a subquery goes to the leader alone and pins the session there
 * (running it twice could differ, or write). Stateless.
 */
final class SetStatement {

    private SetStatement() {
    }

    static Classification classify(List<SqlToken> t) {
        if (t.size() == 4 && t.get(1).type() == SqlToken.Type.USER_VARIABLE
                && t.get(1).text().equals("wolfscale_min_lsn") && (t.get(2).isSymbol("=") || t.get(2).isSymbol(":="))
                && t.get(3).isNumber() && t.get(3).text().matches("\\d{1,18}")) {
            return new Classification(Kind.LEADER, Effects.NONE, OptionalLong.empty(), false,
                    new Intercept.SetMinLsn(Long.parseLong(t.get(3).text())));
        }
        SqlToken second = t.size() > 1 ? t.get(1) : new SqlToken(SqlToken.Type.SYMBOL, "");
        if (second.type() == SqlToken.Type.SYSTEM_VARIABLE && second.text().startsWith("global.")) {
            return Classification.of(Kind.LEADER);
        }
        switch (second.text()) {
            case "GLOBAL", "PASSWORD", "DEFAULT", "STATEMENT", "TRANSACTION" -> {
                return second.type() == SqlToken.Type.WORD ? Classification.of(Kind.LEADER) : sessionCommand(t);
            }
            case "NAMES", "CHARSET" -> {
                return charset(t, 2);
            }
            case "CHARACTER" -> {
                return StatementClassifier.word(t, 2, "SET") ? charset(t, 3) : sessionCommand(t);
            }
            default -> {
                return sessionCommand(t);
            }
        }
    }

    private static Classification sessionCommand(List<SqlToken> t) {
        for (int i = 1; i < t.size(); i++) {
            SqlToken tok = t.get(i);
            boolean call = i + 1 < t.size() && t.get(i + 1).isSymbol("(");
            boolean assigned = i + 1 < t.size() && (t.get(i + 1).isSymbol("=") || t.get(i + 1).isSymbol(":="));
            if (tok.isWord("SELECT") || tok.isWord("GLOBAL")
                    || (assigned && tok.type() == SqlToken.Type.SYSTEM_VARIABLE && tok.text().startsWith("global."))
                    || (call && tok.type() == SqlToken.Type.WORD && !ReadOnlyFunctions.isAllowed(tok.text())
                        && !ReadOnlyFunctions.KEYWORDS_BEFORE_PARENTHESIS.contains(tok.text()))
                    || (call && tok.type() == SqlToken.Type.QUOTED_IDENTIFIER)) {
                return new Classification(Kind.LEADER, new Effects(false, false, false, false, true, true, null, null),
                        OptionalLong.empty(), true, Intercept.none());
            }
        }
        String charset = characterSetClient(t);
        return new Classification(Kind.SESSION, new Effects(false, false, false, false, false, false, null, charset),
                OptionalLong.empty(), false, Intercept.none());
    }

    private static Classification charset(List<SqlToken> t, int at) {
        String name = at < t.size() ? t.get(at).raw() : null;
        return new Classification(Kind.SESSION, new Effects(false, false, false, false, false, false, null,
                name == null || name.isEmpty() ? null : name.toLowerCase(Locale.ROOT)),
                OptionalLong.empty(), false, Intercept.none());
    }

    /** {@code SET [SESSION] character_set_client = x} / {@code SET @@character_set_client = x}. */
    private static String characterSetClient(List<SqlToken> t) {
        for (int i = 1; i + 2 < t.size(); i++) {
            SqlToken tok = t.get(i);
            boolean named = tok.text().equalsIgnoreCase("character_set_client")
                    && (tok.type() == SqlToken.Type.WORD || tok.type() == SqlToken.Type.SYSTEM_VARIABLE);
            if (named && (t.get(i + 1).isSymbol("=") || t.get(i + 1).isSymbol(":="))) {
                String raw = t.get(i + 2).raw();
                return raw == null || raw.isEmpty() ? null : raw.toLowerCase(Locale.ROOT);
            }
        }
        return null;
    }
}
