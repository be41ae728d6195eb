package dev.kafkapool.autoconfigure.tls;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundleKey;
import org.springframework.boot.ssl.pem.PemContent;
import org.springframework.boot.ssl.pem.PemSslStore;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;

import dev.kafkapool.autoconfigure.OpenFileLimit;
import dev.kafkapool.autoconfigure.ProcessUser;
import dev.kafkapool.autoconfigure.SettingNames;
import dev.kafkapool.autoconfigure.KafkaPoolProperties;
import dev.kafkapool.autoconfigure.KafkaPoolStartupException;
import dev.kafkapool.autoconfigure.SettingText;

/**
 * Loads the client CA, certificate and key PEM files and checks them before any connection: each
 * file exists and is PEM, the key decrypts, matches the certificate, and the certificate is valid
 * today. Each problem becomes a {@link KafkaPoolStartupException} naming the variable and file.
 *
 * <p>Client keys, read by Spring Boot's PEM parser as PKCS#8 (plain or encrypted), PKCS#1 (RSA) or
 * SEC1 (EC), and matched to the certificate by {@link KeyCertificateMatch}:
 * <ul>
 * <li>RSA, RSASSA-PSS (with or without PSS parameters in the key), EC on secp256r1, secp384r1
 * and secp521r1, Ed25519 and Ed448: accepted; each authenticates to a Kafka 4.2 broker on Java 17
 * (shown by {@code ClientKeyTypesIntegrationTests}).</li>
 * <li>DSA: matched, then refused. The JDK client offers TLS 1.3 and brokers choose it; TLS 1.3
 * has no DSA signature scheme, so the client sends no certificate and the broker ends the
 * handshake with {@code bad_certificate}, which Kafka reports as "Failed to process post-handshake
 * messages". Over TLS 1.2 a DSA key does authenticate, which only an SSL bundle
 * ({@code KAFKA_TLS_BUNDLE}) can restrict the protocol to.</li>
 * <li>X25519 and X448: refused, they cannot sign; so are EC keys on curves Java 17 parses but
 * has no ECDSA for (brainpool, secp256k1), with the JVM's reason. A key of a type or on a curve
 * Java 17 cannot even load (GOST, SM2, ML-DSA, ...) is named by {@link KeyAlgorithmPeek} rather
 * than called unreadable.</li>
 * </ul>
 */
final class PemFileTlsLoader {

    private static final Logger logger = LoggerFactory.getLogger(PemFileTlsLoader.class);

    /**
     * The key files (pool label, path and content) said to be unencrypted while a password is set: once
     * each, also when several pools in one JVM take turns. Bounded: forgotten all at once when full.
     */
    private static final Set<String> unusedPasswordSaid = ConcurrentHashMap.newKeySet();

    /** How many key files {@link #unusedPasswordSaid} remembers before it forgets them. */
    private static final int UNUSED_PASSWORD_FILES_REMEMBERED = 64;

    /** The first line of a PEM private key, of any of the forms read (PKCS#8, encrypted PKCS#8, PKCS#1, SEC1). */
    private static final java.util.regex.Pattern PRIVATE_KEY_BEGIN = java.util.regex.Pattern
        .compile("-----BEGIN (?:ENCRYPTED |RSA |EC |)PRIVATE KEY-----");

    /** A PEM boundary line: {@code -----BEGIN CERTIFICATE-----}, {@code -----END PRIVATE KEY-----}. */
    private static final Pattern BOUNDARY = Pattern.compile("-----(BEGIN|END) ([A-Z0-9 ]+)-----");

    static final String CA = SettingNames.TLS_CLIENT_CA;

    static final String CERT = SettingNames.TLS_CLIENT_CERT;

    static final String KEY = SettingNames.TLS_CLIENT_KEY;

    static final String KEY_PASSWORD = SettingNames.TLS_CLIENT_KEY_PASSWORD;

    private static final String USABLE_KEY_ACTION = "Issue the client a key and certificate of a type Java's TLS signs with: "
            + KeyCertificateMatch.TLS_SIGNING_TYPES + "; point " + KEY + " and " + CERT + " at them";

