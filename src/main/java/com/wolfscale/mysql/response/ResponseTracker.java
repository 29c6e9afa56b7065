package com.wolfscale.mysql.response;

import com.wolfscale.mysql.Capabilities;
import com.wolfscale.mysql.Command;
import com.wolfscale.mysql.ProtocolException;
import com.wolfscale.mysql.RawPacket;
import com.wolfscale.mysql.ServerStatus;
import com.wolfscale.mysql.packet.ColumnCount;
import com.wolfscale.mysql.packet.ComStmtPrepareOk;
import com.wolfscale.mysql.packet.EofPacket;
import com.wolfscale.mysql.packet.ErrPacket;
import com.wolfscale.mysql.packet.OkPacket;

/**
 * Follows the server packets that answer one client command and says when the response is complete, so a
 * relay that forwards packets byte-for-byte knows exactly where each response ends and the connection is
 * in step for the next command. What the response said — the final OK/ERR/EOF (status flags, affected
 * rows, insert id, warnings, session-track data), prepare counts, LOCAL INFILE requests — is collected in
 * its {@link #summary()}.
 *
 * <p>Response shapes, per command (mariadb-docs {@code 4-server-response-packets}, {@code 2-text-protocol},
 * {@code 3-binary-protocol-prepared-statements}):
 * <pre>
 * COM_QUERY, COM_STMT_EXECUTE,   one or more results, each: OK | ERR | LOCAL INFILE (0xFB) then OK/ERR |
 * COM_PROCESS_INFO,              column count, [column defs], [EOF], rows, EOF/OK(0xFE) | ERR;
 * COM_STMT_BULK_EXECUTE          another result follows while SERVER_MORE_RESULTS_EXISTS is set; an
 *                                EOF/OK with CURSOR_EXISTS after the definitions ends an execute (rows
 *                                then come with COM_STMT_FETCH)
 * COM_STMT_PREPARE               ERR | prepare-OK, param defs, [EOF], column defs, [EOF]
 * COM_STMT_FETCH                 binary rows, EOF/OK(0xFE) | ERR
 * COM_FIELD_LIST                 column defs, EOF/OK(0xFE) | ERR
 * COM_STATISTICS                 one string packet
 * COM_CHANGE_USER                OK | ERR | auth switch (0xFE) / more data (0x01), client answers, repeat
 * COM_QUIT, COM_STMT_CLOSE,      no response
 * COM_STMT_SEND_LONG_DATA
 * anything else                  one OK | EOF | ERR packet
 * </pre>
 * The bracketed EOFs are sent only without CLIENT_DEPRECATE_EOF. A 0xFE-header packet ends rows only if
 * its payload is shorter than 0xFFFFFF (and than 9 for a classic EOF): a text row whose first value is
 * 16 MiB or longer starts with 0xFE too. MariaDB progress reports (ERR with code 0xFFFF, with
 * MARIADB_CLIENT_PROGRESS) are skipped wherever they appear.
 *
 * <p>Feed it either logical payloads ({@link #accept(byte[])}) or physical packets as they are relayed
 * ({@link #accept(RawPacket)}); the latter tracks split payloads itself. Not thread-safe: one tracker per
 * in-flight command, owned by the connection's thread.
 */
public final class ResponseTracker {

    private enum State {
        RESULT_START, COLUMN_DEFS, COLUMNS_EOF, ROWS, INFILE_DATA, INFILE_RESULT, PREPARE_OK, PARAM_DEFS,
        PARAMS_EOF, PREPARE_COLUMN_DEFS, PREPARE_COLUMNS_EOF, FIELD_LIST, STATISTICS, AUTH, AUTH_CLIENT,
        SINGLE, DONE
    }

    private final int command;
    private final long capabilities;
    private final boolean deprecateEof;
    private State state;
    private long definitionsLeft;
    private boolean serverContinuation;
    private boolean clientContinuation;
    /** After auth-more-data (0x01) the server may go on without the client (caching_sha2 fast path). */
    private boolean serverMayContinueAuth;

    private final ResponseSummary summary = new ResponseSummary();
    private ComStmtPrepareOk prepareOk;

    /** A payload inside a larger array (a relayed frame), copied only when it must be decoded. */
    private record View(byte[] array, int offset, int length) {
        int first() {
            return length > 0 ? array[offset] & 0xFF : -1;
        }

