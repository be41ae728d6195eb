package dev.kafkapool.autoconfigure.tls;

/**
 * What a TLS file that is not text most likely is, by its first bytes, and how to get PEM out of it: a Java KeyStore
 * (its magic number), a PKCS#12 store (a DER sequence whose first member is the version 3), a PKCS#7 bundle (one
 * whose first member is the signed-data identifier), or else DER-encoded certificate or key. Each kind needs its
 * own conversion: {@code openssl x509 -inform der} fails on a store or a bundle.
 */
enum BinaryTlsFile {

    JKS("a Java KeyStore (JKS)", "Export PEM from it, e.g. keytool -exportcert -rfc -alias <alias> -keystore <file> "
            + "-file <file>.pem for a certificate; for a key, convert the store to PKCS#12 first (keytool "
            + "-importkeystore -srckeystore <file> -destkeystore <file>.p12 -deststoretype PKCS12) and take the key out "
            + "with openssl pkcs12 -in <file>.p12 -nocerts -nodes -out <key>.pem"),

    PKCS12("a PKCS#12 store (.p12/.pfx)", "Take PEM out of it, e.g. openssl pkcs12 -in <file> -nokeys -out <file>.pem "
            + "for the certificates (the client's, or the CA's), openssl pkcs12 -in <file> -nocerts -nodes -out "
            + "<key>.pem for the key (written unencrypted: keep it in a Secret)"),

    PKCS7("a PKCS#7 certificate bundle (.p7b), DER-encoded", "Take the certificates out of it as PEM, e.g. openssl "
            + "pkcs7 -inform der -in <file> -print_certs -out <file>.pem"),

    DER("DER-encoded (binary) rather than PEM text, most likely", "Convert it to PEM, e.g. openssl x509 -inform der -in "
            + "<file> -out <file>.pem for a certificate, openssl pkey -inform der -in <file> -out <file>.pem for a key");

    /** The object identifier of PKCS#7 signed data (1.2.840.113549.1.7.2), which a .p7b bundle is, DER-encoded. */
    private static final byte[] SIGNED_DATA = { 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x07,
            0x02 };

    private final String description;

    private final String conversion;

    BinaryTlsFile(String description, String conversion) {
        this.description = description;
        this.conversion = conversion;
    }

    static BinaryTlsFile of(byte[] bytes) {
        if (bytes.length >= 4 && (bytes[0] & 0xff) == 0xfe && (bytes[1] & 0xff) == 0xed && (bytes[2] & 0xff) == 0xfe
                && (bytes[3] & 0xff) == 0xed) {
            return JKS;
        }
        if (bytes.length >= 2 && (bytes[0] & 0xff) == 0x30) {
            int length = bytes[1] & 0xff;
            // the sequence's length: one byte below 0x80, else 0x8n and n bytes
            int content = (length < 0x80) ? 2 : 2 + (length & 0x7f);
            if (bytes.length >= content + 3 && bytes[content] == 0x02 && bytes[content + 1] == 0x01
                    && bytes[content + 2] == 0x03) {
                return PKCS12;
            }
            if (bytes.length >= content + 2 + SIGNED_DATA.length && bytes[content] == 0x06
                    && bytes[content + 1] == SIGNED_DATA.length
                    && java.util.Arrays.equals(bytes, content + 2, content + 2 + SIGNED_DATA.length, SIGNED_DATA, 0,
                            SIGNED_DATA.length)) {
                return PKCS7;
            }
        }
        return DER;
    }

    /** What the file is, for "the file ... is not a PEM text file: it is ...". */
    String description() {
        return this.description;
    }

    /** How to get PEM out of it, without the setting to point at the result. */
    String conversion() {
        return this.conversion;
    }

}
