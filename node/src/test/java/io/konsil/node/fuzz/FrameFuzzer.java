package io.konsil.node.fuzz;

import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Mutated signaling frames (docs/protocol.md): each starts as a valid client frame — addressed to a participant of
 * this room, to a bystander in another room, or to nobody — and is then damaged: a field dropped, retyped or made
 * hostile, unknown fields added, the type changed, the JSON text cut or wrapped, binary frames, text frames that are
 * not UTF-8, frames above the size limit.
 */
final class FrameFuzzer {
  /** What to send: a text frame, a binary frame, or a text frame with bytes that are not UTF-8. */
  record Frame(String text, byte[] binary, byte[] invalidUtf8) {
    static Frame text(String text) {
      return new Frame(text, null, null);
    }
  }

  private static final List<String> TYPES = List.of("join", "resume", "ping", "offer", "answer", "candidate", "chat",
      "update", "lobby-message", "admit", "deny", "kick", "lobby-toggle", "sfu-offer", "sfu-answer", "sfu-candidate",
      "record", "recording-consent", "recording-consent-request", "recordings", "end", "leave");

  private final Garbage g;
  private final Supplier<List<String>> participants;
  private final int maxFrameBytes;

  FrameFuzzer(Garbage g, Supplier<List<String>> participants, int maxFrameBytes) {
    this.g = g;
    this.participants = participants;
    this.maxFrameBytes = maxFrameBytes;
  }

  Frame next() {
    int kind = g.below(1000);
    if (kind < 40) {
      return new Frame(null, g.bytes(300), null);
    }
    if (kind < 80) {
      return new Frame(null, null, g.bytes(300));
    }
    if (kind < 85) {
      return Frame.text("{\"type\":\"chat\",\"text\":\"" + "x".repeat(maxFrameBytes + g.below(1000)) + "\"}");
    }
    if (kind < 100) {
      return Frame.text(g.deepText(g.pick(List.of("{\"type\":\"chat\",\"text\":HOLE}", "HOLE",
          "{\"type\":\"offer\",\"to\":\"x\",\"sdp\":HOLE}", "{\"type\":HOLE}"))));
    }
    if (kind < 150) {
      return Frame.text(g.damage(valid().encode()));
    }
    if (kind < 180) {
      return Frame.text(Json.encode(g.value()));
    }
    JsonObject frame = valid();
    int mutations = g.below(3);
    for (int i = 0; i < mutations; i++) {
      mutate(frame);
    }
    return Frame.text(frame.encode());
  }

  /** A plausible client frame; {@code end} and {@code leave} are rare so that connections live a while. */
  private JsonObject valid() {
    String type = g.chance(3) ? g.pick(List.of("end", "leave")) : g.pick(TYPES.subList(0, TYPES.size() - 2));
    JsonObject f = new JsonObject().put("type", type);
    if (g.chance(50)) {
      f.put("id", g.chance(80) ? "f" + g.below(10_000) : g.value());
    }
    switch (type) {
      case "resume" -> f.put("resumeToken", g.chance(50) ? "q0Jk" + g.below(1_000_000) : g.string());
      case "offer", "answer", "sfu-offer", "sfu-answer" -> f.put("to", target()).put("sdp", "v=0\r\no=- " + g.below(1000));
      case "candidate", "sfu-candidate" -> f.put("to", target()).put("candidate", "candidate:1 1 udp 1 127.0.0.1 9 typ host")
          .put("sdpMid", "0").put("sdpMLineIndex", 0);
      case "chat" -> f.put("text", g.chance(70) ? "hello " + g.below(100) : g.string());
      case "update" -> f.put(g.pick(List.of("audioMuted", "videoMuted", "screenSharing", "displayName")),
          g.chance(60) ? (Object) g.random().nextBoolean() : g.string());
      case "lobby-message" -> f.put("text", g.chance(60) ? "Running late" : g.string());
      case "admit", "deny", "kick" -> f.put("participantId", target());
      case "lobby-toggle" -> f.put("enabled", g.random().nextBoolean());
      case "record" -> f.put("enabled", g.random().nextBoolean());
      case "recording-consent" -> f.put("consent", g.random().nextBoolean());
      default -> { }
    }
    return f;
  }

  /** Someone in this room, a bystander in another room (never reachable from here), or nobody. */
  private String target() {
    List<String> known = participants.get();
    if (!known.isEmpty() && g.chance(70)) {
      return g.pick(known);
    }
    return g.chance(50) ? "p-" + g.below(1000) : g.string();
  }

  private void mutate(JsonObject frame) {
    List<String> fields = new ArrayList<>(frame.fieldNames());
    String field = fields.isEmpty() ? "type" : g.pick(fields);
    switch (g.below(5)) {
      case 0 -> frame.remove(field);
      case 1 -> frame.put(field, g.value());
      case 2 -> frame.put(g.pick(List.of("type", "id", "to", "participantId", "text", "sdp", "from", "resumeToken",
          "displayName", "enabled", "__proto__")), g.value());
      case 3 -> frame.put("type", g.string());
      default -> frame.put(field, g.string());
    }
  }
}
