package dev.kafkapool.autoconfigure.tls;

import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Collections;

import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;

import dev.kafkapool.autoconfigure.SettingNames;
import dev.kafkapool.autoconfigure.SettingText;
import dev.kafkapool.autoconfigure.KafkaPoolProperties;
import dev.kafkapool.autoconfigure.KafkaPoolStartupException;

/**
 * Decides how the pool secures its connections, from {@code kafka.tls.*}: PLAINTEXT when TLS is
 * disabled, a named Spring Boot SSL bundle, or the client PEM files.
 */
public final class TlsMaterialResolver {

    /**
     * Largest PEM file read (1 MiB, what a Kubernetes Secret holds at most): a larger one, or one
     * that is not a regular file (a FIFO, a device), is refused without being read, so a wrong
     * mount cannot fill the heap or block a thread.
     */
    public static final long MAX_PEM_FILE_BYTES = 1024 * 1024;

    /** How often PEM files that do not make usable material and change while they are read are read. */
    private static final int PEM_READS = 3;


    private TlsMaterialResolver() {
    }

    /**
     * @param properties the pool's settings
     * @param sslBundles the application's SSL bundles, or {@code null}
     * @param context brokers and TLS paths for error reports
     * @return checked TLS material
     * @throws KafkaPoolStartupException when the material is unusable
     */
    public static TlsMaterial resolve(KafkaPoolProperties properties, SslBundles sslBundles, String context) {
        KafkaPoolProperties.Tls tls = properties.getTls();
        if (!tls.isEnabled()) {
            return TlsMaterial.plaintext();
        }
        String bundleName = tls.getBundle();
        if (bundleName == null || bundleName.isBlank()) {
            return readPemFiles(properties, context);
        }
        if (SettingText.isFileText(bundleName)) {
            throw new KafkaPoolStartupException(SettingNames.TLS_BUNDLE, SettingNames.TLS_BUNDLE + " holds a file's text ("
                    + SettingText.unshown(bundleName) + "), not the name of an SSL bundle",
                    "Set " + SettingNames.TLS_BUNDLE + " to the bundle's name, e.g. kafka for spring.ssl.bundle.pem.kafka.*"
                            + " (spring.ssl.bundle.pem.kafka.keystore.private-key and so on, which take the PEM text)",
                    context, null);
        }
        if (hasText(tls.getClientCa()) || hasText(tls.getClientCert()) || hasText(tls.getClientKey())) {
            throw new KafkaPoolStartupException(SettingNames.TLS_BUNDLE,
                    "both an SSL bundle ('" + bundleName + "') and " + SettingNames.TLS_PREFIX + "CLIENT_* files are set; only one may be",
                    "Unset " + SettingNames.TLS_BUNDLE + " to use the PEM files, or unset " + SettingNames.TLS_CLIENT_CA + "/CERT/KEY to use the bundle",
                    context, null);
        }
        if (sslBundles == null) {
            throw new KafkaPoolStartupException(SettingNames.TLS_BUNDLE,
                    "SSL bundle '" + bundleName + "' is named but this application has no SSL bundles",
                    "Define it under " + SslBundlePrefix.PEM + bundleName + " or " + SslBundlePrefix.JKS + bundleName,
                    context, null);
        }
        try {
            SslBundle bundle = sslBundles.getBundle(bundleName);
            checkBundle(bundle, bundleName, context);
            return TlsMaterial.fromSslBundle(bundleName, bundle, clientCertificate(bundle), "security=SSL, " + SettingNames.TLS_BUNDLE + "=" + bundleName);
        }
        catch (NoSuchSslBundleException ex) {
            throw new KafkaPoolStartupException(SettingNames.TLS_BUNDLE, "there is no SSL bundle named '" + bundleName + "'",
                    "Define it under " + SslBundlePrefix.PEM + bundleName + " (or .jks.), or fix the name", context, ex);
        }
        catch (IllegalStateException ex) {
            throw new KafkaPoolStartupException(SettingNames.TLS_BUNDLE,
                    "SSL bundle '" + bundleName + "' could not be loaded: " + ex.getMessage(),
                    "Check the files and passwords under " + SslBundlePrefix.unknown(bundleName), context, ex);
        }
    }

