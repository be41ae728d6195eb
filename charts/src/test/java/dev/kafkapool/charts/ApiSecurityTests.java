package dev.kafkapool.charts;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The API's JWT security (SAMPLE_SECURITY_ENABLED and Spring Security's
 * SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_* variables) and the per-client limits.
 */
class ApiSecurityTests {

    private static final String JWT = "SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_";

    @Test
    void securityIsOffByDefaultAndSaysSo() {
        Manifests manifests = Chart.template().render();

        assertThat(manifests.envValue("SAMPLE_SECURITY_ENABLED")).isEqualTo("false");
        assertThat(manifests.env().keySet()).noneMatch((name) -> name.startsWith(JWT));
        assertThat(manifests.hasVolume("jwt-public-key")).isFalse();
    }

    @Test
    void issuerUriConfiguresTheResourceServer() {
        Manifests manifests = Chart.template()
                .set("security.enabled", true)
                .set("security.jwt.issuerUri", "https://login.example.com/realms/kafka")
                .render();

        assertThat(manifests.envValue("SAMPLE_SECURITY_ENABLED")).isEqualTo("true");
        assertThat(manifests.envValue(JWT + "ISSUER_URI")).isEqualTo("https://login.example.com/realms/kafka");
        assertThat(manifests.env()).doesNotContainKeys(JWT + "JWK_SET_URI", JWT + "PUBLIC_KEY_LOCATION", JWT + "AUDIENCES");
    }

    @Test
    void jwkSetUriConfiguresTheResourceServer() {
        Manifests manifests = Chart.template()
                .set("security.enabled", true)
                .set("security.jwt.jwkSetUri", "https://login.example.com/keys")
                .render();

        assertThat(manifests.envValue(JWT + "JWK_SET_URI")).isEqualTo("https://login.example.com/keys");
        assertThat(manifests.env()).doesNotContainKey(JWT + "ISSUER_URI");
    }

    @Test
    void publicKeyFromASecretIsMountedReadOnlyAndNamedAsAFileLocation() {
        Manifests manifests = Chart.template().values("security-public-key").render();

        assertThat(manifests.volume("jwt-public-key")).isEqualTo(Map.of("name", "jwt-public-key", "secret", Map.of(
                "secretName", "token-issuer-key",
                "defaultMode", 0440,
                "items", List.of(Map.of("key", "issuer.pem", "path", "public.pem")))));
        assertThat(manifests.volumeMount("jwt-public-key")).containsEntry("mountPath", "/etc/kafka-pool/jwt").containsEntry("readOnly", true);
        assertThat(manifests.envValue(JWT + "PUBLIC_KEY_LOCATION")).isEqualTo("file:/etc/kafka-pool/jwt/public.pem");
        assertThat(manifests.envValue(JWT + "AUDIENCES")).isEqualTo("kafka-pool-sample,orders");
    }

    @Test
    void anExpectedIssuerGoesWithAPublicKey() {
        Manifests manifests = Chart.template()
                .set("security.enabled", true)
                .set("security.jwt.publicKey.secretName", "token-issuer-key")
                .set("security.jwt.expectedIssuer", "https://login.example.com/realms/kafka")
                .render();

        assertThat(manifests.envValue("SAMPLE_SECURITY_EXPECTED_ISSUER")).isEqualTo("https://login.example.com/realms/kafka");
        assertThat(Chart.template().set("security.enabled", true)
                .set("security.jwt.publicKey.secretName", "token-issuer-key").render().env())
                .doesNotContainKey("SAMPLE_SECURITY_EXPECTED_ISSUER");
    }

    @Test
    void publicKeyCanComeFromAConfigMap() {
        Manifests manifests = Chart.template()
                .set("security.enabled", true)
                .set("security.jwt.publicKey.configMapName", "token-issuer")
                .set("security.jwt.publicKey.mountPath", "/keys/")
                .render();

        assertThat(Nodes.map(manifests.volume("jwt-public-key"), "configMap")).containsEntry("name", "token-issuer");
        assertThat(manifests.envValue(JWT + "PUBLIC_KEY_LOCATION")).isEqualTo("file:/keys/public.pem");
    }

    @Test
    void securityWithoutAWayToCheckSignaturesIsRefused() {
        assertThatThrownBy(() -> Chart.template().set("security.enabled", true).render())
                .hasMessageContaining("security.enabled needs exactly one of security.jwt.issuerUri, security.jwt.jwkSetUri and security.jwt.publicKey")
                .hasMessageContaining("none is set");
    }

    @Test
    void securityWithTwoWaysToCheckSignaturesIsRefusedNamingThem() {
        assertThatThrownBy(() -> Chart.template().values("security-public-key")
                .set("security.jwt.jwkSetUri", "https://login.example.com/keys")
                .render())
                .hasMessageContaining("set are security.jwt.jwkSetUri, security.jwt.publicKey");
    }

    @Test
    void publicKeyFromBothASecretAndAConfigMapIsRefused() {
        assertThatThrownBy(() -> Chart.template().values("security-public-key")
                .set("security.jwt.publicKey.configMapName", "token-issuer")
                .render())
                .hasMessageContaining("set only one of security.jwt.publicKey.secretName and security.jwt.publicKey.configMapName");
    }

    @Test
    void tokenSettingsWaitForSecurityToBeTurnedOn() {
        Manifests manifests = Chart.template().values("security-public-key").set("security.enabled", false).render();

        assertThat(manifests.envValue("SAMPLE_SECURITY_ENABLED")).isEqualTo("false");
        assertThat(manifests.env().keySet()).noneMatch((name) -> name.startsWith(JWT));
        assertThat(manifests.hasVolume("jwt-public-key")).isFalse();
    }

    @Test
    void perClientLimitsBecomeSampleVariables() {
        Manifests manifests = Chart.template()
                .set("sample.clientLimits.recordsPerSecond", 200)
                .set("sample.clientLimits.burst", 400)
                .render();

        assertThat(manifests.envValue("SAMPLE_CLIENT_LIMITS_RECORDS_PER_SECOND")).isEqualTo("200");
        assertThat(manifests.envValue("SAMPLE_CLIENT_LIMITS_BURST")).isEqualTo("400");
        assertThat(Chart.template().render().env()).doesNotContainKeys("SAMPLE_CLIENT_LIMITS_RECORDS_PER_SECOND",
                "SAMPLE_CLIENT_LIMITS_BURST");
    }

    @Test
    void productionExampleTurnsSecurityOnWithAnIssuerAndLocksTheActuatorToPrometheus() {
        Manifests manifests = Chart.template().values(Chart.PRODUCTION_VALUES).render();

        assertThat(manifests.envValue("SAMPLE_SECURITY_ENABLED")).isEqualTo("true");
        assertThat(manifests.envValue(JWT + "ISSUER_URI")).startsWith("https://");
        assertThat(manifests.kinds()).contains("NetworkPolicy", "ServiceMonitor", "PrometheusRule", "ConfigMap");
        List<Object> ingress = Nodes.list(manifests.get("NetworkPolicy"), "spec", "ingress");
        assertThat(ingress).allSatisfy((rule) -> assertThat(Nodes.map(rule)).containsKey("from"));
    }
}
