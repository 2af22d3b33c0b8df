package io.konsil.common.token;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HS256 through the JDK's HMAC. Nimbus's MAC verifier refuses secrets shorter than 256 bits, but Jitsi accepts
 * any app secret, and a token Jitsi accepts must verify here; so HS256 uses JCA directly (constant-time compare).
 */
public final class Hs256 {
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final String HEADER = B64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));

  private Hs256() {}

  public static String sign(String claimsJson, byte[] secret) {
    String signingInput = HEADER + "." + B64.encodeToString(claimsJson.getBytes(StandardCharsets.UTF_8));
    return signingInput + "." + B64.encodeToString(mac(signingInput, secret));
  }

  /** Whether {@code signature} (base64url) is the HMAC of {@code signingInput}. */
  public static boolean verify(String signingInput, String signature, byte[] secret) {
    byte[] given;
    try {
      given = Base64.getUrlDecoder().decode(signature);
    } catch (IllegalArgumentException e) {
      return false;
    }
    return MessageDigest.isEqual(mac(signingInput, secret), given);
  }

  private static byte[] mac(String signingInput, byte[] secret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}
