package dev.kafkapool.testsupport.broker;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The broker's jars travel inside the kit and are laid out on disk once, safely, for the broker's JVM. */
class BrokerLibrariesTests {

    private static final List<String> NAMES = List.of("lib/kafka_2.13-9.9.jar", "lib/scala-library-9.9.jar");

    @TempDir
    Path temp;

    @Test
    void theBuiltKitListsJarsInsideItselfAndNoneOfTheBuildersLocalRepository() throws IOException {
        // the list named /root/.m2/repository/...: the published kit started a broker on the builder's machine only
        String listed;
        try (InputStream in = BrokerClasspath.class.getResourceAsStream("kafka-broker.classpath")) {
            listed = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        }
        List<String> names = List.of(listed.split(":"));
        assertThat(names).isNotEmpty().allSatisfy((name) -> assertThat(name).startsWith("lib/").endsWith(".jar"));
        assertThat(names).anyMatch((name) -> name.startsWith("lib/kafka_2.13-"))
            .anyMatch((name) -> name.startsWith("lib/scala-library-"))
            .noneMatch((name) -> name.contains("bcprov") || name.contains("spring") || name.contains("junit"));
        Path packageDirectory = Path.of(BrokerClasspath.class.getResource("kafka-broker.classpath").getPath()).getParent();
        assertThat(names).allSatisfy((name) -> assertThat(packageDirectory.resolve(name)).isRegularFile());
        assertThat(BrokerClasspath.get()).doesNotContain(System.getProperty("user.home") + "/.m2");
    }

