package com.wolfscale.api;

/**
 * The request must run on the leader and this node is not it (or not writable right now). The server
 * forwards the request to {@code leaderApi} with the caller's token and relays the answer, once: a
 * request that was already forwarded is answered 503 instead, so a leader change cannot make it loop.
 *
 * @see ApiServer
 */
public final class LeaderRequiredException extends RuntimeException {

    private final String leaderApi;
    private final byte[] forwardBody;

    /**
     * @param leaderApi the leader's advertised API {@code host:port}, or null when none is known
     * @param reason    why this node cannot serve it, for the 503 answer
     */
    public LeaderRequiredException(String leaderApi, String reason) {
        this(leaderApi, reason, null);
    }

    /**
     * @param forwardBody the body to send to the leader instead of the caller's (for a request whose
     *                    defaults depend on the node asked, such as promote's target), or null
     */
    public LeaderRequiredException(String leaderApi, String reason, byte[] forwardBody) {
        super(reason);
        this.leaderApi = leaderApi;
        this.forwardBody = forwardBody;
    }

    /** The body to forward instead of the caller's, or null. */
    public byte[] forwardBody() {
        return forwardBody;
    }

    /** The leader's API {@code host:port}, or null. */
    public String leaderApi() {
        return leaderApi;
    }
}
