package com.wolfscale.node;

import com.wolfscale.api.model.StatsView;
import com.wolfscale.core.CoreView;
import com.wolfscale.core.Role;
import com.wolfscale.replication.ClusterMember;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.ToDoubleFunction;

/**
 * The node's Prometheus metrics, read on each scrape from the live state: role, epoch, LSNs, lag of every
 * node, commit latency (capture: WAL append to quorum commit), apply and capture counters, API requests.
 * Owned by the node; other packages report into it through plain callbacks, so they stay free of Micrometer.
 */
final class NodeMetrics {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ClusterMember member;
    private final Timer commitLatency;
    private final Counter appliedRecords;
    private final Counter applyBatches;
    private final Set<String> nodesWithGauges = ConcurrentHashMap.newKeySet();

    /** @param appliedLsn the database's applied position */
    NodeMetrics(ClusterMember member, LongSupplier appliedLsn, LongSupplier capturedTransactions) {
        this.member = member;
        gauge("wolfscale.epoch", "current epoch (term << 16 | slot)", v -> v.epoch().value());
        gauge("wolfscale.term", "current term", v -> v.epoch().term());
        for (Role r : Role.values()) {
            Gauge.builder("wolfscale.role", member, m -> m.view().role() == r ? 1 : 0).strongReference(true)
                    .description("1 for this node's current role").tag("role", r.name().toLowerCase(java.util.Locale.ROOT))
                    .register(registry);
        }
        gauge("wolfscale.writable", "1 while this node accepts writes", v -> v.writable(member.loop().nowMs()) ? 1 : 0);
        lsn("last", m -> m.wal().lastLsn().value());
        lsn("durable", m -> m.wal().durableLsn().value());
        lsn("commit", m -> m.view().commitLsn().value());
        Gauge.builder("wolfscale.lsn", appliedLsn, LongSupplier::getAsLong).strongReference(true).tag("kind", "applied")
                .description("log positions of this node").register(registry);
        this.commitLatency = Timer.builder("wolfscale.commit.latency")
                .description("leader: from handing a captured transaction to the WAL until the cluster committed it")
                .publishPercentiles(0.5, 0.99).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
        this.appliedRecords = Counter.builder("wolfscale.applied.records").description("WAL records applied to "
                + "this node's database (or accounted for, when it captured them itself)").register(registry);
        this.applyBatches = Counter.builder("wolfscale.apply.batches").description("database transactions the "
                + "applier committed").register(registry);
        Gauge.builder("wolfscale.captured.transactions", capturedTransactions, LongSupplier::getAsLong)
                .strongReference(true).description("transactions captured by this node's current leadership")
                .register(registry);
    }

    private void gauge(String name, String description, ToDoubleFunction<CoreView> f) {
        Gauge.builder(name, member, m -> f.applyAsDouble(m.view())).strongReference(true).description(description)
                .register(registry);
    }

    private void lsn(String kind, ToDoubleFunction<ClusterMember> f) {
        Gauge.builder("wolfscale.lsn", member, f).strongReference(true).tag("kind", kind)
                .description("log positions of this node").register(registry);
    }

    /** Lag gauges for every node this node knows, registered as nodes appear. */
    private void registerNodeGauges() {
        for (CoreView.NodeInfo n : member.view().nodes()) {
            String id = n.id().value();
            if (nodesWithGauges.add(id)) {
                Gauge.builder("wolfscale.node.lag.records", member, m -> lagOf(m, id, false)).strongReference(true)
                        .tag("node", id).description("records the node's database is behind the leader's log")
                        .register(registry);
                Gauge.builder("wolfscale.node.lag.ms", member, m -> lagOf(m, id, true)).strongReference(true)
                        .tag("node", id).description("commit-time lag of the node's database behind the leader's log")
                        .register(registry);
            }
        }
    }

    private static double lagOf(ClusterMember m, String id, boolean ms) {
        for (CoreView.NodeInfo n : m.view().nodes()) {
            if (n.id().value().equals(id)) {
                return ms ? n.lagMs() : n.lagRecords();
            }
        }
        return Double.NaN;
    }

    void committed(long nanos) {
        commitLatency.record(nanos, TimeUnit.NANOSECONDS);
    }

    void applied(long records) {
        appliedRecords.increment(records);
        applyBatches.increment();
    }

    long appliedRecords() {
        return (long) appliedRecords.count();
    }

    void requestServed(String method, String route, int status, long nanos) {
        Timer.builder("wolfscale.api.requests").description("HTTP API requests").tag("method", method)
                .tag("route", route).tag("status", Integer.toString(status)).register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Commit latency in milliseconds (recent percentiles, as Micrometer keeps them). */
    StatsView.Latency commitLatency() {
        HistogramSnapshot s = commitLatency.takeSnapshot();
        double p50 = 0;
        double p99 = 0;
        for (ValueAtPercentile v : s.percentileValues()) {
            if (v.percentile() == 0.5) {
                p50 = v.value(TimeUnit.MILLISECONDS);
            } else if (v.percentile() == 0.99) {
                p99 = v.value(TimeUnit.MILLISECONDS);
            }
        }
        return new StatsView.Latency(s.count(), s.mean(TimeUnit.MILLISECONDS), p50, p99, s.max(TimeUnit.MILLISECONDS));
    }

    String scrape() {
        registerNodeGauges();
        return registry.scrape();
    }
}
