package dev.kafkapool.autoconfigure;

import java.util.List;
import java.util.StringJoiner;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/** The connection settings a failure report shows: brokers and TLS sources, never key material. */
public final class StartupContext {

    private StartupContext() {
    }

    /** One line per setting: {@code KAFKA_BROKERS=...}, the TLS files, or the bundle. */
    public static String describe(KafkaPoolProperties properties) {
        KafkaPoolProperties.Tls tls = properties.getTls();
        return describe(properties.getBrokers(), tls.isEnabled(), tls.getBundle(), tls.getClientCa(),
                tls.getClientCert(), tls.getClientKey(), tls.getClientKeyPassword() != null);
    }

    /**
     * The same lines, read from the environment as text: for a report on settings that could not
     * be bound (a value that is not a number, a duration or a switch), where no
     * {@link KafkaPoolProperties} exists. A switch that is not one reads as on, as it would be
     * without the setting.
     */
    public static String describe(Environment environment) {
        Binder binder = Binder.get(environment);
        List<String> brokers = binder.bind("kafka.brokers", Bindable.listOf(String.class)).orElse(List.of());
        return describe(brokers, tlsEnabled(binder), text(binder, "kafka.tls.bundle"), text(binder, "kafka.tls.client-ca"),
                text(binder, "kafka.tls.client-cert"), text(binder, "kafka.tls.client-key"),
                text(binder, "kafka.tls.client-key-password") != null);
    }

    private static String describe(List<String> brokers, boolean tlsEnabled, String bundle, String clientCa,
            String clientCert, String clientKey, boolean passwordSet) {
        StringJoiner context = new StringJoiner("\n");
        // "(none)": unset, empty and blank alike (the report's problem says which); a bare "KAFKA_BROKERS=" read as set
        List<String> given = brokers.stream().map(String::trim).filter((broker) -> !broker.isEmpty()).toList();
        context.add(SettingNames.BROKERS + "=" + (given.isEmpty() ? "(none)" : String.join(",", given)));
        if (!tlsEnabled) {
            context.add(SettingNames.TLS_ENABLED + "=false (PLAINTEXT)");
        }
        else if (bundle != null && !bundle.isBlank()) {
            // an empty bundle name is no bundle: the files are read (the test kit sets one, so that a
            // bundle of the application's own configuration is not used)
            context.add(SettingNames.TLS_BUNDLE + "=" + SettingText.ofPath(bundle));
        }
        else {
            context.add(SettingNames.TLS_CLIENT_CA + "=" + orUnset(clientCa));
            context.add(SettingNames.TLS_CLIENT_CERT + "=" + orUnset(clientCert));
            context.add(SettingNames.TLS_CLIENT_KEY + "=" + orUnset(clientKey));
            context.add(SettingNames.TLS_CLIENT_KEY_PASSWORD + "=" + (passwordSet ? "(set)" : "(not set)"));
        }
        return context.toString();
    }

    /** Read as the switch's condition reads it ({@link ConditionInputs#isOn}); a value that is not a switch is on. */
    private static boolean tlsEnabled(Binder binder) {
        try {
            return ConditionInputs.isOn(binder, "kafka.tls.enabled");
        }
        catch (BindException ex) {
            return true;
        }
    }

    private static String text(Binder binder, String property) {
        return binder.bind(property, String.class).orElse(null);
    }

    private static String orUnset(String value) {
        return (value != null && !value.isBlank()) ? SettingText.ofPath(value) : "(not set)";
    }

}
