package com.wolfscale.proxy.session;

import com.wolfscale.proxy.backend.BackendConnection;
import com.wolfscale.proxy.route.Classification;

/**
 * A statement the client prepared, under the id the proxy gave it. Each backend connection that has it
 * prepared keeps its own id for it ({@link BackendConnection#statementId}), so executions can move between
 * the leader and the local connection, and survive a new leader (prepared again on first use there).
 *
 * <p>Not thread-safe: owned by the session's thread.
 */
final class PreparedStatement {

    final long id;
    /** The client's COM_STMT_PREPARE payload, to prepare the statement again on another connection. */
    final byte[] preparePayload;
    final Classification classification;
    final int paramCount;
    /** The parameter types the client bound last (null before the first execution that sends them). */
    byte[] types;
    /** Where the last execution ran: COM_STMT_FETCH follows it. */
    BackendConnection lastExecutedOn;
    /** COM_STMT_SEND_LONG_DATA went to the leader: the next execution must run there. */
    boolean longDataOnLeader;

    PreparedStatement(long id, byte[] preparePayload, Classification classification, int paramCount) {
        this.id = id;
        this.preparePayload = preparePayload;
        this.classification = classification;
        this.paramCount = paramCount;
    }
}
