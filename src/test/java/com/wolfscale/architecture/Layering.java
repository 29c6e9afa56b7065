package com.wolfscale.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.lang.ArchRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The package layering of ARCHITECTURE.md § Layout as ArchUnit rules, parameterised by the base package
 * so the rules themselves can be tested against a deliberately broken fixture.
 */
final class Layering {

    /** package -> the project packages it may depend on (besides itself). */
    static final Map<String, Set<String>> ALLOWED = new LinkedHashMap<>();

    static {
        ALLOWED.put("common", Set.of());
        ALLOWED.put("config", Set.of("common"));
        ALLOWED.put("sandbox", Set.of());
        ALLOWED.put("wal", Set.of("common"));
        ALLOWED.put("core", Set.of("common"));
        ALLOWED.put("mysql", Set.of("common"));
        ALLOWED.put("transport", Set.of("common", "core", "config"));
        ALLOWED.put("replication", Set.of("common", "core", "wal", "transport"));
        ALLOWED.put("changelog", Set.of("common", "mysql"));
        ALLOWED.put("requirements", Set.of());
        ALLOWED.put("capture", Set.of("common", "mysql", "config", "changelog", "requirements"));
        ALLOWED.put("apply", Set.of("common", "wal", "mysql", "config", "changelog"));
        ALLOWED.put("snapshot", Set.of("common", "apply"));
        ALLOWED.put("proxy", Set.of("common", "mysql", "core", "config"));
        ALLOWED.put("api", Set.of("common", "core", "config"));
        ALLOWED.put("cli", Set.of("common", "api", "config", "requirements"));
        // the demo starts servers (sandbox) and shows the cluster through the API's own answer types
        ALLOWED.put("demo", Set.of("sandbox", "api"));
        ALLOWED.put("node", Set.copyOf(ALLOWED.keySet()));
    }

    /** I/O the pure core must never touch: it runs under a simulator with injected time, network and disk. */
    static final String[] IO_PACKAGES = {"java.io..", "java.nio.file..", "java.nio.channels..", "java.net..",
            "java.sql..", "javax.net..", "java.util.concurrent.."};

    private Layering() {
    }

    static List<ArchRule> rules(String base) {
        List<ArchRule> rules = new ArrayList<>();
        for (var entry : ALLOWED.entrySet()) {
            for (String other : ALLOWED.keySet()) {
                if (other.equals(entry.getKey()) || entry.getValue().contains(other)) {
                    continue;
                }
                rules.add(noClasses().that().resideInAPackage(base + "." + entry.getKey() + "..")
                        .should().dependOnClassesThat().resideInAPackage(base + "." + other + "..")
                        .because(entry.getKey() + " may use only " + entry.getValue() + " (ARCHITECTURE.md § Layout)")
                        .allowEmptyShould(true));
            }
        }
        rules.add(noClasses().that().resideInAPackage(base + ".core..")
                .should().dependOnClassesThat().resideInAnyPackage(IO_PACKAGES)
                .because("core is a pure state machine: time, network and disk are injected (D8)")
                .allowEmptyShould(true));
        rules.add(noClasses().that().resideInAPackage(base + ".core..")
                .should().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(System.class, "nanoTime")
                .because("core reads time only from its injected clock").allowEmptyShould(true));
        rules.add(noClasses().that().resideInAPackage(base + ".wal..")
                .should().dependOnClassesThat().resideOutsideOfPackages("java..", base + ".common..", base + ".wal..",
                        "net.jpountz.lz4..")
                .because("the WAL is a storage engine on the JDK and LZ4 only (issue #3)").allowEmptyShould(true));
        rules.add(noClasses().that().resideInAPackage(base + ".mysql..")
                .should().dependOnClassesThat().resideInAnyPackage("java.net..", "java.nio.channels..", "javax.net..")
                .because("mysql is the wire codec only: no sockets").allowEmptyShould(true));
        return rules;
    }
}
