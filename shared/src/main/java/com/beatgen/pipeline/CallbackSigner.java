package com.beatgen.pipeline;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The callback URL Suno is given for a job, {@code <api>/api/callbacks/suno/<jobId>?sig=<HMAC-SHA256(key, jobId)>}:
 * Suno's callbacks carry no credential of their own, so the URL does. Only this stack can sign a job id.
 */
public final class CallbackSigner {

    public static final String KEY = "SUNO_CALLBACK_KEY";
    public static final String API_BASE_URL = "API_BASE_URL";
    public static final String PATH = "/api/callbacks/suno/";

    private final byte[] key;
    private final String apiBaseUrl;

    /**
     * @param key        the signing key (from Secrets Manager in AWS)
     * @param apiBaseUrl the API's own URL, e.g. {@code https://abc.execute-api.us-east-1.amazonaws.com/prod}; null for
     *                   a function that only verifies
     */
    public CallbackSigner(String key, String apiBaseUrl) {
        if (key == null || key.length() < 16) {
            throw new com.beatgen.config.ConfigException(KEY + " must be at least 16 characters");
        }
        this.key = key.getBytes(StandardCharsets.UTF_8);
        this.apiBaseUrl = apiBaseUrl == null ? null : apiBaseUrl.replaceAll("/+$", "");
    }

    public String url(String jobId) {
        if (apiBaseUrl == null) {
            throw new com.beatgen.config.ConfigException(API_BASE_URL + " is not set");
        }
        return apiBaseUrl + PATH + jobId + "?sig=" + signature(jobId);
    }

    /** Constant-time: the comparison takes as long whichever character differs. */
    public boolean verify(String jobId, String signature) {
        if (jobId == null || signature == null) {
            return false;
        }
        return MessageDigest.isEqual(signature(jobId).getBytes(StandardCharsets.US_ASCII),
                signature.getBytes(StandardCharsets.US_ASCII));
    }

    String signature(String jobId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(jobId.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
