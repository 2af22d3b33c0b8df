package io.konsil.scheduler.schedule;

import io.vertx.core.Future;

/** Clinicians' schedules, one per clinician. */
public interface ScheduleStore {

  /** Replaces the clinician's schedule. */
  Future<Void> put(Schedule schedule);

  /** Null if the clinician has none. */
  Future<Schedule> get(String clinicianId);
}
