package io.konsil.signaling.room;

import io.vertx.core.json.JsonObject;

/**
 * Whether a participant's camera and microphone work, as their client said when connecting ({@code &camera=0|1
 * &microphone=0|1} on the signal URL, default both). A clinician must know before admitting someone who cannot be
 * seen or heard; the client only connects without devices after the patient chose so knowingly.
 */
public record Devices(boolean camera, boolean microphone) {
  public static final Devices BOTH = new Devices(true, true);

  JsonObject toJson() {
    return new JsonObject().put("camera", camera).put("microphone", microphone);
  }
}
