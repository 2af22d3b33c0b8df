package io.konsil.node;

import io.konsil.common.config.KonsilConfig;
import io.konsil.common.ratelimit.Buckets;
import io.konsil.common.ratelimit.RateLimitHandler;
import io.konsil.common.token.TokenVerifier;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;

/**
 * The node's rate limits on demo sign-in, booking, holds and signaling connects (docs/security.md), mounted in
 * front of the features' routes so that the features themselves stay unaware of them. A user is whoever a valid
 * token names (the bearer header, or {@code ?jwt=} on signaling); a request without one counts per address only.
 */
final class AbuseLimits {
  /** Enough for every user and address of a busy node; beyond it the oldest buckets are forgotten. */
  private static final int MAX_BUCKETS = 200_000;

  private final TokenVerifier verifier;
  private final boolean trustForwardedFor;
  private final Buckets buckets;
  private final MeterRegistry registry;

  AbuseLimits(KonsilConfig.Http http, TokenVerifier verifier, MeterRegistry registry, Clock clock) {
    this.verifier = verifier;
    this.trustForwardedFor = http.trustForwardedFor();
    this.buckets = new Buckets(clock, MAX_BUCKETS);
    this.registry = registry;
  }

  void mount(Router router, KonsilConfig.RateLimits limits) {
    guard(router, HttpMethod.POST, "/api/v1/demo/sign-in", "sign-in", limits.signIn());
    guard(router, HttpMethod.POST, "/api/v1/appointments", "booking", limits.booking());
    // FHIR bookings and holds draw on the same per-user budget (one door is not a way round the other), answered as
    // an OperationOutcome by the /fhir failure handler.
    guard(router, HttpMethod.POST, "/fhir/Appointment", "booking", limits.booking(), RoutingContext::fail);
    guard(router, HttpMethod.POST, "/api/v1/slots/:id/hold", "hold", limits.hold());
    guard(router, HttpMethod.GET, "/signal/:room", "connect", limits.connect());
  }

  private void guard(Router router, HttpMethod method, String path, String rule, KonsilConfig.RateLimits.Limit limit) {
    guard(router, method, path, rule, limit, io.konsil.common.error.Problems::send);
  }

  private void guard(Router router, HttpMethod method, String path, String rule, KonsilConfig.RateLimits.Limit limit,
                     java.util.function.BiConsumer<RoutingContext, io.konsil.common.error.KonsilException> refuse) {
    if (limit.perUser() == null && limit.perAddress() == null) {
      return;
    }
    var limited = registry.counter("konsil.http.rate.limited", "rule", rule);
    router.route(method, path).handler(new RateLimitHandler(rule, limit.perUser(), limit.perAddress(), buckets,
        this::user, this::address, limited::increment, refuse));
  }

  private Future<String> user(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    String token = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim()
        : ctx.request().getParam("jwt");
    if (token == null || token.isBlank()) {
      return Future.succeededFuture();
    }
    // Verified, never merely decoded: otherwise anyone could spend someone else's budget with a forged token.
    return verifier.verify(token).map(c -> c.issuer() + "|" + c.id()).otherwise((String) null);
  }

  private String address(RoutingContext ctx) {
    if (trustForwardedFor) {
      String forwarded = ctx.request().getHeader("X-Forwarded-For");
      if (forwarded != null && !forwarded.isBlank()) {
        // The last entry is the one the trusted proxy appended; earlier ones are whatever the client sent.
        String[] hops = forwarded.split(",");
        return hops[hops.length - 1].trim();
      }
    }
    return ctx.request().remoteAddress() == null ? "unknown" : ctx.request().remoteAddress().hostAddress();
  }
}
