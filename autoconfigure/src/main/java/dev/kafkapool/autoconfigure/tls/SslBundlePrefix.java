package dev.kafkapool.autoconfigure.tls;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.jks.JksSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;

/**
 * The properties an application's SSL bundle is configured under, for a report to name: {@code
 * spring.ssl.bundle.pem.<name>} for a PEM bundle, {@code spring.ssl.bundle.jks.<name>} for a key
 * store bundle, and {@code spring.ssl.bundle.pem|jks.<name>} when the kind is not known (a bundle
 * that could not be loaded, or one an {@code SslBundleRegistrar} made in code).
 */
public final class SslBundlePrefix {

    /** The start of a key store bundle's properties. */
    public static final String JKS = "spring.ssl.bundle.jks.";

    /** The start of a PEM bundle's properties. */
    public static final String PEM = "spring.ssl.bundle.pem.";

    private SslBundlePrefix() {
    }

    /** The prefix of bundle {@code name}'s properties, from the kind of stores {@code bundle} has ({@code null}: unknown). */
    public static String of(SslBundle bundle, String name) {
        Object stores = storesOf(bundle);
        if (stores instanceof PemSslStoreBundle) {
            return PEM + name;
        }
        if (stores instanceof JksSslStoreBundle) {
            return JKS + name;
        }
        return unknown(name);
    }

    /** The prefix of bundle {@code name}'s properties when its kind is not known: both kinds, as {@code pem|jks}. */
    public static String unknown(String name) {
        return "spring.ssl.bundle.pem|jks." + name;
    }

    private static Object storesOf(SslBundle bundle) {
        try {
            return (bundle != null) ? bundle.getStores() : null;
        }
        catch (RuntimeException ex) {
            return null;
        }
    }

}