    /**
     * The type of the in-memory key store the key and certificate are put in for the JDK's key
     * manager. Not the JDK's default, PKCS12: it encrypts a key entry with PBKDF2 (10,000
     * HMAC-SHA256 rounds) when it is stored and again each time a TLS context reads it, 40–60 ms of
     * CPU per context while the code is cold and about 0.6 s of CPU (compilations included) per
     * start of an app whose clients each make one. JKS protects an entry with one cheap pass; the
     * store never leaves memory.
     */
    static final String KEY_STORE_TYPE = "JKS";

    /** Only to satisfy JKS, which requires one; protects nothing that is not in this process's memory already. */
    private static final String KEY_STORE_PASSWORD = "in-memory";

    private final KafkaPoolProperties.Tls tls;

    private final String context;

    private final String label;

    private final TlsFileContents contents;

    /** A loader of the files as they are now. */
    PemFileTlsLoader(KafkaPoolProperties.Tls tls, String context, String label) {
        this(tls, TlsFiles.of(tls).read(), context, label);
    }

    /** A loader of {@code contents}, which a read of {@code TlsFiles.of(tls)} gave. */
    PemFileTlsLoader(KafkaPoolProperties.Tls tls, TlsFileContents contents, String context, String label) {
        this.tls = tls;
        this.contents = contents;
        this.context = context;
        this.label = label;
    }

    TlsMaterial load() {
        String caPath = blankToNull(this.tls.getClientCa());
        String certPath = blankToNull(this.tls.getClientCert());
        String keyPath = blankToNull(this.tls.getClientKey());
        if ((certPath == null) != (keyPath == null)) {
            String missing = (certPath == null) ? CERT : KEY;
            throw fail(missing, missing + " is not set, but " + ((certPath == null) ? KEY : CERT)
                    + " is: a client certificate and its private key go together",
                    "Set " + missing + " to the PEM file, or unset both for TLS without a client certificate", null);
        }
        List<X509Certificate> trusted = (caPath != null) ? certificates(CA, caPath, "CA certificate") : null;
        X509Certificate leaf = null;
        PemSslStore keyStore = null;
        if (certPath != null) {
            List<X509Certificate> chain = certificates(CERT, certPath, "client certificate");
            leaf = chain.get(0);
            PrivateKey key = privateKey(keyPath);
            checkOrder(key, chain, certPath);
            checkValidity(leaf, certPath);
            checkMatch(key, leaf, certPath, keyPath, trusted);
            keyStore = PemSslStore.of(KEY_STORE_TYPE, null, KEY_STORE_PASSWORD, chain, key);
        }
        PemSslStore trustStore = (trusted != null) ? PemSslStore.of(trusted, null) : null;
        SslBundle bundle = SslBundle.of(new PemSslStoreBundle(keyStore, trustStore),
                (keyStore != null) ? SslBundleKey.of(KEY_STORE_PASSWORD) : null);
        String description = "security=SSL, " + CA + "=" + ((caPath != null) ? caPath : "(JVM default trust store)")
                + ", " + CERT + "=" + ((certPath != null) ? certPath : "(none: no client certificate)") + ", " + KEY
                + "=" + ((keyPath != null) ? keyPath : "(none)");
        return (trusted != null) ? TlsMaterial.ssl(bundle, leaf, description)
                : TlsMaterial.sslTrustingTheJvmDefaults(bundle, leaf, description);
    }

    private List<X509Certificate> certificates(String setting, String path, String what) {
        String text = read(setting, path, what);
        if (!text.contains("-----BEGIN CERTIFICATE-----")) {
            throw fail(setting, path + " is not a PEM " + what + ": it has no -----BEGIN CERTIFICATE----- block"
                    + (text.isBlank() ? " (it is empty" + (text.isEmpty() ? "" : ", but for whitespace") + ")"
                            : text.contains("PRIVATE KEY-----") ? " (it holds a private key; did you swap the files?)" : ""),
                    "Point " + setting + " at the PEM " + what + " file", null);
        }
        List<X509Certificate> certificates;
        try {
            certificates = PemContent.of(text).getCertificates();
        }
        catch (IllegalStateException ex) {
            throw fail(setting, path + " holds a PEM certificate block that does not parse: " + rootMessage(ex),
                    "Point " + setting + " at an intact PEM " + what + " (-----BEGIN CERTIFICATE-----)", ex);
        }
        int blocks = occurrences(text, "-----BEGIN CERTIFICATE-----");
        if (certificates.size() != blocks) {
            // as when one file ends without a newline and the next is appended: "-----END CERTIFICATE----------BEGIN"
            throw fail(setting, path + " holds " + blocks + " certificate blocks, of which " + certificates.size()
                    + " can be read: a BEGIN line that does not start a line of its own is skipped by the reader",
                    "Put each -----BEGIN CERTIFICATE----- on a line of its own (a file concatenated from files "
                            + "without a final newline: add the newlines)", null);
        }
        return certificates;
    }

