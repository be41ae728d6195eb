package dev.kafkapool.testsupport.pki;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link SecretVolume} lays files out and swaps them the way the kubelet does. */
class SecretVolumeTests {

    @TempDir
    Path directory;

    @Test
    void filesAreSymlinksThroughDataAndAnUpdateSwapsEveryFileAtOnceAndRemovesTheOldVersion() throws Exception {
        SecretVolume volume = SecretVolume.create(this.directory.resolve("secret"),
                Map.of("tls.crt", write("a.crt", "first cert"), "tls.key", write("a.key", "first key")));
        Path data = volume.directory().resolve("..data");
        Path firstVersion = data.toRealPath();
        assertThat(Files.isSymbolicLink(volume.file("tls.crt"))).isTrue();
        assertThat(Files.readSymbolicLink(volume.file("tls.crt"))).isEqualTo(Path.of("..data", "tls.crt"));
        assertThat(firstVersion.getFileName().toString()).matches("\\.\\.\\d{4}_\\d{2}_\\d{2}_\\d{2}_\\d{2}_\\d{2}\\.\\d+");

        volume.update(Map.of("tls.crt", write("b.crt", "second cert"), "tls.key", write("b.key", "second key")));

        assertThat(Files.readString(volume.file("tls.crt"))).isEqualTo("second cert");
        assertThat(Files.readString(volume.file("tls.key"))).isEqualTo("second key");
        assertThat(data.toRealPath()).isNotEqualTo(firstVersion);
        assertThat(firstVersion).doesNotExist();
        try (Stream<Path> entries = Files.list(volume.directory())) {
            assertThat(entries.map((entry) -> entry.getFileName().toString()))
                .containsExactlyInAnyOrder("..data", data.toRealPath().getFileName().toString(), "tls.crt", "tls.key");
        }
    }

    @Test
    void anInPlaceOverwriteChangesTheCurrentVersionOnly() throws Exception {
        SecretVolume volume = SecretVolume.create(this.directory.resolve("secret"),
                Map.of("tls.crt", write("a.crt", "whole certificate")));
        volume.overwriteInPlace("tls.crt", "whole".getBytes(StandardCharsets.UTF_8));
        assertThat(Files.readString(volume.file("tls.crt"))).isEqualTo("whole");
        assertThat(Files.isSymbolicLink(volume.file("tls.crt"))).isTrue();
    }

    private Path write(String name, String content) throws Exception {
        return Files.writeString(this.directory.resolve(name), content);
    }

}
