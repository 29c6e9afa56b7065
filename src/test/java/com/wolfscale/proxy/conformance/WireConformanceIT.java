package com.wolfscale.proxy.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.wolfscale.mysql.Capabilities;
import com.wolfscale.mysql.Command;
import com.wolfscale.mysql.PayloadWriter;
import com.wolfscale.mysql.client.Credential;
import com.wolfscale.mysql.client.LoginRequest;
import com.wolfscale.mysql.wire.WireClient;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Byte-level conformance: the codec's own client sends every command the proxy handles — including the
 * ones no driver in the other suites sends (COM_FIELD_LIST, COM_SET_OPTION, COM_STMT_FETCH with a cursor,
 * COM_STMT_SEND_LONG_DATA, execution of statement id 0xFFFFFFFF with and without types, COM_PROCESS_KILL,
 * an unknown command) — with and without CLIENT_DEPRECATE_EOF, and every response payload must be the
 * same bytes directly and through the proxy.
 */
class WireConformanceIT extends ConformanceSuite {

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void everyCommandByteForByte(boolean deprecateEof) throws Exception {
        String observed = assertSameOnBoth(e -> {
            long caps = Capabilities.DEFAULT_CLIENT | Capabilities.CLIENT_LOCAL_FILES;
            caps = deprecateEof ? caps : caps & ~Capabilities.CLIENT_DEPRECATE_EOF;
            StringBuilder out = new StringBuilder();
            try (WireClient c = WireClient.connect(e.host(), e.port(), LoginRequest.of(USER, Credential.password(PASSWORD))
                    .withDatabase(e.database()).withCapabilities(caps), WireClient.Mode.RAW)) {
                record(out, "create", c.query("CREATE TABLE w (id INT PRIMARY KEY, v VARCHAR(10) DEFAULT 'd', b BLOB)"));
                record(out, "insert", c.query("INSERT INTO w VALUES (1, 'a', NULL), (2, 'b', x'00'), (3, NULL, NULL)"));
                record(out, "ping", c.command(new byte[] {Command.COM_PING}));
                record(out, "init db", c.command(concat(Command.COM_INIT_DB, e.database())));
                record(out, "field list", c.command(concat(Command.COM_FIELD_LIST, "w\0")));
                record(out, "multi off", c.query("SELECT 1; SELECT 2"));
                record(out, "set option on", c.command(new byte[] {Command.COM_SET_OPTION, 0, 0}));
                record(out, "multi on", c.query("SELECT 1; SELECT 2; SELECT * FROM w"));
                record(out, "set option off", c.command(new byte[] {Command.COM_SET_OPTION, 1, 0}));
                long s1 = prepared(out, "prepare", c.command(concat(Command.COM_STMT_PREPARE,
                        "SELECT id, v FROM w WHERE id >= ?")));
                record(out, "execute -1 with types", c.command(execute(0xFFFFFFFFL, 0, true, 1)));
                record(out, "execute without types", c.command(execute(s1, 0, false, 2)));
                record(out, "execute with cursor", c.command(execute(s1, 1, true, 1)));
                record(out, "fetch", c.command(new PayloadWriter().u8(Command.COM_STMT_FETCH).u32(s1).u32(2).toByteArray()));
                record(out, "fetch rest", c.command(new PayloadWriter().u8(Command.COM_STMT_FETCH).u32(s1).u32(5).toByteArray()));
                record(out, "reset", c.command(new PayloadWriter().u8(Command.COM_STMT_RESET).u32(s1).toByteArray()));
                long s2 = prepared(out, "prepare insert", c.command(concat(Command.COM_STMT_PREPARE,
                        "INSERT INTO w (id, b) VALUES (?, ?)")));
                c.send(new PayloadWriter().u8(Command.COM_STMT_SEND_LONG_DATA).u32(s2).u16(1)
                        .bytes("long data".getBytes(StandardCharsets.UTF_8)).toByteArray());
                record(out, "execute long data", c.command(new PayloadWriter().u8(Command.COM_STMT_EXECUTE).u32(s2).u8(0)
                        .u32(1).u8(0).u8(1).u16(3).u16(0xFC).u32(9).toByteArray()));
                c.send(new PayloadWriter().u8(Command.COM_STMT_CLOSE).u32(s2).toByteArray());
                record(out, "execute closed", c.command(execute(s2, 0, true, 1)).packets().get(0)[0] == (byte) 0xFF
                        ? "ERR (unknown statement)" : "unexpected");
                record(out, "kill unknown", c.command(new PayloadWriter().u8(Command.COM_PROCESS_KILL).u32(999_999).toByteArray()));
                record(out, "unknown command", c.command(new byte[] {Command.COM_TIME}));
                record(out, "select after", c.query("SELECT * FROM w ORDER BY id"));
                record(out, "reset connection", c.command(new byte[] {Command.COM_RESET_CONNECTION}));
                record(out, "statistics shape", new String(c.command(new byte[] {Command.COM_STATISTICS}).packets().get(0),
                        StandardCharsets.UTF_8).startsWith("Uptime: ") ? "ok" : "unexpected");
                c.send(new byte[] {Command.COM_QUIT});
            }
            return out.toString();
        });
        assertThat(observed).contains("unknown command");
    }

    /**
     * Records a prepare response with the statement id zeroed (a server numbers statements per thread, and
     * its thread cache reuses threads with their counters, so ids differ between runs) and returns the id.
     */
    private static long prepared(StringBuilder out, String step, WireClient.Response r) {
        byte[] first = r.packets().get(0).clone();
        long id = (first[1] & 0xFFL) | (first[2] & 0xFFL) << 8 | (first[3] & 0xFFL) << 16 | (first[4] & 0xFFL) << 24;
        java.util.Arrays.fill(first, 1, 5, (byte) 0);
        out.append("== ").append(step).append('\n').append(HexFormat.of().formatHex(first)).append('\n');
        for (byte[] p : r.packets().subList(1, r.packets().size())) {
            out.append(HexFormat.of().formatHex(p)).append('\n');
        }
        return id;
    }

    /** COM_STMT_EXECUTE with one INT parameter. */
    private static byte[] execute(long id, int cursor, boolean types, int value) {
        PayloadWriter w = new PayloadWriter().u8(Command.COM_STMT_EXECUTE).u32(id).u8(cursor).u32(1).u8(0)
                .u8(types ? 1 : 0);
        if (types) {
            w.u16(3);
        }
        return w.u32(value).toByteArray();
    }

    private static byte[] concat(int command, String text) {
        byte[] t = text.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[t.length + 1];
        out[0] = (byte) command;
        System.arraycopy(t, 0, out, 1, t.length);
        return out;
    }

    private static void record(StringBuilder out, String step, Object response) {
        out.append("== ").append(step).append('\n');
        if (response instanceof WireClient.Response r) {
            for (byte[] p : r.packets()) {
                out.append(HexFormat.of().formatHex(p)).append('\n');
            }
        } else {
            out.append(response).append('\n');
        }
    }
}