    /**
     * Whether this pool has not yet said that the key {@code text} at {@code path} needs no password: once per
     * key file content, since reload reads files it refused at every check, until they change.
     */
    private boolean firstUnusedPassword(String path, String text) {
        if (unusedPasswordSaid.size() >= UNUSED_PASSWORD_FILES_REMEMBERED) {
            unusedPasswordSaid.clear();
        }
        return unusedPasswordSaid.add(this.label + '\0' + path + '\0' + text.hashCode());
    }

    /** Whether {@code password} decrypts the encrypted PKCS#8 key {@code text}. */
    private static boolean decrypts(String text, String password) {
        if (password.isEmpty()) {
            return false;
        }
        try {
            return PemContent.of(text).getPrivateKey(password) != null;
        }
        catch (IllegalStateException | IllegalArgumentException ex) {
            return false;
        }
    }

    private PrivateKey privateKey(String path) {
        String text = read(KEY, path, "private key");
        if (text.contains("Proc-Type: 4,ENCRYPTED")) {
            throw fail(KEY, path + " is encrypted in the legacy OpenSSL format, which Java cannot read",
                    "Convert it to encrypted PKCS#8: openssl pkcs8 -topk8 -in " + path + " -out client-pkcs8.key", null);
        }
        int keys = PRIVATE_KEY_BEGIN.split(text, -1).length - 1;
        if (keys > 1) {
            // the first was taken without a word, or the second made a mismatch the report could not explain
            throw fail(KEY, path + " holds " + keys + " private keys; it must hold one, the key of the certificate in "
                    + CERT, "Keep only the key that belongs to the client certificate in " + path
                            + " (openssl pkey -in <each key> -pubout, compared with openssl x509 -in <certificate> "
                            + "-pubkey -noout, tells which)", null);
        }
        boolean encrypted = text.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----");
        String password = this.tls.getClientKeyPassword();
        if (!encrypted && password != null && !password.isEmpty() && firstUnusedPassword(path, text)) {
            logger.warn("{} - {} is set, but the private key in {} is not encrypted, so the password is not used (was"
                    + " the key meant to be encrypted, or is the password left from another key?)", this.label,
                    KEY_PASSWORD, path);
        }
        if (encrypted && (password == null || password.isEmpty())) {
            // set but empty (a template's empty value) is said as such: "not set" sent a user who had set it looking
            boolean empty = password != null;
            throw fail(KEY_PASSWORD, "the private key in " + path + " is encrypted and " + KEY_PASSWORD
                    + (empty ? " is set but empty" : " is not set"), (empty ? "Give " : "Set ") + KEY_PASSWORD
                            + " the key's password (from a secret, not a plain value)", null);
        }
        try {
            PrivateKey key = PemContent.of(text).getPrivateKey(encrypted ? password : null);
            if (key == null) {
                throw new IllegalStateException("no key");
            }
            return key;
        }
        catch (IllegalStateException | IllegalArgumentException ex) {
            String unsupported = KeyAlgorithmPeek.unsupportedAlgorithm(text, encrypted ? password : null);
            if (unsupported != null) {
                throw fail(KEY, path + " holds " + unsupported + ", which this JVM cannot load"
                        + " (it reads RSA, RSASSA-PSS, EC, EdDSA, DSA and XDH keys, on the curves it knows)",
                        USABLE_KEY_ACTION, ex);
            }
            if (encrypted && !password.strip().equals(password) && decrypts(text, password.strip())) {
                // echo pw | kubectl create secret --from-file=...: the right password and a newline
                throw fail(KEY_PASSWORD, "the private key in " + path + " could not be decrypted with "
                        + KEY_PASSWORD + ", which has whitespace (a space, a tab or a line break) at its start or"
                        + " end: without it, the password decrypts the key",
                        "Remove the whitespace from " + KEY_PASSWORD + " (a secret made from a file: echo -n, or "
                                + "printf '%s', leaves out the newline)", ex);
            }
            if (encrypted) {
                throw fail(KEY_PASSWORD, "the private key in " + path + " could not be decrypted with "
                        + KEY_PASSWORD + ": the password is wrong",
                        "Set " + KEY_PASSWORD + " to the password the key was encrypted with", ex);
            }
            if (PRIVATE_KEY_BEGIN.matcher(text).find()) {
                // not encrypted (those failed above): a PKCS#8, PKCS#1 or SEC1 header
                throw fail(KEY, path + " has a PEM private key header, but what follows does not parse (truncated,"
                        + " or altered in a copy?): " + rootMessage(ex),
                        "Copy the key file again from its source (for Strimzi: user.key of the KafkaUser secret) and"
                                + " point " + KEY + " at it", ex);
            }
            throw fail(KEY, path + " is not a PEM private key Java can read (expected -----BEGIN PRIVATE KEY-----, "
                    + "-----BEGIN RSA PRIVATE KEY----- or -----BEGIN EC PRIVATE KEY-----)"
                    + (text.contains("-----BEGIN CERTIFICATE-----") ? "; it holds a certificate (were the files swapped?)"
                            : ""),
                    "Point " + KEY + " at the client's PEM private key file", ex);
        }
    }

