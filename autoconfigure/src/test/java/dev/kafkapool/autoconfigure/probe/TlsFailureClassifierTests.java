package dev.kafkapool.autoconfigure.probe;

import java.io.EOFException;
import java.io.IOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;

import javax.net.ssl.SSLHandshakeException;

import org.apache.kafka.common.errors.SslAuthenticationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/** What each failed TLS conversation means, as the JDK's TLS stack reports it. */
class TlsFailureClassifierTests {

    private static final ConnectionProblem MISSING = ConnectionProblem.CLIENT_CERTIFICATE_MISSING;

    private static final ConnectionProblem REJECTED = ConnectionProblem.CLIENT_CERTIFICATE_REJECTED;

    private static final ConnectionProblem EXPIRED = ConnectionProblem.CLIENT_CERTIFICATE_EXPIRED;

    static Arguments[] failures() {
        return new Arguments[] {
            Arguments.of("a timeout", new SocketTimeoutException("Read timed out"), false, REJECTED,
                    ConnectionProblem.NO_ANSWER),
            Arguments.of("an unknown CA",
                    handshake("PKIX path building failed: unable to find valid certification path to requested target",
                            new CertPathValidatorException("no trust anchor")),
                    false, REJECTED, ConnectionProblem.BROKER_NOT_TRUSTED),
            Arguments.of("a broker certificate out of date",
                    handshake("PKIX path validation failed", new CertificateExpiredException("NotAfter: ...")), false,
                    REJECTED, ConnectionProblem.BROKER_CERTIFICATE_EXPIRED),
            Arguments.of("a broker certificate out of date while ours is too",
                    handshake("PKIX path validation failed", new CertificateExpiredException("NotAfter: ...")), false,
                    EXPIRED, ConnectionProblem.BROKER_CERTIFICATE_EXPIRED),
            Arguments.of("the wrong host name",
                    handshake("No subject alternative names matching IP address 10.0.0.9 found", null), false,
                    REJECTED, ConnectionProblem.HOSTNAME_MISMATCH),
            Arguments.of("no client certificate where one is required",
                    handshake("Received fatal alert: certificate_required", null), false, MISSING, MISSING),
            Arguments.of("a client certificate the broker does not trust",
                    handshake("Received fatal alert: bad_certificate", null), false, REJECTED, REJECTED),
            Arguments.of("an unknown client CA without a certificate offered",
                    handshake("Received fatal alert: unknown_ca", null), false, MISSING, MISSING),
            Arguments.of("the broker's alert that a certificate we sent is out of date",
                    handshake("Received fatal alert: certificate_expired", null), false, REJECTED, EXPIRED),
            Arguments.of("a refusal of a client certificate that has expired",
                    handshake("Received fatal alert: certificate_unknown", null), false, EXPIRED, EXPIRED),
            Arguments.of("a hang-up right after the handshake", new EOFException("closed"), true, REJECTED, REJECTED),
            Arguments.of("a hang-up right after the handshake, our certificate out of date", new EOFException("closed"),
                    true, EXPIRED, EXPIRED),
            Arguments.of("a reset right after the handshake", new SocketException("Connection reset"), true, REJECTED,
                    REJECTED),
            Arguments.of("a reset before the handshake ended", new SocketException("Connection reset"), false, REJECTED,
                    ConnectionProblem.TLS_FAILED),
            // the probe then asks the port in PLAINTEXT: a Kafka listener there is named as such
            Arguments.of("bytes that are not TLS (another service's port)",
                    handshake("Unsupported or unrecognized SSL message", null), false, REJECTED,
                    ConnectionProblem.NOT_TLS) };
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failures")
    void eachFailureIsReadAsTheProblemItShows(String what, IOException failure, boolean handshakeDone,
            ConnectionProblem identityRefused, ConnectionProblem expected) {
        assertThat(TlsFailureClassifier.classify(failure, handshakeDone, identityRefused)).isEqualTo(expected);
    }

    @Test
    void aKafkaClientsTlsFailureIsReadByItsCausesAndItsTls13RefusalIsTheClientCertificates() {
        // the TLS 1.3 refusal of our certificate, as Kafka's client reports it: no cause names it
        assertThat(ConnectionProblem.ofTlsFailure(new SslAuthenticationException(
                "Failed to process post-handshake messages"))).isEqualTo(REJECTED);
        // the client's own refusal of the broker, reported the same way: its cause tells
        SslAuthenticationException untrusted =
                new SslAuthenticationException("SSL handshake failed",
                        handshake("PKIX path building failed", new CertPathValidatorException("no trust anchor")));
        assertThat(ConnectionProblem.ofTlsFailure(untrusted)).isEqualTo(ConnectionProblem.BROKER_NOT_TRUSTED);
        assertThat(ConnectionProblem.causeChain(untrusted)).startsWith(
                "SslAuthenticationException: SSL handshake failed <- SSLHandshakeException: PKIX path building failed");
        assertThat(ConnectionProblem.ofTlsFailure(new SslAuthenticationException(
                "SSL handshake failed"))).isEqualTo(ConnectionProblem.TLS_FAILED);
    }

    private static SSLHandshakeException handshake(String message, Throwable cause) {
        SSLHandshakeException failure = new SSLHandshakeException(message);
        if (cause != null) {
            failure.initCause(cause);
        }
        return failure;
    }

    @Test
    void aCauseChainSaysEachMessageOnceAsTheJdksTlsExceptionsRepeatTheirCauses() {
        // the JDK's own chain for an untrusted broker: each wrapper repeats its cause's message
        String path = "unable to find valid certification path to requested target";
        Exception builder = new java.security.cert.CertPathBuilderException(path);
        Exception validator = new java.security.cert.CertificateException("PKIX path building failed: "
                + builder, builder);
        SSLHandshakeException handshake = new SSLHandshakeException("PKIX path building failed: " + builder);
        handshake.initCause(validator);

        String chain = ConnectionProblem.causeChain(new SslAuthenticationException("SSL handshake failed", handshake));

        assertThat(chain).isEqualTo("SslAuthenticationException: SSL handshake failed <- SSLHandshakeException: "
                + "PKIX path building failed: " + builder + " <- CertificateException <- CertPathBuilderException");
        assertThat(ConnectionProblem.ofTlsFailure(new SslAuthenticationException("SSL handshake failed", handshake)))
            .isEqualTo(ConnectionProblem.BROKER_NOT_TRUSTED);
    }

}
