package com.wolfscale.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.EvaluationResult;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class LayeringTest {

    @Test
    void productionCodeRespectsTheLayering() {
        JavaClasses production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("com.wolfscale");
        assertThat(production.size()).as("classes imported").isGreaterThan(10);
        List<String> violations = violations(production, "com.wolfscale");
        assertThat(violations).as("layering violations").isEmpty();
    }

    /** The rules must catch a forbidden import: the fixture package breaks them on purpose. */
    @Test
    void theRulesCatchForbiddenImports() {
        JavaClasses fixture = new ClassFileImporter().importPackages("com.wolfscale.archfixture");
        String violations = String.join("\n", violations(fixture, "com.wolfscale.archfixture"));
        assertThat(violations)
                .contains("archfixture.core.CoreUsingSockets")
                .contains("archfixture.core.CoreUsingWallClock")
                .contains("archfixture.mysql.CodecUsingProxy")
                .contains("archfixture.wal.WalUsingCore")
                .contains("archfixture.wal.WalUsingLogback");
    }

    private static List<String> violations(JavaClasses classes, String base) {
        return Layering.rules(base).stream()
                .map(rule -> rule.evaluate(classes))
                .filter(EvaluationResult::hasViolation)
                .flatMap(r -> r.getFailureReport().getDetails().stream())
                .collect(Collectors.toList());
    }

}