        byte[] bytes() {
            return offset == 0 && length == array.length ? array
                    : java.util.Arrays.copyOfRange(array, offset, offset + length);
        }

        String describe() {
            return length + "-byte packet starting " + ProtocolException.hexPrefix(array, offset, length);
        }
    }

    private ResponseTracker(int command, long capabilities, State initial) {
        this.command = command;
        this.capabilities = capabilities;
        this.deprecateEof = Capabilities.has(capabilities, Capabilities.CLIENT_DEPRECATE_EOF);
        this.state = initial;
    }

    /**
     * A tracker for the response to a command.
     *
     * @param command      the command byte (first byte of the client's packet)
     * @param capabilities the session's negotiated capabilities
     */
    public static ResponseTracker forCommand(int command, long capabilities) {
        return new ResponseTracker(command, capabilities, initialState(command));
    }

    private static State initialState(int command) {
        return switch (command) {
            case Command.COM_QUERY, Command.COM_STMT_EXECUTE, Command.COM_PROCESS_INFO,
                    Command.COM_STMT_BULK_EXECUTE -> State.RESULT_START;
            case Command.COM_STMT_PREPARE -> State.PREPARE_OK;
            case Command.COM_STMT_FETCH -> State.ROWS;
            case Command.COM_FIELD_LIST -> State.FIELD_LIST;
            case Command.COM_STATISTICS -> State.STATISTICS;
            case Command.COM_CHANGE_USER -> State.AUTH;
            case Command.COM_QUIT, Command.COM_STMT_CLOSE, Command.COM_STMT_SEND_LONG_DATA -> State.DONE;
            default -> State.SINGLE;
        };
    }

    /** True when the command gets no response at all (COM_QUIT, COM_STMT_CLOSE, COM_STMT_SEND_LONG_DATA). */
    public static boolean hasNoResponse(int command) {
        return initialState(command) == State.DONE;
    }

    /** Accepts one logical server payload. */
    public Expect accept(byte[] payload) {
        if (serverContinuation) {
            throw new ProtocolException("a logical payload arrived while a split physical packet is unfinished");
        }
        dispatch(new View(payload, 0, payload.length));
        return expect();
    }

    /** Accepts one physical server packet as relayed; pieces of a split payload are recognised and counted once. */
    public Expect accept(RawPacket packet) {
        if (serverContinuation) {
            serverContinuation = packet.continues();
            return expect();
        }
        serverContinuation = packet.continues();
        dispatch(new View(packet.frame(), RawPacket.HEADER_SIZE, packet.payloadLength()));
        return expect();
    }

    /** Reports one logical client packet sent during {@link Expect#CLIENT_INFILE_DATA} or {@link Expect#CLIENT_AUTH_DATA}. */
    public Expect acceptClient(byte[] payload) {
        clientPacket(payload.length, false);
        return expect();
    }

    /** Reports one physical client packet sent during {@link Expect#CLIENT_INFILE_DATA} or {@link Expect#CLIENT_AUTH_DATA}. */
    public Expect acceptClient(RawPacket packet) {
        boolean continuing = clientContinuation;
        clientContinuation = packet.continues();
        if (!continuing) {
            // only the first piece of a logical packet counts; an empty last piece of a split packet does
            // not end a LOCAL INFILE transfer (the server reassembles before it looks at the length)
            clientPacket(packet.payloadLength(), packet.continues());
        }
        return expect();
    }

    /** What must happen next. */
    public Expect expect() {
        if (serverContinuation) {
            return Expect.SERVER;
        }
        return switch (state) {
            case DONE -> Expect.DONE;
            case INFILE_DATA -> Expect.CLIENT_INFILE_DATA;
            case AUTH_CLIENT -> Expect.CLIENT_AUTH_DATA;
            default -> Expect.SERVER;
        };
    }

    public boolean isComplete() {
        return expect() == Expect.DONE;
    }

    private void clientPacket(int length, boolean split) {
        switch (state) {
            case INFILE_DATA -> {
                if (length == 0 && !split) {
                    state = State.INFILE_RESULT; // the empty packet ends the file
                }
            }
            case AUTH_CLIENT -> state = State.AUTH;
            default -> throw new ProtocolException("client packet during " + Command.name(command)
                    + " while the server's response is expected (state " + state + ")");
        }
    }

