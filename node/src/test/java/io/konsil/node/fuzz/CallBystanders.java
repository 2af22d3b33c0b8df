package io.konsil.node.fuzz;

import io.konsil.common.testing.TestTokens;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An established call in another room — a GP and an admitted patient — that keeps relaying while the campaign runs:
 * the GP sends numbered offers (ten a second), the patient answers each. Undisturbed means every offer and answer arrives, in
 * order, from the right participant, and nothing else happens to the call (no error, no one leaving, no close).
 */
final class CallBystanders {
  static final String ROOM = "bystander-call";
  private final List<String> violations;
  private final List<String> sdps = new CopyOnWriteArrayList<>();
  private final List<String> answers = new CopyOnWriteArrayList<>();
  private final List<JsonObject> unexpected = new CopyOnWriteArrayList<>();
  private FuzzSocket gp;
  private FuzzSocket patient;
  private int sent;
  private boolean setUp;

  CallBystanders(List<String> violations) {
    this.violations = violations;
  }

  Future<Void> start(Vertx vertx, WebSocketClient client, int port, TestTokens tokens) {
    Promise<Void> admitted = Promise.promise();
    Promise<Void> knocked = Promise.promise();
    return FuzzSocket.connect(client, port, ROOM, tokens.gp("bystander-gp", ROOM), "bystander gp", violations, f -> {
      switch (f.getString("type")) {
        case "knocking" -> knocked.tryComplete();
        case "answer" -> {
          if (!f.getString("from", "").equals(patient.participantId)) {
            unexpected.add(f);
          }
          answers.add(f.getString("sdp"));
        }
        case "welcome", "participant-joined", "knock-ended", "ack" -> {
          if (setUp) {
            unexpected.add(f);
          }
        }
        default -> unexpected.add(f);
      }
    }).compose(s -> {
      gp = s;
      return FuzzSocket.connect(client, port, ROOM, tokens.patient("bystander-patient", ROOM), "bystander patient",
          violations, f -> {
            switch (f.getString("type")) {
              case "welcome" -> admitted.tryComplete();
              case "lobby" -> { }
              case "offer" -> {
                if (!f.getString("from", "").equals(gp.participantId)) {
                  unexpected.add(f);
                }
                sdps.add(f.getString("sdp"));
                patient.send(new JsonObject().put("type", "answer").put("to", gp.participantId)
                    .put("sdp", f.getString("sdp")).encode());
              }
              default -> unexpected.add(f);
            }
          });
    }).compose(s -> {
      patient = s;
      return knocked.future();
    }).compose(v -> vertx.timer(50)).compose(v -> gp.send(new JsonObject().put("type", "admit")
        .put("participantId", patient.participantId).encode()))
        .compose(v -> admitted.future())
        // The admission's own frames (participant-joined, knock-ended) may trail the welcome a little.
        .compose(v -> vertx.timer(300))
        .onSuccess(v -> setUp = true).mapEmpty();
  }

  /** The participant ids of the bystanders, which the fuzzers aim at from their own room. */
  List<String> participantIds() {
    return patient == null ? List.of() : List.of(gp.participantId, patient.participantId);
  }

  String gpId() {
    return gp.participantId;
  }

  String patientId() {
    return patient.participantId;
  }

  /** One relay: the next numbered offer. */
  Future<Void> relayOnce() {
    return gp.send(new JsonObject().put("type", "offer").put("to", patient.participantId)
        .put("sdp", "v=0 seq " + sent++).encode());
  }

  int sent() {
    return sent;
  }

  /** After the campaign (and a moment to let the last relays arrive): what went wrong, if anything. */
  List<String> problems() {
    List<String> p = new java.util.ArrayList<>();
    for (int i = 0; i < sent; i++) {
      String expected = "v=0 seq " + i;
      if (i >= sdps.size() || !expected.equals(sdps.get(i))) {
        p.add("offer " + i + " did not arrive in order (patient got " + sdps.size() + " of " + sent + ")");
        break;
      }
      if (i >= answers.size() || !expected.equals(answers.get(i))) {
        p.add("answer " + i + " did not arrive in order (gp got " + answers.size() + " of " + sent + ")");
        break;
      }
    }
    unexpected.stream().limit(5).forEach(f -> p.add("unexpected frame in the bystanders' call: " + f.encode()));
    if (gp.isClosed() || patient.isClosed()) {
      p.add("a bystander's connection was closed");
    }
    return p;
  }

  Future<Void> close() {
    return gp.close().compose(v -> patient.close());
  }
}
