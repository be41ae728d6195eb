package dev.kafkapool.testsupport.broker;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Class path of the broker child JVM: the Kafka server artifacts, written by the build into
 * {@code kafka-broker.classpath}, plus this module's own classes for {@link BrokerLauncher}; or,
 * outside the build (a copied kit, see {@code AotTraining}), the system property
 * {@value #OVERRIDE}.
 * Kept apart from the test class path so the broker's Scala, Jackson 2 and logger never meet the
 * application under test.
 */
public final class BrokerClasspath {

    private static final String RESOURCE = "kafka-broker.classpath";

    /** The broker's whole class path, replacing the one the build wrote (which names the local Maven repository). */
    public static final String OVERRIDE = "kafka-pool-test.broker-classpath";

    private BrokerClasspath() {
    }

    static String get() {
        String override = System.getProperty(OVERRIDE);
        if (override != null && !override.isBlank()) {
            return override;
        }
        try (InputStream in = BrokerClasspath.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing: build kafka-pool-test with Maven "
                        + "(the dependency plugin writes it)");
            }
            String dependencies = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            Path own = Path.of(BrokerLauncher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return own + java.io.File.pathSeparator + dependencies;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (URISyntaxException ex) {
            throw new IllegalStateException(ex);
        }
    }

}
