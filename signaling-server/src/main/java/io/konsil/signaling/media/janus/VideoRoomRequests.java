package io.konsil.signaling.media.janus;

import io.konsil.signaling.media.VideoLayer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The bodies of the VideoRoom plugin requests this adapter sends (Janus 1.1 multistream API, string room and
 * participant ids: the plugin must run with {@code string_ids = true}). See
 * https://janus.conf.meetecho.com/docs/videoroom.html.
 */
final class VideoRoomRequests {
  static final String PLUGIN = "janus.plugin.videoroom";

  private VideoRoomRequests() {}

  static JsonObject create(String room, JanusSettings settings) {
    JsonObject body = new JsonObject()
        .put("request", "create")
        .put("room", room)
        .put("permanent", false)
        .put("is_private", true)
        .put("publishers", settings.publishers())
        .put("audiocodec", settings.audioCodec())
        .put("videocodec", settings.videoCodec())
        .put("bitrate", settings.bitrate())
        // A keyframe every 10 s lets a subscriber that lost packets recover without waiting for a PLI round trip.
        .put("fir_freq", 10)
        .put("record", false)
        .put("rec_dir", settings.recordingDir());
    if (settings.adminKey() != null) {
      body.put("admin_key", settings.adminKey());
    }
    return body;
  }

  static JsonObject destroy(String room) {
    return new JsonObject().put("request", "destroy").put("room", room).put("permanent", false);
  }

  /** Joins as a publisher without a display name: Janus needs no one's name, so it never holds one. */
  static JsonObject joinAsPublisher(String room, String publisher) {
    return new JsonObject().put("request", "join").put("ptype", "publisher").put("room", room).put("id", publisher);
  }

  static JsonObject publish() {
    return new JsonObject().put("request", "publish");
  }

  /** Leaves the room; Janus answers only once the participant is out of the room's list. */
  static JsonObject leave() {
    return new JsonObject().put("request", "leave");
  }

  static JsonObject joinAsSubscriber(String room, String publisher) {
    return new JsonObject()
        .put("request", "join")
        .put("ptype", "subscriber")
        .put("room", room)
        .put("streams", new JsonArray().add(new JsonObject().put("feed", publisher)));
  }

  static JsonObject start() {
    return new JsonObject().put("request", "start");
  }

  /** Janus numbers simulcast substreams 0 (lowest) to 2 (highest). */
  static JsonObject selectSubstream(String videoMid, VideoLayer layer) {
    return new JsonObject()
        .put("request", "configure")
        .put("streams", new JsonArray().add(new JsonObject().put("mid", videoMid).put("substream", layer.ordinal())));
  }

  static JsonObject enableRecording(String room, boolean record) {
    return new JsonObject().put("request", "enable_recording").put("room", room).put("record", record);
  }

  static JsonObject listParticipants(String room) {
    return new JsonObject().put("request", "listparticipants").put("room", room);
  }
}
