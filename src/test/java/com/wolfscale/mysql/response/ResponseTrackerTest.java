package com.wolfscale.mysql.response;

import static com.wolfscale.mysql.response.Responses.EOF_CAPS;
import static com.wolfscale.mysql.response.Responses.OK_CAPS;
import static com.wolfscale.mysql.response.Responses.count;
import static com.wolfscale.mysql.response.Responses.def;
import static com.wolfscale.mysql.response.Responses.eof;
import static com.wolfscale.mysql.response.Responses.err;
import static com.wolfscale.mysql.response.Responses.ok;
import static com.wolfscale.mysql.response.Responses.okEof;
import static com.wolfscale.mysql.response.Responses.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.wolfscale.mysql.Capabilities;
import com.wolfscale.mysql.Command;
import com.wolfscale.mysql.ProtocolException;
import com.wolfscale.mysql.RawPacket;
import com.wolfscale.mysql.ServerStatus;
import com.wolfscale.mysql.packet.AuthSwitchRequest;
import com.wolfscale.mysql.packet.ColumnCount;
import com.wolfscale.mysql.packet.ComStmtPrepareOk;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResponseTrackerTest {

    private static final int MORE = ServerStatus.MORE_RESULTS_EXISTS | ServerStatus.AUTOCOMMIT;
    private static final int LAST = ServerStatus.AUTOCOMMIT;

    /** Feeds all packets; the tracker must want more before the last one and be done after it. */
    private static ResponseTracker feed(int command, long caps, byte[]... packets) {
        ResponseTracker t = ResponseTracker.forCommand(command, caps);
        for (int i = 0; i < packets.length; i++) {
            Expect e = t.accept(packets[i]);
            assertThat(e).as("after packet %d of %d", i + 1, packets.length)
                    .isEqualTo(i == packets.length - 1 ? Expect.DONE : Expect.SERVER);
        }
        return t;
    }

    @Test
    void textResultSetWithClassicEofs() {
        ResponseTracker t = feed(Command.COM_QUERY, EOF_CAPS, count(2), def("a"), def("b"), eof(LAST),
                row("1", null), row("", "x"), eof(LAST | ServerStatus.IN_TRANS));
        assertThat(t.summary().rows()).isEqualTo(2);
        assertThat(t.summary().resultSets()).isEqualTo(1);
        assertThat(t.summary().statusFlags()).isEqualTo(LAST | ServerStatus.IN_TRANS);
        assertThat(t.summary().lastEof()).isPresent();
    }

    @Test
    void textResultSetWithDeprecatedEof() {
        ResponseTracker t = feed(Command.COM_QUERY, OK_CAPS, count(1), def("a"), row(""), row((String) null), okEof(LAST));
        assertThat(t.summary().rows()).isEqualTo(2);
        assertThat(t.summary().lastOk().orElseThrow().header()).isEqualTo(0xFE);
    }

    @Test
    void rowsThatLookLikeTerminatorsAreRows() {
        byte[] nineBytes = {(byte) 0xFE, 1, 2, 3, 4, 5, 6, 7, 8};
        ResponseTracker classic = feed(Command.COM_QUERY, EOF_CAPS, count(1), def("a"), eof(LAST), row(""),
                nineBytes, eof(LAST));
        assertThat(classic.summary().rows()).as("a 9-byte 0xFE packet is not a classic EOF").isEqualTo(2);

        byte[] big = new byte[RawPacket.MAX_PAYLOAD + 9];
        big[0] = (byte) 0xFE;
        ResponseTracker logical = feed(Command.COM_QUERY, OK_CAPS, count(1), def("a"), big, okEof(LAST));
        assertThat(logical.summary().rows()).as("a 16 MiB row starting with 0xFE").isEqualTo(1);
    }

    @Test
    void rawModeCountsASplitRowOnceEvenIfItsTailLooksLikeAnEof() {
        ResponseTracker t = ResponseTracker.forCommand(Command.COM_QUERY, EOF_CAPS);
        for (byte[] p : List.of(count(1), def("a"), eof(LAST))) {
            assertThat(t.accept(RawPacket.of(0, p))).isEqualTo(Expect.SERVER);
        }
        byte[] head = new byte[RawPacket.MAX_PAYLOAD];
        head[0] = (byte) 0xFE;
        assertThat(t.accept(RawPacket.of(4, head))).isEqualTo(Expect.SERVER);
        assertThat(t.accept(RawPacket.of(5, eof(LAST)))).as("continuation that looks like an EOF")
                .isEqualTo(Expect.SERVER);
        assertThat(t.accept(RawPacket.of(6, eof(LAST)))).isEqualTo(Expect.DONE);
        assertThat(t.summary().rows()).isEqualTo(1);
    }

    @Test
    void aSplitRowEndingOnTheBoundaryIsFollowedByAnEmptyPiece() {
        ResponseTracker t = ResponseTracker.forCommand(Command.COM_QUERY, OK_CAPS);
        t.accept(RawPacket.of(0, count(1)));
        t.accept(RawPacket.of(1, def("a")));
        assertThat(t.accept(RawPacket.of(2, new byte[RawPacket.MAX_PAYLOAD]))).isEqualTo(Expect.SERVER);
        assertThat(t.accept(RawPacket.of(3, new byte[0]))).isEqualTo(Expect.SERVER);
        assertThat(t.accept(RawPacket.of(4, okEof(LAST)))).isEqualTo(Expect.DONE);
    }

    @Test
    void multiResultsFollowMoreResultsExists() {
        ResponseTracker t = feed(Command.COM_QUERY, OK_CAPS, ok(MORE), count(1), def("a"), row("1"), okEof(MORE),
                ok(MORE), count(1), def("b"), okEof(MORE), ok(LAST));
        assertThat(t.summary().oks()).hasSize(5);
        assertThat(t.summary().resultSets()).isEqualTo(2);
        assertThat(t.summary().rows()).isEqualTo(1);
        ResponseTracker proc = feed(Command.COM_QUERY, EOF_CAPS, count(1), def("a"), eof(LAST), row("1"), eof(MORE),
                count(1), def("b"), eof(LAST), eof(MORE), ok(LAST));
        assertThat(proc.summary().resultSets()).isEqualTo(2);
    }

    @Test
    void anErrorEndsEvenAMultiResultResponse() {
        ResponseTracker t = feed(Command.COM_QUERY, OK_CAPS, ok(MORE), count(1), def("a"), row("1"), err());
        assertThat(t.summary().error().orElseThrow().errorCode()).isEqualTo(1146);
        ResponseTracker midDefs = feed(Command.COM_QUERY, EOF_CAPS, count(3), def("a"), err());
        assertThat(midDefs.summary().error()).isPresent();
    }

    @Test
    void localInfileWaitsForTheClientsDataAndTheFinalOk() {
        ResponseTracker t = ResponseTracker.forCommand(Command.COM_QUERY, OK_CAPS);
        byte[] request = new byte[] {(byte) 0xFB, 'f', '.', 'c', 's', 'v'};
        assertThat(t.accept(request)).isEqualTo(Expect.CLIENT_INFILE_DATA);
        assertThat(t.summary().infileName()).contains("f.csv");
        assertThat(t.acceptClient("1,2\n".getBytes())).isEqualTo(Expect.CLIENT_INFILE_DATA);
        assertThat(t.acceptClient(new byte[0])).isEqualTo(Expect.SERVER);
        assertThat(t.accept(ok(MORE))).isEqualTo(Expect.SERVER);
        assertThat(t.accept(count(1))).isEqualTo(Expect.SERVER);
        t.accept(def("n"));
        t.accept(row("1"));
        assertThat(t.accept(okEof(LAST))).isEqualTo(Expect.DONE);
    }

    @Test
    void rawInfileDataOfExactly16MiBIsNotEndedByItsEmptyContinuation() {
        ResponseTracker t = ResponseTracker.forCommand(Command.COM_QUERY, OK_CAPS);
        t.accept(new byte[] {(byte) 0xFB, 'x'});
        assertThat(t.acceptClient(RawPacket.of(2, new byte[RawPacket.MAX_PAYLOAD])))
                .isEqualTo(Expect.CLIENT_INFILE_DATA);
        assertThat(t.acceptClient(RawPacket.of(3, new byte[0]))).as("continuation of the 16 MiB packet")
                .isEqualTo(Expect.CLIENT_INFILE_DATA);
        assertThat(t.acceptClient(RawPacket.of(4, new byte[0]))).isEqualTo(Expect.SERVER);
        assertThat(t.accept(RawPacket.of(5, ok(LAST)))).isEqualTo(Expect.DONE);
    }

    @Test
    void prepareResponsesWithAndWithoutEofs() {
        byte[] prep = new ComStmtPrepareOk(7, 2, 1, 0).encode();
        feed(Command.COM_STMT_PREPARE, EOF_CAPS, prep, def("?"), eof(LAST), def("a"), def("b"), eof(LAST));
        ResponseTracker t = feed(Command.COM_STMT_PREPARE, OK_CAPS, prep, def("?"), def("a"), def("b"));
        assertThat(t.summary().prepareOk().orElseThrow().statementId()).isEqualTo(7);
        feed(Command.COM_STMT_PREPARE, EOF_CAPS, new ComStmtPrepareOk(8, 0, 2, 0).encode(), def("?"), def("?"),
                eof(LAST));
        feed(Command.COM_STMT_PREPARE, EOF_CAPS, new ComStmtPrepareOk(9, 1, 0, 0).encode(), def("a"), eof(LAST));
        feed(Command.COM_STMT_PREPARE, EOF_CAPS, new ComStmtPrepareOk(10, 0, 0, 0).encode());
        assertThat(feed(Command.COM_STMT_PREPARE, OK_CAPS, err()).summary().error()).isPresent();
    }

    @Test
    void executeWithACursorEndsAfterTheDefinitionsAndFetchReadsRows() {
        int cursor = LAST | ServerStatus.CURSOR_EXISTS;
        ResponseTracker classic = feed(Command.COM_STMT_EXECUTE, EOF_CAPS, count(1), def("a"), eof(cursor));
        assertThat(classic.summary().resultSets()).isEqualTo(1);
        feed(Command.COM_STMT_EXECUTE, OK_CAPS, count(1), def("a"), okEof(cursor));
        byte[] binaryRow = {0, 0, 1, 'x'};
        ResponseTracker fetch = feed(Command.COM_STMT_FETCH, EOF_CAPS, binaryRow, binaryRow, eof(cursor | MORE));
        assertThat(fetch.summary().rows()).as("MORE_RESULTS never continues a fetch").isEqualTo(2);
        feed(Command.COM_STMT_FETCH, OK_CAPS, binaryRow, okEof(LAST | ServerStatus.LAST_ROW_SENT));
        ResponseTracker binary = feed(Command.COM_STMT_EXECUTE, OK_CAPS, count(1), def("a"), binaryRow, okEof(LAST));
        assertThat(binary.summary().rows()).as("binary rows start with 0x00, like an OK").isEqualTo(1);
    }

    @Test
    void cachedMetadataSkipsTheDefinitions() {
        long caps = OK_CAPS | Capabilities.MARIADB_CLIENT_CACHE_METADATA;
        byte[] noMetadata = new ColumnCount(2, false).encode(caps);
        ResponseTracker t = feed(Command.COM_STMT_EXECUTE, caps, noMetadata, new byte[] {0, 0, 1, 2}, okEof(LAST));
        assertThat(t.summary().rows()).isEqualTo(1);
    }

    @Test
    void fieldListStatisticsAndSinglePacketCommands() {
        feed(Command.COM_FIELD_LIST, EOF_CAPS, def("a"), def("b"), eof(LAST));
        feed(Command.COM_FIELD_LIST, OK_CAPS, def("a"), okEof(LAST));
        assertThat(feed(Command.COM_FIELD_LIST, OK_CAPS, err()).summary().error()).isPresent();
        feed(Command.COM_STATISTICS, OK_CAPS, "Uptime: 5  Threads: 1".getBytes());
        feed(Command.COM_STATISTICS, OK_CAPS, new byte[0]);
        for (int command : new int[] {Command.COM_PING, Command.COM_INIT_DB, Command.COM_RESET_CONNECTION,
            Command.COM_STMT_RESET, Command.COM_PROCESS_KILL, Command.COM_REFRESH}) {
            assertThat(feed(command, OK_CAPS, ok(LAST)).summary().lastOk()).isPresent();
            assertThat(feed(command, OK_CAPS, err()).summary().error()).isPresent();
        }
        assertThat(feed(Command.COM_SET_OPTION, EOF_CAPS, eof(LAST)).summary().lastEof()).isPresent();
        assertThat(feed(Command.COM_SET_OPTION, OK_CAPS, okEof(LAST)).summary().lastOk()).isPresent();
        assertThatThrownBy(() -> ResponseTracker.forCommand(Command.COM_PING, OK_CAPS).accept(row("x")))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("COM_PING");
    }

    @Test
    void changeUserFollowsAnAuthSwitch() {
        ResponseTracker t = ResponseTracker.forCommand(Command.COM_CHANGE_USER, OK_CAPS);
        byte[] sw = new AuthSwitchRequest("mysql_native_password", new byte[21]).encode();
        assertThat(t.accept(sw)).isEqualTo(Expect.CLIENT_AUTH_DATA);
        assertThatThrownBy(() -> t.accept(ok(LAST))).isInstanceOf(ProtocolException.class);
        assertThat(t.acceptClient(new byte[20])).isEqualTo(Expect.SERVER);
        assertThat(t.accept(ok(LAST))).isEqualTo(Expect.DONE);
        assertThat(feed(Command.COM_CHANGE_USER, OK_CAPS, ok(LAST)).summary().lastOk()).isPresent();
        ResponseTracker fast = ResponseTracker.forCommand(Command.COM_CHANGE_USER, OK_CAPS);
        assertThat(fast.accept(new byte[] {1, 3})).as("caching_sha2 fast auth: the client may answer")
                .isEqualTo(Expect.CLIENT_AUTH_DATA);
        assertThat(fast.accept(ok(LAST))).as("... or the server goes on").isEqualTo(Expect.DONE);
    }

    @Test
    void commandsWithoutResponseAreDoneAtOnce() {
        for (int command : new int[] {Command.COM_QUIT, Command.COM_STMT_CLOSE, Command.COM_STMT_SEND_LONG_DATA}) {
            ResponseTracker t = ResponseTracker.forCommand(command, OK_CAPS);
            assertThat(t.isComplete()).isTrue();
            assertThat(ResponseTracker.hasNoResponse(command)).isTrue();
            assertThatThrownBy(() -> t.accept(ok(LAST))).isInstanceOf(ProtocolException.class)
                    .hasMessageContaining("after the response");
        }
    }

    @Test
    void progressReportsAreSkippedWhenNegotiated() {
        long caps = OK_CAPS | Capabilities.MARIADB_CLIENT_PROGRESS;
        byte[] progress = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 1, 1, 0, 0, 0, 0};
        ResponseTracker t = feed(Command.COM_QUERY, caps, progress, progress, ok(LAST));
        assertThat(t.summary().error()).isEmpty();
    }

    @Test
    void malformedResponsesAreProtocolErrors() {
        ResponseTracker t = ResponseTracker.forCommand(Command.COM_QUERY, OK_CAPS);
        assertThatThrownBy(() -> t.accept(new byte[0])).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("empty server packet");
        ResponseTracker prep = ResponseTracker.forCommand(Command.COM_STMT_PREPARE, OK_CAPS);
        assertThatThrownBy(() -> prep.accept(row("x"))).isInstanceOf(ProtocolException.class);
        ResponseTracker eofExpected = ResponseTracker.forCommand(Command.COM_QUERY, EOF_CAPS);
        eofExpected.accept(count(1));
        eofExpected.accept(def("a"));
        assertThatThrownBy(() -> eofExpected.accept(row("1"))).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("EOF after definitions");
        ResponseTracker client = ResponseTracker.forCommand(Command.COM_QUERY, OK_CAPS);
        assertThatThrownBy(() -> client.acceptClient(new byte[1])).isInstanceOf(ProtocolException.class);
        assertThat(Arrays.asList(Expect.values())).hasSize(4);
    }
}
