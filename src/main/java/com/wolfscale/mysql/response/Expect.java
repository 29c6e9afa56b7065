package com.wolfscale.mysql.response;

/** What a {@link ResponseTracker} needs next to make progress. */
public enum Expect {
    /** More server packets belong to this response. */
    SERVER,
    /**
     * The server asked for a LOCAL INFILE: the client must now send the file's content and an empty packet;
     * report each client packet to the tracker. The server's final OK/ERR follows.
     */
    CLIENT_INFILE_DATA,
    /**
     * COM_CHANGE_USER: the server sent an auth switch or more auth data; the client answers next (report it),
     * though after 0x01 data the server may also continue on its own (caching_sha2_password fast path).
     */
    CLIENT_AUTH_DATA,
    /** The response is complete; the connection is ready for the next command. */
    DONE
}
