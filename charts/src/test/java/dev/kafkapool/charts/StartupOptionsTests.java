package dev.kafkapool.charts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JVM options of the pod: the image's AOT cache was trained with the image's
 * {@code JAVA_TOOL_OPTIONS}, so the chart's replacement must carry the same options, and Spring
 * AOT only while the image's build-time conditions (Kafka enabled, fail-fast on, TLS on with its PEM
 * files reloaded) hold.
 */
class StartupOptionsTests {

    private static final Path DOCKERFILE = Chart.DIR.getParent().getParent().resolve("sample-app").resolve("Dockerfile");

    private static final String SPRING_AOT = "-Dspring.aot.enabled=true";

    @Test
    void podStartsWithTheOptionsTheImageTrainedItsAotCacheWith() throws IOException {
        String dockerfile = Files.readString(DOCKERFILE);
        Matcher imageOptions = Pattern.compile("(?m)^ENV JAVA_TOOL_OPTIONS=\"([^\"]*)\"$").matcher(dockerfile);

        assertThat(imageOptions.find()).as("ENV JAVA_TOOL_OPTIONS in %s", DOCKERFILE).isTrue();
        assertThat(dockerfile).contains("-XX:AOTCacheOutput=/app/app.aot").contains("\"-XX:AOTCache=/app/app.aot\"");
        assertThat(withTlsSecret().render().envValue("JAVA_TOOL_OPTIONS")).isEqualTo(imageOptions.group(1))
            .contains(SPRING_AOT, "-XX:MaxRAMPercentage=75");
    }

    @Test
    void springAotIsLeftOutWhenKafkaIsDisabledBecauseTheGeneratedBeansAssumeItOn() {
        Manifests manifests = withTlsSecret().set("kafka.enabled", false).render();

        assertThat(manifests.envValue("KAFKA_ENABLED")).isEqualTo("false");
        assertThat(manifests.envValue("JAVA_TOOL_OPTIONS")).doesNotContain(SPRING_AOT).contains("-XX:MaxRAMPercentage=75");
    }

    @ParameterizedTest
    @CsvSource({ "kafka.tls.enabled, KAFKA_TLS_ENABLED", "kafka.tls.reload, KAFKA_TLS_RELOAD" })
    void springAotIsLeftOutWhenTlsOrItsReloadIsOffBecauseTheGeneratedBeansReloadTheMountedPemFiles(String value,
            String variable) {
        Manifests manifests = withTlsSecret().set(value, false).render();

        assertThat(manifests.envValue(variable)).isEqualTo("false");
        assertThat(manifests.envValue("JAVA_TOOL_OPTIONS")).doesNotContain(SPRING_AOT);
    }

    @ParameterizedTest
    @CsvSource({ "KAFKA_FAIL_FAST, off", "KAFKA_TLS_BUNDLE, orders", "KAFKA_ENABLED, no", "SAMPLE_SECURITY_ENABLED, on" })
    void springAotIsLeftOutWhenExtraEnvSetsASettingTheGeneratedBeansDependOn(String variable, String value) {
        Manifests manifests = withTlsSecret().set("extraEnv[0].name", variable).set("extraEnv[0].value", value).render();

        assertThat(manifests.envValue(variable)).isEqualTo(value);
        assertThat(manifests.envValue("JAVA_TOOL_OPTIONS")).doesNotContain(SPRING_AOT).contains("-XX:MaxRAMPercentage=75");
    }

    @Test
    void anExtraEnvEntryForAnythingElseKeepsSpringAot() {
        Manifests manifests = withTlsSecret().set("extraEnv[0].name", "SPRING_PROFILES_ACTIVE")
            .set("extraEnv[0].value", "kubernetes")
            .render();

        assertThat(manifests.envValue("JAVA_TOOL_OPTIONS")).contains(SPRING_AOT);
    }

    @Test
    void springAotIsLeftOutWhenFailFastIsOffBecauseTheGeneratedBeansAssumeItOn() {
        Manifests manifests = withTlsSecret().set("kafka.failFast", false).render();

        assertThat(manifests.envValue("KAFKA_FAIL_FAST")).isEqualTo("false");
        assertThat(manifests.envValue("JAVA_TOOL_OPTIONS")).doesNotContain(SPRING_AOT);
    }

    @Test
    void springAotIsLeftOutWhenTheApiIsSecuredBecauseTheJwtDecoderDependsOnRunTimeSettings() {
        Manifests manifests = withTlsSecret()
            .set("security.enabled", true)
            .set("security.jwt.issuerUri", "https://issuer.example/realms/apps")
            .render();

        assertThat(manifests.envValue("SAMPLE_SECURITY_ENABLED")).isEqualTo("true");
        assertThat(manifests.envValue("JAVA_TOOL_OPTIONS")).doesNotContain(SPRING_AOT);
    }

    @Test
    void explicitlyEnabledKafkaKeepsSpringAot() {
        Manifests manifests = withTlsSecret().set("kafka.enabled", true).set("kafka.failFast", true).render();

        assertThat(manifests.envValue("JAVA_TOOL_OPTIONS")).endsWith(" " + SPRING_AOT);
    }

    @Test
    void springAotIsLeftOutWithoutAMountedTlsSecretBecauseTheGeneratedBeansReloadPemFiles() {
        Manifests manifests = Chart.template().render();

        assertThat(manifests.env()).doesNotContainKeys("KAFKA_TLS_CLIENT_CA", "KAFKA_TLS_CLIENT_CERT");
        assertThat(manifests.envValue("JAVA_TOOL_OPTIONS")).doesNotContain(SPRING_AOT).contains("-XX:MaxRAMPercentage=75");
    }

    @Test
    void emptyOptionsStillReplaceTheImagesOwnSoSpringAotStaysOff() {
        Manifests manifests = Chart.template().set("javaToolOptions", "").set("springAot", false).render();

        assertThat(manifests.env()).containsKey("JAVA_TOOL_OPTIONS");
        assertThat(manifests.envValue("JAVA_TOOL_OPTIONS")).isEmpty();
    }

    @Test
    void userOptionsComeFirstAndSpringAotIsAppended() {
        Manifests manifests = withTlsSecret().set("javaToolOptions", "-Xmx300m").render();

        assertThat(manifests.envValue("JAVA_TOOL_OPTIONS")).isEqualTo("-Xmx300m " + SPRING_AOT);
    }

    /** The chart as deployed against Strimzi or cert-manager: the client certificate Secret mounted. */
    private static Chart.Render withTlsSecret() {
        return Chart.template().set("kafka.tls.clientCertificate.secretName", "kafka-pool-user");
    }

}
