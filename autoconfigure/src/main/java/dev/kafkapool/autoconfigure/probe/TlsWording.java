package dev.kafkapool.autoconfigure.probe;

import dev.kafkapool.autoconfigure.SettingNames;

/**
 * Where the TLS material a report talks about is configured: the {@code KAFKA_TLS_CLIENT_*} PEM
 * files, or an application SSL bundle named by {@code KAFKA_TLS_BUNDLE}. {@link ConnectionProblem}
 * writes its texts with the tokens {@link #CA}, {@link #CERT} and {@link #IDENTITY}; this puts the
 * right names in, so that a pool on a bundle is not told to fix a variable it must not set.
 *
 * @param ca what holds the CAs the brokers are checked against
 * @param identity what holds the client certificate and its key, as one phrase
 * @param caSetting the variable a report names for a problem with the CAs
 * @param certSetting the variable a report names for a problem with the client certificate
 */
record TlsWording(String ca, String identity, String caSetting, String certSetting) {

    static final String CA = "{tls-ca}";

    static final String CERT = "{tls-cert}";

    static final String IDENTITY = "{tls-identity}";

    /** The PEM files. */
    static final TlsWording FILES = new TlsWording(SettingNames.TLS_CLIENT_CA,
            SettingNames.TLS_CLIENT_CERT + " and " + SettingNames.TLS_CLIENT_KEY, SettingNames.TLS_CLIENT_CA,
            SettingNames.TLS_CLIENT_CERT);

    /** The SSL bundle {@code name}, or the PEM files when {@code name} is {@code null}. */
    static TlsWording of(String bundleName) {
        if (bundleName == null) {
            return FILES;
        }
        String bundle = "SSL bundle '" + bundleName + "' (" + SettingNames.TLS_BUNDLE + ")";
        return new TlsWording("the trust store of " + bundle + ", spring.ssl.bundle.pem|jks." + bundleName + ".truststore",
                "the key store of " + bundle + ", spring.ssl.bundle.pem|jks." + bundleName + ".keystore",
                SettingNames.TLS_BUNDLE, SettingNames.TLS_BUNDLE);
    }

    /** {@code text} with the tokens in it replaced by what they stand for here. */
    String apply(String text) {
        return text.replace(CA, this.ca).replace(IDENTITY, this.identity);
    }

    /** The variable to name for {@code setting}, a variable or {@link #CA} or {@link #CERT}. */
    String setting(String setting) {
        return switch (setting) {
            case CA -> this.caSetting;
            case CERT -> this.certSetting;
            default -> setting;
        };
    }

}
