package com.wolfscale.proxy.route;

import static org.assertj.core.api.Assertions.assertThat;

import com.wolfscale.proxy.route.Classification.Intercept;
import com.wolfscale.proxy.route.Classification.Kind;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class StatementClassifierTest {

    private final StatementClassifier classifier = new StatementClassifier();

    private Classification classify(String sql) {
        return classify(sql, StandardCharsets.UTF_8);
    }

    private Classification classify(String sql, Charset charset) {
        byte[] text = sql.getBytes(charset);
        byte[] payload = new byte[text.length + 1];
        payload[0] = 3;
        System.arraycopy(text, 0, payload, 1, text.length);
        return classifier.classify(payload, 1, charset);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT 1", "select * from t where id = 5", "  /* hi */ SELECT a FROM t", "-- c\nSELECT 1",
        "# c\nSELECT 1", "(SELECT 1) UNION (SELECT 2)", "SELECT COUNT(*), MAX(x) FROM t GROUP BY y",
        "SELECT CONCAT('a', b) FROM t WHERE c IN (1, 2) AND EXISTS (SELECT 1 FROM u)",
        "SELECT NOW(), UUID(), JSON_EXTRACT(j, '$.a') FROM t", "SHOW TABLES", "SHOW CREATE TABLE t",
        "DESCRIBE t", "EXPLAIN SELECT * FROM t", "SELECT 'for update' FROM t", "SELECT `update` FROM t",
        "SELECT * FROM t FOR SYSTEM_TIME AS OF TIMESTAMP '2020-01-01'", "SELECT @@session.sql_mode",
        "SELECT CAST(x AS CHAR(10)), CONVERT(y, DECIMAL(10,2)) FROM t", "SELECT 1;", "SELECT 1 ; -- trailing",
        "WITH c AS (SELECT 1 AS x) SELECT * FROM c", "SELECT * FROM t USE INDEX (i) WHERE a = 1",
        "SELECT c1 FROM t1 JOIN t2 ON (t1.a = t2.b)", "SELECT ST_AsText(g) FROM geo"
    })
    void readsOnTheAllowList(String sql) {
        assertThat(classify(sql).kind()).as(sql).isEqualTo(Kind.READ);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "INSERT INTO t VALUES (1)", "UPDATE t SET a = 1", "DELETE FROM t", "REPLACE INTO t VALUES (1)",
        "SELECT * FROM t FOR UPDATE", "SELECT * FROM t LOCK IN SHARE MODE", "SELECT GET_LOCK('a', 1)",
        "SELECT RELEASE_LOCK('a')", "SELECT IS_FREE_LOCK('a')", "SELECT LAST_INSERT_ID()", "SELECT @@identity",
        "SELECT @@last_insert_id", "SELECT NEXTVAL(s)", "SELECT NEXT VALUE FOR s", "SELECT PREVIOUS VALUE FOR s",
        "SELECT my_function(1)", "SELECT db.f(1)", "SELECT `f`(1)", "SELECT a INTO @x FROM t",
        "SELECT * FROM t INTO OUTFILE '/tmp/x'", "SELECT @x := 1", "SELECT SQL_CALC_FOUND_ROWS * FROM t",
        "CALL p()", "DO SLEEP(1)", "BEGIN", "START TRANSACTION", "COMMIT", "ROLLBACK", "LOAD DATA LOCAL INFILE 'f' INTO TABLE t",
        "CREATE TABLE t (a INT)", "DROP TABLE t", "SELECT 1; SELECT 2", "SELECT 1; DELETE FROM t",
        "/*!40101 SELECT GET_LOCK('x', 1) */", "EXECUTE stmt", "SELECT LOAD_FILE('/etc/passwd')",
        "SELECT 'unterminated", "SELECT /* unterminated", "", "  ", "XA START 'x'", "HANDLER t OPEN",
        "SHOW MASTER STATUS", "SHOW PROCESSLIST", "SELECT MASTER_GTID_WAIT('0-1-1')", "SELECT @@last_gtid",
        "WITH x AS (SELECT 1) DELETE FROM t", "* FROM t", "@x := 1", "SELECT a FROM t WHERE b = 'x'' FOR UPDATE' FOR UPDATE"
    })
    void everythingElseGoesToTheLeader(String sql) {
        assertThat(classify(sql).kind()).as(sql).isEqualTo(Kind.LEADER);
    }

    @ParameterizedTest
    @ValueSource(strings = {"SELECT FOUND_ROWS()", "SELECT ROW_COUNT()", "SHOW WARNINGS", "SHOW ERRORS",
        "SHOW COUNT(*) WARNINGS", "SELECT @@warning_count", "SHOW SESSION STATUS LIKE 'Last_query_cost'"})
    void statementsAboutThePreviousStatementFollowIt(String sql) {
        assertThat(classify(sql).kind()).as(sql).isEqualTo(Kind.PREVIOUS_TARGET);
    }

    @ParameterizedTest
    @ValueSource(strings = {"SET NAMES utf8mb4", "SET @x = 1", "SET SESSION sql_mode = ''", "SET autocommit = 0",
        "SET @@session.time_zone = '+00:00'", "SET CHARACTER SET latin1", "SET ROLE r", "USE db", "USE `my db`",
        "PREPARE s FROM 'SELECT 1'", "DEALLOCATE PREPARE s", "DROP PREPARE s", "SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED",
        "SET @a := 1, @b = CONCAT('x', 'y')",
        "set session_track_system_variables = CONCAT(@@global.session_track_system_variables,',auto_increment_increment')", "/*!40101 SET NAMES utf8mb4 */"})
    void sessionCommandsAreReplayedEverywhere(String sql) {
        assertThat(classify(sql).kind()).as(sql).isEqualTo(Kind.SESSION);
    }

    @ParameterizedTest
    @ValueSource(strings = {"SET GLOBAL max_connections = 10", "SET @@global.x = 1", "SET PASSWORD = PASSWORD('x')",
        "SET TRANSACTION ISOLATION LEVEL SERIALIZABLE", "SET STATEMENT max_statement_time=1 FOR SELECT 1",
        "SET @x = (SELECT MAX(id) FROM t)", "SET @x = my_func()", "SET @id = LAST_INSERT_ID()"})
    void setsThatCannotBeReplayedGoToTheLeader(String sql) {
        assertThat(classify(sql).kind()).as(sql).isEqualTo(Kind.LEADER);
    }

    @Test
    void setsWithSubqueriesOrUnknownFunctionsPinTheSession() {
        assertThat(classify("SET @x = (SELECT MAX(id) FROM t)").effects().pinsSession()).isTrue();
        assertThat(classify("SELECT 1; SET @y = 2").effects().pinsSession()).isTrue();
        assertThat(classify("CALL p()").effects().pinsSession()).isTrue();
    }

    @Test
    void effectsTheSessionTracks() {
        assertThat(classify("CREATE TEMPORARY TABLE t (a INT)").effects().createsTempTable()).isTrue();
        assertThat(classify("create or replace temporary table t (a int)").effects().createsTempTable()).isTrue();
        assertThat(classify("LOCK TABLES t WRITE").effects().lockTables()).isTrue();
        assertThat(classify("UNLOCK TABLES").effects().unlockTables()).isTrue();
        assertThat(classify("COMMIT").effects().commit()).isTrue();
        assertThat(classify("USE MixedCase").effects().database()).isEqualTo("MixedCase");
        assertThat(classify("USE `a b`").effects().database()).isEqualTo("a b");
        assertThat(classify("SET NAMES 'gbk'").effects().charset()).isEqualTo("gbk");
        assertThat(classify("SET character_set_client = latin1").effects().charset()).isEqualTo("latin1");
        assertThat(classify("SELECT a INTO @x FROM t").effects().assignsUserVariable()).isTrue();
        assertThat(classify("SELECT @x").readsUserVariables()).isTrue();
    }

    @Test
    void hintsAndInterceptedStatements() {
        assertThat(classify("/* wolfscale:min_lsn=42 */ SELECT 1").minLsnHint()).hasValue(42);
        assertThat(classify("SELECT 1 -- wolfscale:min_lsn = 7\n").minLsnHint()).hasValue(7);
        assertThat(classify("SELECT 'wolfscale:min_lsn=9'").minLsnHint()).isEmpty();
        assertThat(classify("SELECT @wolfscale_last_lsn").intercept()).isInstanceOf(Intercept.LastLsn.class);
        assertThat(classify("SET @wolfscale_min_lsn = 12").intercept()).isEqualTo(new Intercept.SetMinLsn(12));
        assertThat(classify("KILL 5").intercept()).isEqualTo(new Intercept.Kill(5, false));
        assertThat(classify("KILL QUERY 7").intercept()).isEqualTo(new Intercept.Kill(7, true));
        assertThat(classify("KILL CONNECTION 8").intercept()).isEqualTo(new Intercept.Kill(8, false));
        assertThat(classify("KILL USER app").intercept()).isEqualTo(Intercept.none());
    }

    @CsvSource({"GBK", "Big5", "Shift_JIS"})
    @ParameterizedTest
    void multiByteCharsetsCannotHideAQuote(String charsetName) {
        Charset cs = Charset.forName(charsetName);
        // a character whose second byte is 0x5C ('\') in these charsets must not escape the closing quote
        String tricky = switch (charsetName) {
            case "GBK" -> "\u5f5c";
            case "Big5" -> "\u8a31";
            default -> "\u8868";
        };
        assertThat(classify("SELECT '" + tricky + "' FROM t", cs).kind()).isEqualTo(Kind.READ);
        assertThat(classify("SELECT '" + tricky + "' FROM t FOR UPDATE", cs).kind()).isEqualTo(Kind.LEADER);
    }

    @Test
    void statementsLongerThanThePrefixGoToTheLeader() {
        String huge = "SELECT '" + "x".repeat(StatementClassifier.PREFIX_LIMIT) + "'";
        assertThat(classify(huge).kind()).isEqualTo(Kind.LEADER);
        Classification set = classify("SET @x = '" + "y".repeat(StatementClassifier.PREFIX_LIMIT) + "'");
        assertThat(set.kind()).isEqualTo(Kind.LEADER);
        assertThat(set.effects().pinsSession()).isTrue();
    }
}
