package io.konsil.scheduler.schedule.redis;

import io.konsil.common.redis.RedisGateway;
import io.konsil.scheduler.schedule.Schedule;
import io.konsil.scheduler.schedule.ScheduleStore;
import io.vertx.core.Future;

/** Schedules in Redis: one hash {@code konsil:net:schedules} from clinician id to the schedule's JSON. */
public final class RedisScheduleStore implements ScheduleStore {
  static final String SCHEDULES = "konsil:net:schedules";

  private final RedisGateway gateway;

  public RedisScheduleStore(RedisGateway gateway) {
    this.gateway = gateway;
  }

  @Override
  public Future<Void> put(Schedule schedule) {
    return gateway.call(c -> c.hset(SCHEDULES, schedule.clinicianId(), ScheduleJson.encode(schedule))).mapEmpty();
  }

  @Override
  public Future<Schedule> get(String clinicianId) {
    if (clinicianId == null) {
      return Future.succeededFuture();
    }
    return gateway.call(c -> c.hget(SCHEDULES, clinicianId)).map(json -> json == null ? null : ScheduleJson.decode(json));
  }
}
