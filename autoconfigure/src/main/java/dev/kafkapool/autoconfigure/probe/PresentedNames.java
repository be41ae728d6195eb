package dev.kafkapool.autoconfigure.probe;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The host names and addresses a broker's certificate names (its subject alternative names), in
 * words for a report whose problem is hostname verification: the operator then sees which name to
 * put in {@code KAFKA_BROKERS} without opening the certificate. Only DNS names and IP addresses
 * count, as in the verification itself; the subject's common name is mentioned only when there
 * are none, since verification no longer reads it.
 */
final class PresentedNames {

    /** A certificate may name hundreds: a report shows this many. */
    static final int SHOWN = 10;

    private static final int DNS_NAME = 2;

    private static final int IP_ADDRESS = 7;

    private PresentedNames() {
    }

    /**
     * @param certificate the broker's certificate, or {@code null} when a second handshake could not fetch it
     * @return e.g. {@code its certificate names localhost, 127.0.0.1}
     */
    static String of(X509Certificate certificate) {
        if (certificate == null) {
            return "the names in its certificate could not be read";
        }
        List<String> names = names(certificate);
        if (names.isEmpty()) {
            return "its certificate names no host name or address (no subject alternative names; its subject "
                    + certificate.getSubjectX500Principal().getName() + " is not checked)";
        }
        int shown = Math.min(names.size(), SHOWN);
        String text = "its certificate names " + String.join(", ", names.subList(0, shown));
        return (names.size() > shown) ? text + " and " + (names.size() - shown) + " more" : text;
    }

    private static List<String> names(X509Certificate certificate) {
        List<String> names = new ArrayList<>();
        Collection<List<?>> alternatives;
        try {
            alternatives = certificate.getSubjectAlternativeNames();
        }
        catch (CertificateParsingException ex) {
            return names;
        }
        if (alternatives == null) {
            return names;
        }
        for (List<?> alternative : alternatives) {
            Object type = alternative.get(0);
            if ((Integer.valueOf(DNS_NAME).equals(type) || Integer.valueOf(IP_ADDRESS).equals(type))
                    && alternative.get(1) instanceof String name) {
                names.add(name.replaceAll("\\p{Cntrl}", "?"));
            }
        }
        return names;
    }

}
