package io.konsil.scheduler.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.konsil.common.audit.AuditAction;
import io.konsil.common.config.KonsilConfig;
import io.konsil.common.presence.Presence;
import io.konsil.common.testing.ResponseContract;
import io.konsil.common.testing.TestTokens;
import io.konsil.common.token.TokenIssuer;
import io.konsil.common.token.TokenVerifier;
import io.konsil.scheduler.SchedulerFeature;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The contract-first document and the mounted routes must not drift apart, in either direction. */
@ExtendWith(VertxExtension.class)
class OpenApiDocumentTest {

  @Test
  void everyMountedOperationIsInTheDocumentAndViceVersa(Vertx vertx) throws IOException {
    KonsilConfig config = KonsilConfig.defaults(0, TestTokens.APP_ID, TestTokens.SECRET);
    SchedulerFeature feature = SchedulerFeature.create(vertx, config, TokenVerifier.create(vertx, config.jwt()),
        new TokenIssuer(config.jwt()), Presence.none(), new SimpleMeterRegistry());
    Router router = Router.router(vertx);
    feature.mount(router);
    Set<String> mounted = new TreeSet<>();
    for (Route route : router.getRoutes()) {
      String path = route.getPath();
      if (path == null || path.endsWith("*") || route.methods() == null) {
        continue;
      }
      String documented = path.substring(ApiRouter.BASE.length()).replaceAll(":([A-Za-z]+)", "{$1}");
      for (HttpMethod m : route.methods()) {
        mounted.add(m.name().toLowerCase(Locale.ROOT) + " " + documented);
      }
    }
    // The .ics variant of an appointment shares the /appointments/:id route.
    mounted.add("get /appointments/{id}.ics");
    assertEquals(documented(), mounted);
  }

  /** The access log's action names: every one the trail writes is in the document's enum, and no other. */
  @Test
  void theDocumentNamesEveryAuditActionAndNoOther() {
    Set<String> documented = new TreeSet<>();
    ResponseContract.get().document().getJsonObject("components").getJsonObject("schemas")
        .getJsonObject("AuditAction").getJsonArray("enum").forEach(a -> documented.add((String) a));
    Set<String> written = new TreeSet<>();
    for (AuditAction a : AuditAction.values()) {
      written.add(a.wire());
    }
    assertEquals(written, documented);
  }

  private static Set<String> documented() throws IOException {
    String yaml;
    try (InputStream in = OpenApiDocumentTest.class.getClassLoader()
        .getResourceAsStream(SchedulerFeature.OPENAPI_RESOURCE)) {
      yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Set<String> operations = new HashSet<>();
    String path = null;
    boolean inPaths = false;
    for (String line : yaml.split("\n")) {
      if (line.equals("paths:")) {
        inPaths = true;
      } else if (!line.startsWith(" ") && !line.isEmpty()) {
        inPaths = false;
      } else if (inPaths && line.matches("^  /\\S+:$")) {
        path = line.trim().substring(0, line.trim().length() - 1);
      } else if (inPaths && line.matches("^    (get|post|put|delete|patch):$")) {
        operations.add(line.trim().replace(":", "") + " " + path);
      }
    }
    assertTrue(operations.size() > 20, operations.toString());
    return new TreeSet<>(operations);
  }
}
