package com.wolfscale.testkit;

import com.wolfscale.sandbox.MariaDbInstance;
import com.wolfscale.sandbox.MariaDbOptions;
import com.wolfscale.sandbox.MariaDbSandbox;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension: N real {@code mariadbd} servers for one test class, started in parallel before the
 * first test and destroyed after the last (also when tests fail; a JVM killed outright has its servers
 * reclaimed by the next run). Use as
 * {@code @RegisterExtension static final MariaDbServers db = MariaDbServers.of(3);}.
 */
public final class MariaDbServers implements BeforeAllCallback, AfterAllCallback {

    private static MariaDbSandbox sandbox;

    private final int count;
    private final MariaDbOptions options;
    private List<MariaDbInstance> servers = List.of();

    private MariaDbServers(int count, MariaDbOptions options) {
        this.count = count;
        this.options = options;
    }

    public static MariaDbServers of(int count) {
        return new MariaDbServers(count, MariaDbOptions.defaults());
    }

    public static MariaDbServers of(int count, MariaDbOptions options) {
        return new MariaDbServers(count, options);
    }

    /** One sandbox per JVM: leftovers of dead runs are reclaimed once, when it opens. */
    public static synchronized MariaDbSandbox sandbox() {
        if (sandbox == null) {
            sandbox = MariaDbSandbox.open(MariaDbSandbox.defaultRoot());
        }
        return sandbox;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        servers = sandbox().start(count, options);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        servers.forEach(sandbox()::destroy);
        servers = List.of();
    }

    public MariaDbInstance get(int index) {
        return servers.get(index);
    }

    public List<MariaDbInstance> all() {
        return servers;
    }
}
