package dev.kafkapool.sample.security;

import javax.net.ssl.SSLHandshakeException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What the log says of an issuer that could not be read: every cause's message, once. */
class IssuerFailureCausesTests {

    @Test
    void anUntrustedIssuersCertificateIsNamedNotCalledUnreachable() {
        // g62e: the log had only the outermost message, and called an issuer with an untrusted certificate unreachable
        SSLHandshakeException handshake = new SSLHandshakeException("PKIX path building failed: unable to find valid "
                + "certification path to requested target");
        IllegalArgumentException resolve = new IllegalArgumentException("Unable to resolve the Configuration with the "
                + "provided Issuer of \"https://127.0.0.1:28126\"", new RuntimeException(handshake.getMessage(), handshake));
        IllegalStateException outer = new IllegalStateException("Failed to lazily resolve the supplied JwtDecoder "
                + "instance", resolve);

        assertThat(IssuerOutageJwtDecoder.causes(outer)).isEqualTo("Failed to lazily resolve the supplied JwtDecoder "
                + "instance: Unable to resolve the Configuration with the provided Issuer of \"https://127.0.0.1:28126\": "
                + "PKIX path building failed: unable to find valid certification path to requested target");
    }

    @Test
    void aFailureWithoutMessagesIsNamedByItsType() {
        assertThat(IssuerOutageJwtDecoder.causes(new IllegalStateException())).isEqualTo("IllegalStateException");
    }

}