    private void dispatch(View p) {
        summary.packet();
        if (state == State.AUTH_CLIENT && serverMayContinueAuth) {
            state = State.AUTH;
        }
        if (state == State.DONE || state == State.INFILE_DATA || state == State.AUTH_CLIENT) {
            throw new ProtocolException("unexpected server packet after the response to " + Command.name(command)
                    + " (state " + state + "): " + p.describe());
        }
        if (p.length() == 0 && state != State.STATISTICS) {
            throw new ProtocolException("empty server packet in the response to " + Command.name(command)
                    + " (state " + state + ")");
        }
        if (isErr(p) && Capabilities.has(capabilities, Capabilities.MARIADB_CLIENT_PROGRESS)
                && ErrPacket.isProgressReport(p.bytes())) {
            return;
        }
        switch (state) {
            case RESULT_START -> resultStart(p);
            case COLUMN_DEFS, PARAM_DEFS, PREPARE_COLUMN_DEFS -> definition(p);
            case COLUMNS_EOF, PARAMS_EOF, PREPARE_COLUMNS_EOF -> definitionsEof(p);
            case ROWS -> row(p);
            case INFILE_RESULT -> infileResult(p);
            case PREPARE_OK -> prepareOk(p);
            case FIELD_LIST -> fieldList(p);
            case STATISTICS -> state = State.DONE;
            case AUTH -> auth(p);
            case SINGLE -> single(p);
            default -> throw new IllegalStateException("unhandled state " + state);
        }
    }

    private void resultStart(View p) {
        requireSmall(p, "first packet of a result");
        switch (p.first()) {
            case OkPacket.HEADER -> endResult(okFrom(p));
            case ErrPacket.HEADER -> fail(p);
            case 0xFB -> {
                summary.infile(new String(p.array(), p.offset() + 1, p.length() - 1,
                        java.nio.charset.StandardCharsets.UTF_8));
                state = State.INFILE_DATA;
            }
            default -> {
                ColumnCount count = ColumnCount.decode(p.bytes(), capabilities);
                if (count.metadataFollows()) {
                    definitionsLeft = count.count();
                    state = State.COLUMN_DEFS;
                } else {
                    state = deprecateEof ? State.ROWS : State.COLUMNS_EOF;
                }
            }
        }
    }

    private void definition(View p) {
        if (isErr(p)) {
            fail(p);
            return;
        }
        if (--definitionsLeft > 0) {
            return;
        }
        state = switch (state) {
            case COLUMN_DEFS -> deprecateEof ? State.ROWS : State.COLUMNS_EOF;
            case PARAM_DEFS -> deprecateEof ? afterParams() : State.PARAMS_EOF;
            case PREPARE_COLUMN_DEFS -> deprecateEof ? State.DONE : State.PREPARE_COLUMNS_EOF;
            default -> throw new IllegalStateException("not a definitions state: " + state);
        };
    }

    private void definitionsEof(View p) {
        if (isErr(p)) {
            fail(p);
            return;
        }
        if (!isTerminator(p)) {
            throw new ProtocolException("expected the EOF after definitions in the response to " + Command.name(command)
                    + ", got " + p.describe());
        }
        int status = terminatorStatus(p);
        state = switch (state) {
            case COLUMNS_EOF -> ServerStatus.has(status, ServerStatus.CURSOR_EXISTS) ? endCursorResult() : State.ROWS;
            case PARAMS_EOF -> afterParams();
            case PREPARE_COLUMNS_EOF -> State.DONE;
            default -> throw new IllegalStateException("not an EOF state: " + state);
        };
    }

    private State endCursorResult() {
        summary.resultSetEnded();
        return State.DONE;
    }

    private void row(View p) {
        if (isErr(p)) {
            fail(p);
        } else if (isTerminator(p)) {
            int status = terminatorStatus(p);
            summary.resultSetEnded();
            boolean more = ServerStatus.has(status, ServerStatus.MORE_RESULTS_EXISTS);
            state = more && command != Command.COM_STMT_FETCH ? State.RESULT_START : State.DONE;
        } else {
            summary.row();
        }
    }

