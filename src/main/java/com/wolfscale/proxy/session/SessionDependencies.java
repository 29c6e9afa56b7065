package com.wolfscale.proxy.session;

import com.wolfscale.proxy.ProxyCluster;
import com.wolfscale.proxy.ProxyConfig;
import com.wolfscale.proxy.route.ReadRouter;
import com.wolfscale.proxy.route.StatementClassifier;

/**
 * What every client session of one proxy shares: the cluster view, settings, the login state machine, the
 * classifier and read router, and the registry of live sessions (for KILL). All thread-safe.
 *
 * @param cluster    where leader traffic goes, how far the local database is
 * @param config     the proxy's settings
 * @param login      the server side of the connection phase
 * @param classifier where statements may run
 * @param reads      whether a read may run locally
 * @param registry   the live sessions
 */
public record SessionDependencies(ProxyCluster cluster, ProxyConfig config, ConnectionPhase login,
        StatementClassifier classifier, ReadRouter reads, SessionRegistry registry) {
}
