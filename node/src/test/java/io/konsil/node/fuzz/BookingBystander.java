package io.konsil.node.fuzz;

import io.konsil.common.testing.ResponseContract;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A patient who books the way the web client does — search, hold, book, read it back, cancel — over and over while
 * the campaign runs. Undisturbed means each step answers what it should (a slot taken meanwhile may be 409 on hold;
 * nothing else may fail), every answer as the document says.
 */
final class BookingBystander {
  private final PlainHttp http;
  private final String token;
  final List<String> problems = new CopyOnWriteArrayList<>();
  final List<String> booked = new CopyOnWriteArrayList<>();
  int cycles;
  int requests;

  /** {@code http} answers on the bystander's own context (its state is touched from there only). */
  BookingBystander(PlainHttp http, String token) {
    this.http = http;
    this.token = token;
  }

  /** Cycles until {@code deadline} (nanoTime). */
  Future<Void> run(long deadline) {
    if (System.nanoTime() > deadline || problems.size() > 5) {
      return Future.succeededFuture();
    }
    return cycle().recover(e -> {
      problems.add("booking cycle failed: " + e.getMessage());
      return Future.succeededFuture();
    }).compose(v -> run(deadline));
  }

  private Future<Void> cycle() {
    return call(HttpMethod.GET, "/api/v1/slots?specialty=cardiology&mode=video&limit=10", null, null, 200)
        .compose(page -> hold(page.getJsonArray("items"), 0))
        .compose(hold -> {
          if (hold == null) {
            return Future.succeededFuture();
          }
          JsonObject body = new JsonObject().put("slotId", hold.getString("slotId")).put("holdId", hold.getString("holdId"));
          return call(HttpMethod.POST, "/api/v1/appointments", body, "bystander-" + cycles, 201)
              .compose(a -> {
                booked.add(a.getString("id"));
                return call(HttpMethod.GET, "/api/v1/appointments/" + a.getString("id"), null, null, 200)
                    .compose(read -> {
                      if (!hold.getString("slotId").equals(read.getString("slotId"))) {
                        problems.add("read back another slot: " + read.encode());
                      }
                      return call(HttpMethod.POST, "/api/v1/appointments/" + a.getString("id") + "/cancel", null, null,
                          200);
                    });
              })
              .map(cancelled -> {
                if (!"cancelled".equals(cancelled.getString("status"))) {
                  problems.add("cancel did not cancel: " + cancelled.encode());
                }
                cycles++;
                return null;
              });
        });
  }

  /** Holds the first slot of the page it can get; a slot the fuzzer took meanwhile answers 409 and the next is tried. */
  private Future<JsonObject> hold(JsonArray items, int i) {
    if (i >= items.size()) {
      problems.add("no slot of a page of " + items.size() + " could be held");
      return Future.succeededFuture();
    }
    String slotId = items.getJsonObject(i).getString("id");
    return send(HttpMethod.POST, "/api/v1/slots/" + RestFuzzer.encode(slotId) + "/hold", null, null)
        .compose(r -> {
          if (r.status() == 201) {
            return Future.succeededFuture(r.json());
          }
          if (r.status() == 409 && "slot-unavailable".equals(r.json().getString("code"))) {
            return hold(items, i + 1);
          }
          problems.add("hold answered " + r.status() + " " + r.json());
          return Future.succeededFuture();
        });
  }

  private Future<JsonObject> call(HttpMethod method, String uri, JsonObject body, String key, int expected) {
    return send(method, uri, body, key).compose(r -> {
      if (r.status() != expected) {
        problems.add(method + " " + uri + " answered " + r.status() + " " + r.json() + ", expected " + expected);
        return Future.failedFuture(method + " " + uri + " → " + r.status());
      }
      return Future.succeededFuture(r.json());
    });
  }

  /** What the bystander waits for now: named when its lane does not end. */
  volatile String waitingOn = "nothing yet";

  private Future<PlainHttp.Answer> send(HttpMethod method, String uri, JsonObject body, String key) {
    requests++;
    String what = method + " " + uri.replaceAll("\\?.*", "");
    waitingOn = what + ": waiting for the answer";
    return http.send(method.name(), uri, token, body, key).map(answer -> {
      waitingOn = what + ": answered " + answer.status();
      try {
        ResponseContract.get().check(method.name(), uri, answer.status(), answer.contentType(), answer.body());
      } catch (AssertionError e) {
        problems.add(e.getMessage());
      }
      return answer;
    });
  }
}
