package dev.kafkapool.autoconfigure.probe;

import dev.kafkapool.autoconfigure.SettingNames;
import dev.kafkapool.autoconfigure.tls.SslBundlePrefix;
import dev.kafkapool.autoconfigure.tls.TlsMaterial;

/**
 * Where the TLS material a report talks about is configured: the {@code KAFKA_TLS_CLIENT_*} PEM
 * files, the JVM's default trust store when {@code KAFKA_TLS_CLIENT_CA} is not set, or an
 * application SSL bundle named by {@code KAFKA_TLS_BUNDLE}. {@link ConnectionProblem} writes its
 * texts with the tokens {@link #CA}, {@link #CA_TO_SET}, {@link #CERT} and {@link #IDENTITY}; this
 * puts the right names in, so that a pool on a bundle is not told to fix a variable it must not
 * set, nor one without a CA file told that its brokers are not signed by a CA "in" an unset variable.
 *
 * @param ca what holds the CAs the brokers are checked against
 * @param caToSet what to set to the brokers' CA
 * @param identity what holds the client certificate and its key, as one phrase
 * @param caSetting the variable a report names for a problem with the CAs
 * @param certSetting the variable a report names for a problem with the client certificate
 * @param renewal how renewed material reaches the pool without a restart
 */
public record TlsWording(String ca, String caToSet, String identity, String caSetting, String certSetting,
        String renewal) {

    static final String CA = "{tls-ca}";

    static final String CA_TO_SET = "{tls-ca-to-set}";

    static final String CERT = "{tls-cert}";

    static final String IDENTITY = "{tls-identity}";

    static final String RENEWAL = "{tls-renewal}";

    private static final String FILES_RENEWAL = "unless " + SettingNames.TLS_RELOAD
            + "=false, the renewed files are taken without a restart";

    /** The PEM files. */
    public static final TlsWording FILES = new TlsWording(SettingNames.TLS_CLIENT_CA, SettingNames.TLS_CLIENT_CA,
            SettingNames.TLS_CLIENT_CERT + " and " + SettingNames.TLS_CLIENT_KEY, SettingNames.TLS_CLIENT_CA,
            SettingNames.TLS_CLIENT_CERT, FILES_RENEWAL);

    private static final TlsWording FILES_WITHOUT_CA = new TlsWording(
            "the JVM's default trust store (" + SettingNames.TLS_CLIENT_CA + " is not set)", SettingNames.TLS_CLIENT_CA,
            FILES.identity(), SettingNames.TLS_CLIENT_CA, SettingNames.TLS_CLIENT_CERT, FILES_RENEWAL);

    /** Where {@code tls} comes from. */
    public static TlsWording of(TlsMaterial tls) {
        if (tls.sslBundleName() != null) {
            return ofSslBundle(tls.sslBundleName(), SslBundlePrefix.of(tls.bundle(), tls.sslBundleName()));
        }
        return tls.trustsTheJvmDefaults() ? FILES_WITHOUT_CA : FILES;
    }

    /** The SSL bundle {@code bundleName}, configured under the properties {@code prefix} ({@link SslBundlePrefix}). */
    static TlsWording ofSslBundle(String bundleName, String prefix) {
        String bundle = "SSL bundle '" + bundleName + "' (" + SettingNames.TLS_BUNDLE + ")";
        String trustStore = "the trust store of " + bundle + ", " + prefix + ".truststore";
        return new TlsWording(trustStore, trustStore, "the key store of " + bundle + ", " + prefix + ".keystore",
                SettingNames.TLS_BUNDLE, SettingNames.TLS_BUNDLE,
                "with " + prefix + ".reload-on-update=true, the renewed bundle is taken without a restart");
    }

    /** {@code text} with the tokens in it replaced by what they stand for here. */
    String apply(String text) {
        return text.replace(CA_TO_SET, this.caToSet)
            .replace(CA, this.ca)
            .replace(IDENTITY, this.identity)
            .replace(RENEWAL, this.renewal);
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
