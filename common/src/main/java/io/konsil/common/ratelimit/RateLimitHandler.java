package io.konsil.common.ratelimit;

import io.konsil.common.error.KonsilException;
import io.konsil.common.error.Problems;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Limits one kind of request per user and per client address; beyond either, 429 problem+json with code
 * {@code rate-limited} and {@code Retry-After} in seconds. Mount it before the route it guards. Finding the user
 * may be asynchronous (verifying the token), so the request is paused meanwhile; the guarded route's own handlers
 * (body handler, WebSocket handshake) take it from there.
 */
public final class RateLimitHandler implements Handler<RoutingContext> {
  private final String rule;
  private final Rate perUser;
  private final Rate perAddress;
  private final Buckets buckets;
  private final Function<RoutingContext, Future<String>> user;
  private final Function<RoutingContext, String> address;
  private final Runnable onLimited;
  private final BiConsumer<RoutingContext, KonsilException> refuse;

  /**
   * @param rule names the buckets of this limit (one rule's buckets never drain another's)
   * @param perUser null for no per-user limit
   * @param perAddress null for no per-address limit
   * @param user the caller's stable id, or a future of null when the request names no valid user (then only the
   *     address counts); must not fail
   */
  public RateLimitHandler(String rule, Rate perUser, Rate perAddress, Buckets buckets,
      Function<RoutingContext, Future<String>> user, Function<RoutingContext, String> address, Runnable onLimited) {
    this(rule, perUser, perAddress, buckets, user, address, onLimited, Problems::send);
  }

  /**
   * @param refuse answers the 429 (with {@code Retry-After} already set): problem+json by default; a route whose
   *     errors have another format (FHIR's OperationOutcome) passes {@code RoutingContext::fail} to its failure handler
   */
  public RateLimitHandler(String rule, Rate perUser, Rate perAddress, Buckets buckets,
      Function<RoutingContext, Future<String>> user, Function<RoutingContext, String> address, Runnable onLimited,
      BiConsumer<RoutingContext, KonsilException> refuse) {
    this.refuse = refuse;
    this.rule = rule;
    this.perUser = perUser;
    this.perAddress = perAddress;
    this.buckets = buckets;
    this.user = user;
    this.address = address;
    this.onLimited = onLimited;
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (perUser == null) {
      decide(ctx, null);
      return;
    }
    ctx.request().pause();
    user.apply(ctx).onComplete(ar -> decide(ctx, ar.succeeded() ? ar.result() : null));
  }

  private void decide(RoutingContext ctx, String userKey) {
    List<Buckets.Take> takes = new ArrayList<>(2);
    if (perUser != null && userKey != null) {
      takes.add(new Buckets.Take(rule + "|user|" + userKey, perUser));
    }
    if (perAddress != null) {
      takes.add(new Buckets.Take(rule + "|address|" + address.apply(ctx), perAddress));
    }
    Duration wait = buckets.take(takes);
    if (wait.isZero()) {
      ctx.next();
      return;
    }
    onLimited.run();
    long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
    ctx.request().resume();
    ctx.response().putHeader("Retry-After", Long.toString(seconds));
    refuse.accept(ctx, new KonsilException(429, "rate-limited",
        "Too many requests of this kind; retry after " + seconds + " s"));
  }
}
