package com.beatgen.keys;

import com.beatgen.config.ConfigException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts Suno keys at rest with AES-256-GCM (random 96-bit nonce stored in front of the ciphertext) and
 * fingerprints them with HMAC-SHA256 so duplicates are found without decrypting. The data key comes from
 * {@code SUNO_KEY_ENCRYPTION_KEY} (base64, 32 bytes; from Secrets Manager in AWS).
 */
public final class KeyCipher {

    public static final String VARIABLE = "SUNO_KEY_ENCRYPTION_KEY";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    public KeyCipher(byte[] dataKey) {
        if (dataKey.length != 32) {
            throw new ConfigException(VARIABLE + " must be 32 bytes (base64 of 32 random bytes), was " + dataKey.length + " bytes");
        }
        this.key = new SecretKeySpec(dataKey.clone(), "AES");
    }

    public static KeyCipher fromBase64(String base64) {
        try {
            return new KeyCipher(Base64.getDecoder().decode(base64.strip()));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(VARIABLE + " is not valid base64");
        }
    }

    /** A new random data key, base64: for {@code ./beatgen} and tests. */
    public static String newDataKey() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    public byte[] encrypt(String secret) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    public String decrypt(byte[] stored) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, stored, 0, NONCE_BYTES));
            return new String(cipher.doFinal(stored, NONCE_BYTES, stored.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            // never include the ciphertext or key material
            throw new IllegalStateException("A stored Suno key cannot be decrypted: wrong " + VARIABLE + "?");
        }
    }

    public String fingerprint(String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 failed", e);
        }
    }
}