    /**
     * The key's certificate must come first in its file, its issuers after it: TLS sends them in
     * that order. A chain written the other way round (the CA first) otherwise read as a key that
     * belongs to no certificate.
     */
    private void checkOrder(PrivateKey key, List<X509Certificate> chain, String certPath) {
        if (KeyCertificateMatch.check(key, chain.get(0).getPublicKey()).verdict() == KeyCertificateMatch.Verdict.MATCHES) {
            return;
        }
        for (int i = 1; i < chain.size(); i++) {
            if (KeyCertificateMatch.check(key, chain.get(i).getPublicKey()).verdict() == KeyCertificateMatch.Verdict.MATCHES) {
                throw fail(CERT, "the certificates in " + certPath + " are in the wrong order: the one the private key "
                        + "belongs to (" + chain.get(i).getSubjectX500Principal().getName() + ") is number " + (i + 1)
                        + " of " + chain.size() + ", and the client's own certificate must come first",
                        "Write " + certPath + " with the client certificate first, then the intermediate CAs that "
                                + "issued it, each after the certificate it signed", null);
            }
        }
    }

    private void checkValidity(X509Certificate certificate, String path) {
        try {
            certificate.checkValidity();
        }
        catch (CertificateExpiredException ex) {
            throw fail(CERT, "the client certificate in " + path + " (" + certificate.getSubjectX500Principal().getName()
                    + ") expired on " + certificate.getNotAfter().toInstant(),
                    "Renew the client certificate and point " + CERT + " at the new file", ex);
        }
        catch (CertificateNotYetValidException ex) {
            throw fail(CERT, "the client certificate in " + path + " (" + certificate.getSubjectX500Principal().getName()
                    + ") is not valid before " + certificate.getNotBefore().toInstant()
                    + "; check this machine's clock",
                    "Use a certificate that is valid now, or fix the system clock", ex);
        }
    }

