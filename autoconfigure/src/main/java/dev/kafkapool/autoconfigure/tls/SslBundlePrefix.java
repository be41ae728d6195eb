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

    private SslBundlePrefix() {
    }

    /** The prefix of bundle {@code name}'s properties, from the kind of stores {@code bundle} has ({@code null}: unknown). */
    public static String of(SslBundle bundle, String name) {
        Object stores = storesOf(bundle);
        if (stores instanceof PemSslStoreBundle) {
            return "spring.ssl.bundle.pem." + name;
        }
        if (stores instanceof JksSslStoreBundle) {
            return "spring.ssl.bundle.jks." + name;
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