    /**
     * The PEM files' material with the fingerprint of the very bytes it was made from. Files that do not
     * make usable material are read again if they changed meanwhile (a read that met a Secret swapped in
     * its middle, with a certificate of one version and a key of the other), up to {@value #PEM_READS}
     * reads; the failure of the last read is thrown.
     */
    private static TlsMaterial readPemFiles(KafkaPoolProperties properties, String context) {
        refuseFileText(SettingNames.TLS_CLIENT_CA, "CA certificate", "ca.crt", properties.getTls().getClientCa(), context);
        refuseFileText(SettingNames.TLS_CLIENT_CERT, "client certificate", "tls.crt", properties.getTls().getClientCert(),
                context);
        refuseFileText(SettingNames.TLS_CLIENT_KEY, "private key", "tls.key", properties.getTls().getClientKey(), context);
        TlsFiles files = TlsFiles.of(properties.getTls());
        TlsFileContents contents = files.read();
        for (int read = 1;; read++) {
            try {
                return new PemFileTlsLoader(properties.getTls(), contents, context, properties.getLogLabel()).load()
                    .readFrom(contents.fingerprint());
            }
            catch (KafkaPoolStartupException ex) {
                TlsFileContents now = files.read();
                if (read == PEM_READS || now.fingerprint().equals(contents.fingerprint())) {
                    throw ex;
                }
                contents = now;
            }
        }
    }

    /**
     * A path setting that holds the PEM text itself (a Secret's key given to {@code env:} instead of mounted)
     * is refused before anything reads or reports it: the value may be a private key, so no message holds it.
     */
    private static void refuseFileText(String setting, String what, String exampleFile, String value, String context) {
        if (SettingText.isFileText(value)) {
            throw new KafkaPoolStartupException(setting, setting + " holds " + SettingText.fileTextKind(value) + " ("
                    + SettingText.unshown(value) + "), not the path of a file; it takes the path of the " + what
                    + " PEM file",
                    "Mount the Secret as a volume and set " + setting + " to the file's path (e.g. /etc/kafka/tls/"
                            + exampleFile + "), or put the PEM text in a Spring SSL bundle (SPRING_SSL_BUNDLE_PEM_<NAME>_..., "
                            + "which takes text) and name it with " + SettingNames.TLS_BUNDLE,
                    context, null);
        }
    }

    /** The certificate of the bundle's first key entry: what the pool presents to the brokers; {@code null} when none. */
    public static X509Certificate clientCertificate(SslBundle bundle) {
        KeyStore keyStore = bundle.getStores().getKeyStore();
        if (keyStore == null) {
            return null;
        }
        try {
            for (String alias : Collections.list(keyStore.aliases())) {
                if (keyStore.isKeyEntry(alias)) {
                    Certificate certificate = keyStore.getCertificate(alias);
                    if (certificate instanceof X509Certificate x509) {
                        return x509;
                    }
                }
            }
            return null;
        }
        catch (KeyStoreException ex) {
            return null;
        }
    }

