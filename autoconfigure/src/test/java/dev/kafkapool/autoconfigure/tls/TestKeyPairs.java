package dev.kafkapool.autoconfigure.tls;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;

/** Key pairs of any type for the TLS tests, generated on the spot. */
final class TestKeyPairs {

    private TestKeyPairs() {
    }

    /** An EC key pair on the named {@code curve}. */
    static KeyPair ec(String curve) {
        return generate("EC", new ECGenParameterSpec(curve), null);
    }

    /** A 2048-bit RSASSA-PSS key pair whose keys carry these PSS parameters. */
    static KeyPair rsaPss(String digest, MGF1ParameterSpec mgf, int salt) {
        return generate("RSASSA-PSS", new RSAKeyGenParameterSpec(2048, RSAKeyGenParameterSpec.F4,
                new PSSParameterSpec(digest, "MGF1", mgf, salt, PSSParameterSpec.TRAILER_FIELD_BC)), null);
    }

    /** A key pair of {@code algorithm} with the provider's defaults (DSA: 2048 bits). */
    static KeyPair generate(String algorithm) {
        return generate(algorithm, null, null);
    }

    /** A key pair from {@code provider}, or the JDK's when it is {@code null}. */
    static KeyPair generate(String algorithm, AlgorithmParameterSpec parameters, Provider provider) {
        try {
            KeyPairGenerator generator = (provider != null) ? KeyPairGenerator.getInstance(algorithm, provider)
                    : KeyPairGenerator.getInstance(algorithm);
            if (parameters != null) {
                generator.initialize(parameters);
            }
            else if ("DSA".equals(algorithm)) {
                generator.initialize(2048);
            }
            return generator.generateKeyPair();
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException(algorithm + " key generation failed", ex);
        }
    }

}