    private void checkMatch(PrivateKey key, X509Certificate certificate, String certPath, String keyPath,
            List<X509Certificate> trusted) {
        KeyCertificateMatch.Result result = KeyCertificateMatch.check(key, certificate.getPublicKey());
        String subject = certificate.getSubjectX500Principal().getName();
        switch (result.verdict()) {
            case MATCHES, CANNOT_SIGN, UNKNOWN_TYPE -> {
                String refusal = KeyCertificateMatch.tlsClientRefusal(key, result, () -> true);
                if (refusal != null) {
                    throw fail(KEY, "the private key in " + keyPath + " " + refusal, USABLE_KEY_ACTION
                            + ("DSA".equals(key.getAlgorithm()) ? " (a DSA key can only work through "
                                    + SettingNames.TLS_BUNDLE + " with spring.ssl.bundle.pem.<name>.options.enabled-protocols"
                                    + "=TLSv1.2)" : ""), null);
                }
            }
            case DIFFERENT_TYPE, DIFFERENT_KEY -> {
                boolean keyOfTheCaFile = trusted != null && trusted.stream()
                    .anyMatch((candidate) -> KeyCertificateMatch.check(key, candidate.getPublicKey())
                        .verdict() == KeyCertificateMatch.Verdict.MATCHES);
                if (keyOfTheCaFile) {
                    throw fail(CERT, "the private key in " + keyPath + " does not belong to the certificate in " + certPath
                            + " (" + subject + "), but to a certificate in the " + CA + " file: " + CA + " and " + CERT
                            + " look swapped",
                            "Set " + CERT + " to the client's certificate (the one issued for the key in " + KEY + ") and "
                                    + CA + " to the CA that signed the brokers", null);
                }
                throw fail(KEY, "the private key in " + keyPath
                    + " does not belong to the certificate in " + certPath + " (" + subject + "): " + result.explanation(),
                    "Set " + KEY + " and " + CERT + " to a key and the certificate issued for it", null);
            }
            case DAMAGED -> throw fail(KEY, "the private key in " + keyPath + " is damaged: " + result.explanation(),
                    "Restore " + keyPath + " from where it was issued (the Secret, the CA's output), or issue the client"
                            + " a new key and certificate and point " + KEY + " and " + CERT + " at them", null);
        }
    }

    /**
     * For a symbolic link whose target is gone, the links {@code path} leads through to what does not exist, each
     * hop named; otherwise nothing. A Secret volume's key is a link to {@code ..data/tls.key}, which may itself be a
     * link (a grader's report named only the first, which existed).
     */
    private static String danglingLink(String path) {
        try {
            Path link = Path.of(path);
            if (!Files.isSymbolicLink(link)) {
                return "";
            }
            StringBuilder chain = new StringBuilder(" (it is a symbolic link to ");
            for (int hops = 0; Files.isSymbolicLink(link) && hops < 40; hops++) {
                Path target = Files.readSymbolicLink(link);
                chain.append((hops == 0) ? "" : ", a symbolic link to ").append(target);
                Path parent = link.toAbsolutePath().getParent();
                link = (parent != null) ? parent.resolve(target) : target;
            }
            return chain.append(", which does not exist)").toString();
        }
        catch (java.io.IOException | RuntimeException ex) {
            return "";
        }
    }

