package dev.kafkapool.testsupport.broker;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Class path of the broker child JVM: the Kafka server's jars, which the build puts inside the kit
 * ({@code lib/}, listed in class path order in {@code kafka-broker.classpath}), plus this module's
 * own classes for {@link BrokerLauncher}; or, outside the build (a copied kit, see
 * {@code AotTraining}), the system property {@value #OVERRIDE}.
 * Kept apart from the test class path so the broker's Scala, Jackson 2 and logger never meet the
 * application under test. From a kit jar the jars are laid out on disk once ({@link BrokerLibraries});
 * from the build's own classes directory they are used where they lie.
 */
public final class BrokerClasspath {

    private static final String RESOURCE = "kafka-broker.classpath";

    /** Where the listed jars' names are resolved inside the kit: this class's package. */
    private static final String PACKAGE = BrokerClasspath.class.getPackageName().replace('.', '/');

    /** The broker's whole class path, replacing the one inside the kit. */
    public static final String OVERRIDE = "kafka-pool-test.broker-classpath";

    private BrokerClasspath() {
    }

    static String get() {
        String override = System.getProperty(OVERRIDE);
        if (override != null && !override.isBlank()) {
            return override;
        }
        List<String> listed = listed();
        Path own = ownLocation();
        List<Path> jars = new ArrayList<>();
        if (Files.isDirectory(own)) {
            listed.forEach((name) -> jars.add(own.resolve(PACKAGE).resolve(name)));
        }
        else {
            jars.addAll(BrokerLibraries.unpacked(own, PACKAGE, listed));
        }
        StringBuilder classPath = new StringBuilder(own.toString());
        jars.forEach((jar) -> classPath.append(File.pathSeparator).append(jar));
        return classPath.toString();
    }

    /** The jars' names inside the kit, relative to this class's package, in class path order. */
    private static List<String> listed() {
        try (InputStream in = BrokerClasspath.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing: build kafka-pool-test with Maven "
                        + "(the dependency plugin writes it)");
            }
            List<String> names = new ArrayList<>();
            for (String name : new String(in.readAllBytes(), StandardCharsets.UTF_8).trim().split(":")) {
                if (!name.isBlank()) {
                    names.add(name.trim());
                }
            }
            return names;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static Path ownLocation() {
        try {
            return Path.of(BrokerLauncher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        }
        catch (URISyntaxException ex) {
            throw new IllegalStateException(ex);
        }
    }

}
