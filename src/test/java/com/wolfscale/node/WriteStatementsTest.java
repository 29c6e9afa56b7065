package com.wolfscale.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.wolfscale.api.ApiException;
import com.wolfscale.api.model.WriteRequests;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The typed write endpoints' SQL: quoted identifiers, values only as placeholders. */
class WriteStatementsTest {

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void identifiersAreQuotedAndValuesNeverSpliced() {
        var st = WriteStatements.insert(new WriteRequests.Insert("we`ird", map("a`b", "x'); DROP TABLE t; --", "n", 1),
                null), Optional.of("app"));
        assertThat(st.sql()).isEqualTo("INSERT INTO `app`.`we``ird` (`a``b`, `n`) VALUES (?, ?)");
        assertThat(st.params()).containsExactly("x'); DROP TABLE t; --", 1);
    }

    @Test
    void updateDeleteAndUpsertUseNullSafeKeys() {
        var up = WriteStatements.update(new WriteRequests.Update("t", map("v", 2), map("id", 1, "k", null), "d"),
                Optional.empty());
        assertThat(up.sql()).isEqualTo("UPDATE `d`.`t` SET `v` = ? WHERE `id` <=> ? AND `k` <=> ?");
        assertThat(up.params()).containsExactly(2, 1, null);
        var del = WriteStatements.delete(new WriteRequests.Delete("t", map("id", 5), "d"), Optional.empty());
        assertThat(del.sql()).isEqualTo("DELETE FROM `d`.`t` WHERE `id` <=> ?");
        var ups = WriteStatements.upsert(new WriteRequests.Upsert("t", map("id", 1, "v", "x"), List.of("v"), "d"),
                Optional.empty());
        assertThat(ups.sql()).isEqualTo("INSERT INTO `d`.`t` (`id`, `v`) VALUES (?, ?) ON DUPLICATE KEY UPDATE `v` = VALUES(`v`)");
    }

    @Test
    void refusesWritesThatWouldTouchEveryRowOrNameNoDatabase() {
        assertThatThrownBy(() -> WriteStatements.delete(new WriteRequests.Delete("t", Map.of(), "d"), Optional.empty()))
                .isInstanceOf(ApiException.class).hasMessageContaining("where_key");
        assertThatThrownBy(() -> WriteStatements.insert(new WriteRequests.Insert("t", map("a", 1), null), Optional.empty()))
                .isInstanceOf(ApiException.class).hasMessageContaining("[database] database");
        assertThatThrownBy(() -> WriteStatements.upsert(new WriteRequests.Upsert("t", map("a", 1), List.of("b"), "d"),
                Optional.empty())).hasMessageContaining("update_columns");
        assertThatThrownBy(() -> WriteStatements.ddl(new WriteRequests.Ddl("DELETE FROM t", null, null)))
                .hasMessageContaining("CREATE, ALTER");
        assertThatThrownBy(() -> WriteStatements.quote("")).isInstanceOf(ApiException.class);
    }

    @Test
    void readsAreRecognisedPastCommentsAndParentheses() {
        assertThat(WriteStatements.isRead("  /* hi */ SELECT 1")).isTrue();
        assertThat(WriteStatements.isRead("(SELECT 1) UNION (SELECT 2)")).isTrue();
        assertThat(WriteStatements.isRead("-- c\nshow tables")).isTrue();
        assertThat(WriteStatements.isRead("SELECTED")).isFalse();
        assertThat(WriteStatements.isRead("INSERT INTO t SELECT 1")).isFalse();
        assertThat(WriteStatements.isRead("/*!40101 SET x=1 */")).isFalse();
    }
}
