package dev.kafkapool.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.Architectures;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The shape of the house, checked: the pool is a plain-Java library, no package of main code is
 * in a cycle, and the auto-configuration's packages depend only downwards, in this order from the
 * bottom: the root (settings, their names, the startup failure and its analyzers), {@code tls},
 * {@code connection}, {@code reload} (which only the integrations read), {@code probe},
 * {@code publisher}, {@code startup}, then the integrations
 * ({@code health}, {@code metrics}, {@code springkafka}, {@code tracing}), which nothing uses.
 */
class ArchitectureTests {

    /** The main code of the core and the auto-configuration, wherever the build put it (jar or folder). */
    private static final JavaClasses MAIN = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .withImportOption((location) -> location.contains("/kafka-pool-core") || location.contains("/core/target/classes")
                || location.contains("/autoconfigure/target/classes"))
        .importPackages("dev.kafkapool");

    @Test
    void thePoolCoreDependsOnNeitherSpringNorTheAutoConfiguration() {
        noClasses().that()
            .resideInAPackage("dev.kafkapool.publisher..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("org.springframework..", "io.micrometer..", "dev.kafkapool.autoconfigure..")
            .check(MAIN);
    }

    @Test
    void noPackageOfMainCodeIsInACycle() {
        slices().matching("dev.kafkapool.(**)").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void autoConfigurationPackagesDependOnlyDownwards() {
        Architectures.layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .layer("settings").definedBy("dev.kafkapool.autoconfigure")
            .layer("tls").definedBy("dev.kafkapool.autoconfigure.tls..")
            .layer("connection").definedBy("dev.kafkapool.autoconfigure.connection..")
            .layer("reload").definedBy("dev.kafkapool.autoconfigure.reload..")
            .layer("probe").definedBy("dev.kafkapool.autoconfigure.probe..")
            .layer("publisher").definedBy("dev.kafkapool.autoconfigure.publisher..")
            .layer("startup").definedBy("dev.kafkapool.autoconfigure.startup..")
            .layer("aot").definedBy("dev.kafkapool.autoconfigure.aot..")
            .layer("integrations")
            .definedBy("dev.kafkapool.autoconfigure.health..", "dev.kafkapool.autoconfigure.metrics..",
                    "dev.kafkapool.autoconfigure.springkafka..", "dev.kafkapool.autoconfigure.tracing..")
            .whereLayer("settings").mayNotAccessAnyLayer()
            .whereLayer("tls").mayOnlyAccessLayers("settings")
            .whereLayer("connection").mayOnlyAccessLayers("settings", "tls")
            .whereLayer("reload").mayOnlyAccessLayers("settings", "tls", "connection")
            .whereLayer("probe").mayOnlyAccessLayers("settings", "tls", "connection")
            .whereLayer("publisher").mayOnlyAccessLayers("settings", "tls", "connection", "probe")
            .whereLayer("startup").mayOnlyAccessLayers("settings", "tls", "connection", "probe", "publisher")
            .whereLayer("aot").mayOnlyAccessLayers("settings")
            .whereLayer("aot").mayNotBeAccessedByAnyLayer()
            .whereLayer("integrations").mayNotBeAccessedByAnyLayer()
            .check(MAIN);
    }

    @Test
    void integrationsDoNotUseEachOther() {
        for (String integration : new String[] { "health", "metrics", "springkafka", "tracing" }) {
            noClasses().that()
                .resideInAPackage("dev.kafkapool.autoconfigure." + integration + "..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(java.util.Arrays.stream(new String[] { "health", "metrics", "springkafka", "tracing" })
                    .filter((other) -> !other.equals(integration))
                    .map((other) -> "dev.kafkapool.autoconfigure." + other + "..")
                    .toArray(String[]::new))
                .check(MAIN);
        }
    }

}
