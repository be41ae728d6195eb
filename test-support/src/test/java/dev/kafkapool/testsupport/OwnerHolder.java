package dev.kafkapool.testsupport;

import java.nio.file.Path;

/** A JVM that makes one temporary directory with the prefix it is given, prints it, and lives on. */
final class OwnerHolder {

    private OwnerHolder() {
    }

    public static void main(String[] args) throws Exception {
        Path directory = TemporaryDirectories.create(args[0]);
        System.out.println("DIRECTORY " + directory);
        System.out.flush();
        Thread.sleep(120_000);
    }

}
