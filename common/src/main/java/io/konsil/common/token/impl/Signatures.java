package io.konsil.common.token.impl;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import io.konsil.common.error.KonsilException;

/** Verifies an RSA or EC signature with a published key; the key was selected to fit the token's algorithm. */
final class Signatures {
  private Signatures() {}

  static void verify(SignedJWT jwt, JWK key) {
    try {
      JWSVerifier verifier = key instanceof RSAKey rsa ? new RSASSAVerifier(rsa)
          : key instanceof ECKey ec ? new ECDSAVerifier(ec) : null;
      if (verifier != null && verifier.supportedJWSAlgorithms().contains(jwt.getHeader().getAlgorithm())
          && jwt.verify(verifier)) {
        return;
      }
    } catch (JOSEException | IllegalStateException e) {
      // Falls through to the refusal: a key that cannot verify is as good as a wrong signature.
    }
    throw KonsilException.unauthorized("token-signature", "The token signature is not valid");
  }
}