    /**
     * Checks the client identity of an SSL bundle as the PEM files are checked: its private key
     * belongs to its certificate, and the certificate is valid now. A bundle without a key is not
     * checked (the broker may not ask the client for a certificate).
     * @throws KafkaPoolStartupException naming {@code KAFKA_TLS_BUNDLE}, the problem and the fix
     */
    public static void checkBundle(SslBundle bundle, String bundleName, String context) {
        KeyStore keyStore;
        try {
            // a PEM bundle parses its files here, the first time: a half-written or garbage file fails now
            keyStore = bundle.getStores().getKeyStore();
            bundle.getStores().getTrustStore();
        }
        catch (RuntimeException ex) {
            String prefix = SslBundlePrefix.of(bundle, bundleName);
            throw new KafkaPoolStartupException(SettingNames.TLS_BUNDLE, "SSL bundle '" + bundleName
                    + "' cannot be read: " + causes(ex), "Give " + prefix + (prefix.startsWith(SslBundlePrefix.JKS)
                            ? " a key store and trust store it can open (their location, type and password)"
                            : " a whole PEM certificate, key and CA"), context, ex);
        }
        X509Certificate certificate = clientCertificate(bundle);
        if (keyStore == null || certificate == null) {
            return;
        }
        String subject = certificate.getSubjectX500Principal().getName();
        try {
            certificate.checkValidity();
        }
        catch (CertificateException ex) {
            throw new KafkaPoolStartupException(SettingNames.TLS_BUNDLE, "the certificate of SSL bundle '" + bundleName
                    + "' (" + subject + ") is not valid now: it is valid from " + certificate.getNotBefore().toInstant()
                    + " to " + certificate.getNotAfter().toInstant(),
                    "Renew it, or fix the clock of this machine", context, ex);
        }
        PrivateKey key = privateKey(bundle, keyStore);
        if (key == null) {
            return;
        }
        KeyCertificateMatch.Result match = KeyCertificateMatch.check(key, certificate.getPublicKey());
        if (match.verdict() == KeyCertificateMatch.Verdict.DAMAGED) {
            throw new KafkaPoolStartupException(SettingNames.TLS_BUNDLE, "the private key of SSL bundle '" + bundleName
                    + "' is damaged: " + match.explanation(), "Restore " + SslBundlePrefix.of(bundle, bundleName)
                            + ".keystore from where it was issued, or give it a new key and certificate", context, null);
        }
        if (match.verdict() == KeyCertificateMatch.Verdict.DIFFERENT_TYPE
                || match.verdict() == KeyCertificateMatch.Verdict.DIFFERENT_KEY) {
            throw new KafkaPoolStartupException(SettingNames.TLS_BUNDLE, "the private key of SSL bundle '" + bundleName
                    + "' does not belong to its certificate (" + subject + "): " + match.explanation(),
                    "Give " + SslBundlePrefix.of(bundle, bundleName) + ".keystore the key issued with that certificate", context,
                    null);
        }
        String refusal = KeyCertificateMatch.tlsClientRefusal(key, match, () -> offersTls13(bundle));
        if (refusal != null) {
            throw new KafkaPoolStartupException(SettingNames.TLS_BUNDLE, "the private key of SSL bundle '" + bundleName
                    + "' " + refusal, "Give " + SslBundlePrefix.of(bundle, bundleName) + " a key and certificate of a type "
                            + "Java's TLS signs with: " + KeyCertificateMatch.TLS_SIGNING_TYPES
                            + ("DSA".equals(key.getAlgorithm()) ? " (or, for a DSA key, options.enabled-protocols=TLSv1.2)"
                                    : ""), context, null);
        }
    }

    /**
     * Whether the client offers TLS 1.3 with {@code bundle}, as {@code BundleSslEngineFactory} makes its
     * engines: the bundle's enabled protocols, or else the defaults of its SSL context, whose protocol
     * ({@code spring.ssl.bundle.*.protocol=TLSv1.2}) may leave TLS 1.3 out.
     */
    private static boolean offersTls13(SslBundle bundle) {
        String[] protocols = bundle.getOptions().getEnabledProtocols();
        if (protocols == null) {
            try {
                protocols = bundle.createSslContext().getDefaultSSLParameters().getProtocols();
            }
            catch (RuntimeException ex) {
                // a context that cannot be made fails the connection anyway: judge the key as the JDK's default would
                return true;
            }
        }
        return java.util.Arrays.asList(protocols).contains("TLSv1.3");
    }

    /** The messages of {@code failure}'s chain that add something, for a report (a parser's words, never the file's bytes). */
    private static String causes(Throwable failure) {
        StringBuilder text = new StringBuilder();
        for (Throwable cause = failure; cause != null && text.length() < 300; cause = cause.getCause()) {
            String message = (cause.getMessage() != null) ? cause.getMessage() : cause.getClass().getSimpleName();
            if (text.indexOf(message) < 0) {
                text.append((text.length() > 0) ? ": " : "").append(message);
            }
        }
        return text.toString();
    }

    /** The key of the bundle's first key entry, or {@code null} when it cannot be read (then it is not checked). */
    private static PrivateKey privateKey(SslBundle bundle, KeyStore keyStore) {
        String password = bundle.getKey().getPassword();
        try {
            for (String alias : Collections.list(keyStore.aliases())) {
                if (keyStore.isKeyEntry(alias)) {
                    Key key = keyStore.getKey(alias, (password != null) ? password.toCharArray() : new char[0]);
                    return (key instanceof PrivateKey privateKey) ? privateKey : null;
                }
            }
            return null;
        }
        catch (GeneralSecurityException ex) {
            return null;
        }
    }

    private static boolean hasText(String value) {
        return value != null && !value.isBlank();
    }

}