    private void infileResult(View p) {
        requireSmall(p, "LOCAL INFILE result");
        switch (p.first()) {
            case OkPacket.HEADER -> endResult(okFrom(p));
            case ErrPacket.HEADER -> fail(p);
            default -> throw unexpected(p, "OK or ERR after LOCAL INFILE data");
        }
    }

    private void prepareOk(View p) {
        requireSmall(p, "COM_STMT_PREPARE response");
        switch (p.first()) {
            case 0x00 -> {
                prepareOk = ComStmtPrepareOk.decode(p.bytes());
                summary.prepared(prepareOk);
                definitionsLeft = prepareOk.paramCount();
                state = definitionsLeft > 0 ? State.PARAM_DEFS : afterParams();
            }
            case ErrPacket.HEADER -> fail(p);
            default -> throw unexpected(p, "prepare OK or ERR");
        }
    }

    private State afterParams() {
        definitionsLeft = prepareOk.columnCount();
        return definitionsLeft > 0 ? State.PREPARE_COLUMN_DEFS : State.DONE;
    }

    private void fieldList(View p) {
        if (isErr(p)) {
            fail(p);
        } else if (isTerminator(p)) {
            terminatorStatus(p);
            state = State.DONE;
        }
    }

    private void auth(View p) {
        requireSmall(p, "COM_CHANGE_USER response");
        switch (p.first()) {
            case OkPacket.HEADER -> {
                okFrom(p);
                state = State.DONE;
            }
            case ErrPacket.HEADER -> fail(p);
            case 0xFE, 0x01 -> {
                serverMayContinueAuth = p.first() == 0x01;
                state = State.AUTH_CLIENT;
            }
            default -> throw unexpected(p, "OK, ERR, auth switch or auth data");
        }
    }

    private void single(View p) {
        requireSmall(p, "single-packet response");
        switch (p.first()) {
            case OkPacket.HEADER -> okFrom(p);
            case ErrPacket.HEADER -> fail(p);
            case EofPacket.HEADER -> terminatorStatus(p);
            default -> throw unexpected(p, "OK, EOF or ERR");
        }
        state = State.DONE;
    }

    /** 0xFE and shorter than 0xFFFFFF (OK with deprecated EOF) or than 9 (classic EOF). */
    private boolean isTerminator(View p) {
        if (p.first() != EofPacket.HEADER || p.length() >= RawPacket.MAX_PAYLOAD) {
            return false;
        }
        return deprecateEof || p.length() < EofPacket.MAX_LENGTH_EXCLUSIVE;
    }

    /** 0xFF and not a 16 MiB piece (a binary or text row never starts with 0xFF, but be exact anyway). */
    private static boolean isErr(View p) {
        return p.first() == ErrPacket.HEADER && p.length() < RawPacket.MAX_PAYLOAD;
    }

    /** Decodes a terminator (0xFE OK with CLIENT_DEPRECATE_EOF, else EOF), records it, returns its status flags. */
    private int terminatorStatus(View p) {
        byte[] payload = p.bytes();
        if (!deprecateEof) {
            summary.eof(EofPacket.decode(payload));
        } else {
            okFrom(payload);
        }
        return summary.statusFlags();
    }

    private OkPacket okFrom(View p) {
        return okFrom(p.bytes());
    }

    private OkPacket okFrom(byte[] payload) {
        OkPacket ok = OkPacket.decode(payload, capabilities);
        summary.ok(ok);
        return ok;
    }

    private void endResult(OkPacket ok) {
        state = ok.moreResultsExist() ? State.RESULT_START : State.DONE;
    }

    private void fail(View p) {
        summary.error(ErrPacket.decode(p.bytes()));
        state = State.DONE;
    }

    private void requireSmall(View p, String what) {
        if (p.length() >= RawPacket.MAX_PAYLOAD) {
            throw new ProtocolException("a 16 MiB packet cannot be the " + what + " of " + Command.name(command));
        }
    }

    private ProtocolException unexpected(View p, String wanted) {
        return new ProtocolException("expected " + wanted + " in the response to " + Command.name(command)
                + ", got " + p.describe());
    }

    /** The command this tracker follows. */
    public int command() {
        return command;
    }

    /** What the response said so far (final once {@link #isComplete()}). */
    public ResponseSummary summary() {
        return summary;
    }
}
