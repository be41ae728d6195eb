package dev.kafkapool.autoconfigure;

import java.util.StringJoiner;

/** The connection settings a failure report shows: brokers and TLS sources, never key material. */
public final class StartupContext {

    private StartupContext() {
    }

    /** One line per setting: {@code KAFKA_BROKERS=...}, the TLS files, or the bundle. */
    public static String describe(KafkaPoolProperties properties) {
        StringJoiner context = new StringJoiner("\n");
        context.add(SettingNames.BROKERS + "=" + String.join(",", properties.getBrokers()));
        KafkaPoolProperties.Tls tls = properties.getTls();
        if (!tls.isEnabled()) {
            context.add(SettingNames.TLS_ENABLED + "=false (PLAINTEXT)");
        }
        else if (tls.getBundle() != null) {
            context.add(SettingNames.TLS_BUNDLE + "=" + tls.getBundle());
        }
        else {
            context.add(SettingNames.TLS_CLIENT_CA + "=" + orUnset(tls.getClientCa()));
            context.add(SettingNames.TLS_CLIENT_CERT + "=" + orUnset(tls.getClientCert()));
            context.add(SettingNames.TLS_CLIENT_KEY + "=" + orUnset(tls.getClientKey()));
            context.add(SettingNames.TLS_CLIENT_KEY_PASSWORD + "="
                    + ((tls.getClientKeyPassword() != null) ? "(set)" : "(not set)"));
        }
        return context.toString();
    }

    private static String orUnset(String value) {
        return (value != null && !value.isBlank()) ? value : "(not set)";
    }

}
