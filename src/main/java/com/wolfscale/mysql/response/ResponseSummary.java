package com.wolfscale.mysql.response;

import com.wolfscale.mysql.packet.ComStmtPrepareOk;
import com.wolfscale.mysql.packet.EofPacket;
import com.wolfscale.mysql.packet.ErrPacket;
import com.wolfscale.mysql.packet.OkPacket;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the server said in one response, as its {@link ResponseTracker} saw it: every OK, the ERR that ended
 * it, the last EOF, the status flags and warnings of the last OK/EOF (the session's transaction state),
 * row and result-set counts, the prepare header, the LOCAL INFILE file name.
 *
 * <p>Written only by its tracker; not thread-safe (read it from the connection's thread, or after the
 * response is complete).
 */
public final class ResponseSummary {

    private int statusFlags;
    private int warnings;
    private final List<OkPacket> oks = new ArrayList<>();
    private ErrPacket error;
    private EofPacket lastEof;
    private ComStmtPrepareOk prepareOk;
    private String infileName;
    private int resultSets;
    private long rows;
    private long packets;

    ResponseSummary() {
    }

    void packet() {
        packets++;
    }

    void row() {
        rows++;
    }

    void resultSetEnded() {
        resultSets++;
    }

    void ok(OkPacket ok) {
        oks.add(ok);
        statusFlags = ok.statusFlags();
        warnings = ok.warnings();
    }

    void eof(EofPacket eof) {
        lastEof = eof;
        statusFlags = eof.statusFlags();
        warnings = eof.warnings();
    }

    void error(ErrPacket err) {
        error = err;
    }

    void prepared(ComStmtPrepareOk ok) {
        prepareOk = ok;
        warnings = ok.warnings();
    }

    void infile(String name) {
        infileName = name;
    }

    /** Status flags of the last OK or EOF seen (transaction state, more results, cursor). */
    public int statusFlags() {
        return statusFlags;
    }

    /** Warning count of the last OK, EOF or prepare header seen. */
    public int warnings() {
        return warnings;
    }

    /** Every OK packet of the response in order (one per statement of a multi-statement). */
    public List<OkPacket> oks() {
        return List.copyOf(oks);
    }

    /** The last OK packet (including a 0xFE OK ending a result set). */
    public Optional<OkPacket> lastOk() {
        return oks.isEmpty() ? Optional.empty() : Optional.of(oks.get(oks.size() - 1));
    }

    /** The ERR that ended the response, if it failed. */
    public Optional<ErrPacket> error() {
        return Optional.ofNullable(error);
    }

    public Optional<EofPacket> lastEof() {
        return Optional.ofNullable(lastEof);
    }

    /** The prepare response's header, for COM_STMT_PREPARE. */
    public Optional<ComStmtPrepareOk> prepareOk() {
        return Optional.ofNullable(prepareOk);
    }

    /** The file name the server asked for with LOCAL INFILE. */
    public Optional<String> infileName() {
        return Optional.ofNullable(infileName);
    }

    /** Result sets completed so far (a cursor-opening execute counts one). */
    public int resultSets() {
        return resultSets;
    }

    /** Rows seen so far, over all result sets. */
    public long rows() {
        return rows;
    }

    /** Logical server packets seen so far. */
    public long packets() {
        return packets;
    }
}
