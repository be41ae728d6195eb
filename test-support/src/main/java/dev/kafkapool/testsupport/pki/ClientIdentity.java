package dev.kafkapool.testsupport.pki;

import java.nio.file.Path;

/**
 * PEM files a client presents: its certificate chain and private key, with the key's password
 * when the key is encrypted ({@code null} otherwise).
 *
 * @param certificate PEM certificate chain, leaf first
 * @param privateKey PEM private key
 * @param keyPassword password of an encrypted key, or {@code null}
 */
public record ClientIdentity(Path certificate, Path privateKey, String keyPassword) {
}