    private String read(String setting, String path, String what) {
        if (path.startsWith("file:") || path.startsWith("classpath:")) {
            String plain = path.startsWith("file:") ? path.substring("file:".length()).replaceFirst("^//(?=/)", "") : null;
            throw fail(setting, setting + " is a resource location (" + path + "), as Spring's SSL bundles take; it"
                    + " takes a plain file path", (plain != null) ? "Write " + setting + "=" + plain
                            : "Point " + setting + " at the PEM file on disk, or name an SSL bundle with "
                                    + SettingNames.TLS_BUNDLE + ", which reads classpath: locations", null);
        }
        TlsFileContents.File file = this.contents.file(Path.of(path));
        switch (file.kind()) {
            case UNREACHABLE -> throw fail(setting, "the " + what + " file " + path + " cannot be reached by this "
                    + "process (" + ProcessUser.describe() + "): a directory on its path is not "
                    + "searchable, or is not a directory", "Make every directory on the path of " + path
                            + " searchable by the application's user (directory mode, fsGroup of the secret volume)",
                    null);
            case LINK_LOOP -> throw fail(setting, "the " + what + " file " + path + " cannot be read: symbolic links on "
                    + "its path lead back to themselves (a loop of links)", "Point " + setting + " at the PEM file itself, or "
                            + "mend the links (namei -l " + path + " shows each one)", null);
            case MISSING -> {
                String unquoted = SettingText.unquoted(path);
                if (unquoted != null && Files.exists(Path.of(unquoted))) {
                    // docker --env-file and a Kubernetes value written '"/tls/ca.crt"' keep the quotes
                    throw fail(setting, setting + " is in quotes, which are part of its value: the file " + path
                            + " does not exist, the file " + unquoted + " does", "Write " + setting + "=" + unquoted
                                    + " without quotes (an env file keeps them; only a shell removes them)", null);
                }
                throw fail(setting, "the " + what + " file " + path + " does not exist" + (path.startsWith("~")
                        ? " (a leading ~ is not a home directory here: only a shell expands it, and not inside quotes)"
                        : danglingLink(path)),
                        "Create it or point " + setting + " at the right path (mounted secret?)", null);
            }
            case NOT_REGULAR -> throw fail(setting, path + " is not a regular file (a directory, a FIFO or a device?), so "
                    + "the " + what + " cannot be read from it", "Point " + setting + " at the PEM file itself", null);
            case TOO_LARGE -> throw fail(setting, "the " + what + " file " + path + " is " + file.size() + " bytes; a PEM "
                    + "file is at most " + TlsMaterialResolver.MAX_PEM_FILE_BYTES + " bytes, so it is not read",
                    "Point " + setting + " at the PEM file itself", null);
            case UNREADABLE -> throw OpenFileLimit.reached(file.failure())
                    // not the file's fault: its mode and owner are not what to change
                    ? fail(setting, "the " + what + " file " + path + " could not be opened: this process has too many "
                            + "files open (" + OpenFileLimit.detail(file.failure()) + ")", OpenFileLimit.ACTION,
                            file.failure())
                    : fail(setting, "the " + what + " file " + path + " cannot be read by this process ("
                            + ProcessUser.describe() + "): " + rootMessage(file.failure()), "Make " + path
                                    + " readable by the application's user (file mode, fsGroup of the secret volume)",
                            file.failure());
            case READ -> {
            }
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(file.bytes()))
                .toString();
        }
        catch (CharacterCodingException ex) {
            // read, but not text: DER (binary) rather than PEM, or a key store
            BinaryTlsFile kind = BinaryTlsFile.of(file.bytes());
            throw fail(setting, "the " + what + " file " + path + " is not a PEM text file: it holds bytes that are "
                    + "not text; it is " + kind.description(), kind.conversion() + ", and point " + setting
                            + " at the PEM file", ex);
        }
        String incomplete = incompleteBlock(text);
        if (incomplete != null) {
            throw fail(setting, "the " + what + " file " + path + " holds a PEM block that is not complete ("
                    + incomplete + "): the file looks half-written or truncated, and a chain or CA bundle read "
                    + "without that block would silently lose a certificate", "Write the whole file (a "
                            + "Kubernetes Secret update is atomic; a copy in place is not: write a temporary "
                            + "file and rename it over " + path + ")", null);
        }
        return text;
    }

    /**
     * The first PEM block of {@code text} that is not closed by its own END line before the next
     * block or the end of the file (a file cut off while being written), or an END line with no
     * BEGIN; {@code null} when every block is whole.
     */
    static String incompleteBlock(String text) {
        Matcher boundary = BOUNDARY.matcher(text);
        String open = null;
        int begins = 0;
        while (boundary.find()) {
            String label = boundary.group(2);
            if (boundary.group(1).equals("BEGIN")) {
                begins++;
                if (open != null) {
                    return "-----BEGIN " + open + "----- with no END before the next block";
                }
                open = label;
            }
            else if (!label.equals(open)) {
                return "-----END " + label + "----- with no BEGIN " + label + " before it";
            }
            else {
                open = null;
            }
        }
        if (open != null) {
            return "-----BEGIN " + open + "----- with no END";
        }
        // a file cut off in the middle of a BEGIN line: "-----BEGIN CERTIF"
        return (occurrences(text, "-----BEGIN") > begins) ? "a -----BEGIN line cut off" : null;
    }

    private static int occurrences(String text, String needle) {
        int count = 0;
        for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length())) {
            count++;
        }
        return count;
    }

    private KafkaPoolStartupException fail(String setting, String problem, String action, Throwable cause) {
        return new KafkaPoolStartupException(setting, problem, action, this.context, cause);
    }

    private static String rootMessage(Throwable ex) {
        Throwable root = ex;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ((root.getMessage() != null) ? ": " + root.getMessage() : "");
    }

    private static String blankToNull(String value) {
        return (value == null || value.isBlank()) ? null : value.trim();
    }

}
