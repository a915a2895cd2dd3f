package com.beatgen.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.beatgen.config.ConfigException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class KeyCipherTest {

    private final KeyCipher cipher = KeyCipher.fromBase64(KeyCipher.newDataKey());

    @Test
    void encryptsWithAFreshNonceAndDecryptsBack() {
        String secret = "sk-suno-0123456789abcdef";
        byte[] first = cipher.encrypt(secret);
        byte[] second = cipher.encrypt(secret);
        assertThat(first).isNotEqualTo(second);
        assertThat(new String(first, StandardCharsets.ISO_8859_1)).doesNotContain(secret);
        assertThat(cipher.decrypt(first)).isEqualTo(secret);
        assertThat(cipher.decrypt(second)).isEqualTo(secret);
    }

    @Test
    void fingerprintIsStableAndKeyed() {
        String secret = "sk-suno-0123456789abcdef";
        assertThat(cipher.fingerprint(secret)).isEqualTo(cipher.fingerprint(secret)).hasSize(64);
        assertThat(KeyCipher.fromBase64(KeyCipher.newDataKey()).fingerprint(secret)).isNotEqualTo(cipher.fingerprint(secret));
    }

    @Test
    void refusesTamperedCiphertextAndWrongKeysWithoutLeakingAnything() {
        byte[] sealed = cipher.encrypt("sk-suno-0123456789abcdef");
        sealed[sealed.length - 1] ^= 1;
        assertThatThrownBy(() -> cipher.decrypt(sealed)).hasMessageNotContaining("sk-suno").hasMessageContaining("cannot be decrypted");
        byte[] other = KeyCipher.fromBase64(KeyCipher.newDataKey()).encrypt("sk-suno-0123456789abcdef");
        assertThatThrownBy(() -> cipher.decrypt(other)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void requiresA256BitKey() {
        assertThatThrownBy(() -> KeyCipher.fromBase64("c2hvcnQ=")).isInstanceOf(ConfigException.class).hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> KeyCipher.fromBase64("not base64!")).isInstanceOf(ConfigException.class);
    }
}
