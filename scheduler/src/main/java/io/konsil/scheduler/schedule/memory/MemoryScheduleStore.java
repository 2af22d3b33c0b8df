package io.konsil.scheduler.schedule.memory;

import io.konsil.scheduler.schedule.Schedule;
import io.konsil.scheduler.schedule.ScheduleStore;
import io.vertx.core.Future;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

public final class MemoryScheduleStore implements ScheduleStore {
  private final Map<String, Schedule> schedules = new ConcurrentHashMap<>();

  @Override
  public Future<Void> put(Schedule schedule) {
    schedules.put(schedule.clinicianId(), schedule);
    return Future.succeededFuture();
  }

  @Override
  public Future<Schedule> get(String clinicianId) {
    return Future.succeededFuture(clinicianId == null ? null : schedules.get(clinicianId));
  }
}
