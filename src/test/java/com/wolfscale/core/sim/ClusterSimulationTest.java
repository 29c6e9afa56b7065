package com.wolfscale.core.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.wolfscale.core.QuorumMode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Runs many seeded schedules of {@link SimulationRun}. CI runs {@value #CI_SCHEDULES}; a long run is
 * {@code ./mvnw test -Dtest=ClusterSimulationTest -Dwolfscale.sim.schedules=10000}. A failure names its
 * seed; {@code -Dwolfscale.sim.seed=N} replays exactly that schedule.
 */
class ClusterSimulationTest {

    static final int CI_SCHEDULES = 500;

    @Test
    void schedulesKeepEveryInvariant() throws Exception {
        String one = System.getProperty("wolfscale.sim.seed");
        if (one != null) {
            SimulationRun.Result r = new SimulationRun(Long.parseLong(one)).run();
            System.out.println(r);
            return;
        }
        int count = Integer.getInteger("wolfscale.sim.schedules", CI_SCHEDULES);
        long base = Long.getLong("wolfscale.sim.base", 1);
        List<Future<SimulationRun.Result>> runs = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors())) {
            for (long seed = base; seed < base + count; seed++) {
                long s = seed;
                runs.add(pool.submit(() -> {
                    try {
                        return new SimulationRun(s).run();
                    } catch (RuntimeException | AssertionError e) {
                        throw new AssertionError("schedule failed; replay with -Dwolfscale.sim.seed=" + s + ": " + e, e);
                    }
                }));
            }
            List<SimulationRun.Result> results = new ArrayList<>();
            List<String> failures = new ArrayList<>();
            for (Future<SimulationRun.Result> f : runs) {
                try {
                    results.add(f.get());
                } catch (java.util.concurrent.ExecutionException e) {
                    failures.add(e.getCause().getMessage());
                }
            }
            assertThat(failures).as(failures.size() + " failing schedules").isEmpty();
            long quorumRuns = results.stream().filter(r -> r.mode() == QuorumMode.QUORUM).count();
            long writes = results.stream().mapToLong(SimulationRun.Result::writes).sum();
            long faults = results.stream().mapToLong(SimulationRun.Result::faults).sum();
            System.out.printf("%d schedules (%d quorum, %d available), %d faults, %d writes accepted%n",
                    results.size(), quorumRuns, results.size() - quorumRuns, faults, writes);
            assertThat(results).hasSize(count);
            assertThat(writes).as("the schedules must exercise writes").isGreaterThan(count * 10L);
        }
    }
}
