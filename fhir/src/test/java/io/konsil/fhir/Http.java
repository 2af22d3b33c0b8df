package io.konsil.fhir;

import io.konsil.fhir.testing.Validation;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Plain HTTP against the facade, for what a FHIR client library would hide (status codes, headers, raw bodies). */
public final class Http {
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final Validation validation;

  public Http(Validation validation) {
    this.validation = validation;
  }

  public HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    HttpResponse<String> response = client.send(request.timeout(Duration.ofSeconds(20)).build(),
        HttpResponse.BodyHandlers.ofString());
    String type = response.headers().firstValue("content-type").orElse("");
    if (!response.body().isEmpty()) {
      if (!type.startsWith("application/fhir+json")) {
        throw new AssertionError("Not FHIR JSON (" + type + "): " + response.body());
      }
      validation.assertValid(response.body());
    }
    return response;
  }

  public static HttpRequest.Builder get(String url, String token) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).GET();
    return token == null ? b : b.header("Authorization", "Bearer " + token);
  }

  public static HttpRequest.Builder post(String url, String token, String body) {
    return HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString(body))
        .header("Content-Type", "application/fhir+json").header("Authorization", "Bearer " + token);
  }

  public static HttpRequest.Builder put(String url, String token, String body) {
    return HttpRequest.newBuilder(URI.create(url)).PUT(HttpRequest.BodyPublishers.ofString(body))
        .header("Content-Type", "application/fhir+json").header("Authorization", "Bearer " + token);
  }
}