    @Test
    void aKitJarsLibrariesAreLaidOutOnceAndUsedAgainByTheNextJvm() throws IOException {
        Path kit = kitJar("a");

        List<Path> first = BrokerLibraries.unpacked(kit, "pkg", NAMES, this.temp);
        List<Path> second = BrokerLibraries.unpacked(kit, "pkg", NAMES, this.temp);

        assertThat(second).isEqualTo(first);
        assertThat(first).extracting((path) -> path.getFileName().toString())
            .containsExactly("kafka_2.13-9.9.jar", "scala-library-9.9.jar");
        assertThat(Files.readString(first.get(0))).isEqualTo("a:lib/kafka_2.13-9.9.jar");
        assertThat(Files.readString(first.get(1))).isEqualTo("a:lib/scala-library-9.9.jar");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(first.get(0).getParent())))
            .isEqualTo("rwx------");
        assertThat(entries()).hasSize(1);
    }

    @Test
    void anotherKitsContentGetsADirectoryOfItsOwn() throws IOException {
        List<Path> a = BrokerLibraries.unpacked(kitJar("a"), "pkg", NAMES, this.temp);
        List<Path> b = BrokerLibraries.unpacked(kitJar("bb"), "pkg", NAMES, this.temp);

        assertThat(b.get(0).getParent()).isNotEqualTo(a.get(0).getParent());
        assertThat(Files.readString(b.get(0))).isEqualTo("bb:lib/kafka_2.13-9.9.jar");
        assertThat(Files.readString(a.get(0))).isEqualTo("a:lib/kafka_2.13-9.9.jar");
    }

    @Test
    void jvmsStartingAtOnceAllGetTheOneWholeDirectoryAndLeaveNoPartsBehind() throws Exception {
        Path kit = kitJar("a");
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Callable<List<Path>>> calls = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                calls.add(() -> BrokerLibraries.unpacked(kit, "pkg", NAMES, this.temp));
            }
            List<List<Path>> results = new ArrayList<>();
            for (Future<List<Path>> result : threads.invokeAll(calls)) {
                results.add(result.get());
            }
            assertThat(results).allSatisfy((paths) -> {
                assertThat(paths).isEqualTo(results.get(0));
                assertThat(Files.readString(paths.get(1))).isEqualTo("a:lib/scala-library-9.9.jar");
            });
        }
        finally {
            threads.shutdownNow();
        }
        assertThat(entries()).hasSize(1).noneMatch((name) -> name.contains("part-"));
    }

    @Test
    void aSharedDirectoryOthersMayWriteOrWhoseFilesDifferIsNotUsed() throws IOException {
        Path kit = kitJar("a");
        Path shared = BrokerLibraries.unpacked(kit, "pkg", NAMES, this.temp).get(0).getParent();

        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path own = BrokerLibraries.unpacked(kit, "pkg", NAMES, this.temp).get(0).getParent();
        assertThat(own).isNotEqualTo(shared);
        assertThat(Files.readString(own.resolve("kafka_2.13-9.9.jar"))).isEqualTo("a:lib/kafka_2.13-9.9.jar");

        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwx------"));
        Files.writeString(shared.resolve("scala-library-9.9.jar"), "someone else's classes, longer than the kit's");
        assertThat(BrokerLibraries.unpacked(kit, "pkg", NAMES, this.temp).get(1).getParent()).isNotEqualTo(shared);
    }

    @Test
    void aSharedFileOfTheRightSizeButOtherBytesIsNotUsed() throws IOException {
        // only the size was compared: the same user's (or a disk's) change of a jar's bytes went unseen
        Path kit = kitJar("a");
        Path shared = BrokerLibraries.unpacked(kit, "pkg", NAMES, this.temp).get(0).getParent();
        Files.writeString(shared.resolve("kafka_2.13-9.9.jar"), "X".repeat("a:lib/kafka_2.13-9.9.jar".length()));

        Path used = BrokerLibraries.unpacked(kit, "pkg", NAMES, this.temp).get(0);

        assertThat(used.getParent()).isNotEqualTo(shared);
        assertThat(Files.readString(used)).isEqualTo("a:lib/kafka_2.13-9.9.jar");
    }

    @Test
    void aJvmLaysTheJarsOutOnceWhateverNumberOfBrokersItStarts() throws IOException {
        // a damaged shared directory cost a 44 MB private copy per broker start
        Path kit = kitJar("once-" + System.nanoTime());
        List<Path> first = BrokerLibraries.unpacked(kit, "pkg", NAMES);
        try {
            assertThat(BrokerLibraries.unpacked(kit, "pkg", NAMES)).isSameAs(first);
        }
        finally {
            deleteTree(first.get(0).getParent());
        }
    }

    @Test
    void aLayoutOrCopyLeftByAJvmKilledWithSigkillIsDeletedByTheNextJvmThatStartsABroker() throws IOException {
        // a kill -9 during the layout (or while a private copy was in use) left 29-44 MB for good
        Path part = Files.createDirectory(this.temp.resolve("kafka-pool-test-broker-part-123"));
        Path copy = Files.createDirectory(this.temp.resolve("kafka-pool-test-broker-own-456"));
        for (Path left : List.of(part, copy)) {
            Files.writeString(left.resolve("kafka_2.13-9.9.jar"), "half");
            // the owner file of a process long gone: no process has that id and start time
            Files.writeString(left.resolve(".kafka-pool-owner"), Long.MAX_VALUE + " 0");
        }

        BrokerLibraries.unpacked(kitJar("a"), "pkg", NAMES, this.temp);
        assertThat(part).doesNotExist();
        assertThat(copy).doesNotExist();

        // swept by a JVM that finds the shared directory in place too (it lays nothing out)
        Path later = Files.createDirectory(this.temp.resolve("kafka-pool-test-broker-own-789"));
        Files.writeString(later.resolve(".kafka-pool-owner"), Long.MAX_VALUE + " 0");
        BrokerLibraries.unpacked(kitJar("a"), "pkg", NAMES, this.temp);
        assertThat(later).doesNotExist();
    }

    @Test
    void aTemporaryDirectoryWhosePathHoldsThePathSeparatorIsRefusedWithTheFix() throws IOException {
        Path colon = Files.createDirectory(this.temp.resolve("t-col:on"));

        assertThatExceptionOfType(IllegalStateException.class)
            .isThrownBy(() -> BrokerLibraries.unpacked(kitJar("a"), "pkg", NAMES, colon))
            .withMessageContaining("a class path cannot name a file whose path holds ':'")
            .withMessageContaining("Point java.io.tmpdir");
    }

    @Test
    void aTemporaryDirectoryNoLayoutCanBeMadeInIsReportedWithTheCauseAndTheFix() throws IOException {
        // "... in /tmp/x (the JVM's java.io.tmpdir): /tmp/x/kafka-pool-test-broker-..." said neither why nor what to do
        Path notADirectory = Files.writeString(this.temp.resolve("not-a-directory"), "");

        assertThatExceptionOfType(java.io.UncheckedIOException.class)
            .isThrownBy(() -> BrokerLibraries.unpacked(kitJar("a"), "pkg", NAMES, notADirectory))
            .withMessageContaining("(the JVM's java.io.tmpdir): FileSystemException")
            .withMessageContaining("Point java.io.tmpdir (in surefire's argLine) at a directory this user may write");
    }

    @Test
    void aJarThatLacksAListedLibraryIsRefusedNamingIt() throws IOException {
        Path kit = kitJar("a");

        assertThatExceptionOfType(IllegalStateException.class)
            .isThrownBy(() -> BrokerLibraries.unpacked(kit, "pkg", List.of("lib/kafka-raft-9.9.jar"), this.temp))
            .withMessageContaining("lacks pkg/lib/kafka-raft-9.9.jar")
            .withMessageContaining("not made by the kit's Maven build");
    }

    /** A kit jar whose libraries hold {@code content} and their names. */
    private Path kitJar(String content) throws IOException {
        Path jar = Files.createTempFile(this.temp, "kit-", ".jar");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            for (String name : NAMES) {
                out.putNextEntry(new JarEntry("pkg/" + name));
                out.write((content + ":" + name).getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return jar;
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    /** The names of what the libraries left in the temporary directory. */
    private List<String> entries() throws IOException {
        try (Stream<Path> paths = Files.list(this.temp)) {
            return paths.map((path) -> path.getFileName().toString())
                .filter((name) -> name.startsWith("kafka-pool-test-broker-"))
                .toList();
        }
    }

}
