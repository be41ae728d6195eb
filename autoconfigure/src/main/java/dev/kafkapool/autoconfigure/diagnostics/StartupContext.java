package dev.kafkapool.autoconfigure.diagnostics;

import java.util.StringJoiner;

import dev.kafkapool.autoconfigure.KafkaPoolProperties;

/** The connection settings a failure report shows: brokers and TLS sources, never key material. */
public final class StartupContext {

    private StartupContext() {
    }

    public static String describe(KafkaPoolProperties properties) {
        StringJoiner context = new StringJoiner("\n");
        context.add("KAFKA_BROKERS=" + String.join(",", properties.getBrokers()));
        KafkaPoolProperties.Tls tls = properties.getTls();
        if (!tls.isEnabled()) {
            context.add("KAFKA_TLS_ENABLED=false (PLAINTEXT)");
        }
        else if (tls.getBundle() != null) {
            context.add("KAFKA_TLS_BUNDLE=" + tls.getBundle());
        }
        else {
            context.add("KAFKA_TLS_CLIENT_CA=" + orUnset(tls.getClientCa()));
            context.add("KAFKA_TLS_CLIENT_CERT=" + orUnset(tls.getClientCert()));
            context.add("KAFKA_TLS_CLIENT_KEY=" + orUnset(tls.getClientKey()));
            context.add("KAFKA_TLS_CLIENT_KEY_PASSWORD=" + ((tls.getClientKeyPassword() != null) ? "(set)" : "(not set)"));
        }
        return context.toString();
    }

    private static String orUnset(String value) {
        return (value != null && !value.isBlank()) ? value : "(not set)";
    }

}
