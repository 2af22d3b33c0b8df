package io.konsil.scheduler.schedule;

import java.time.DayOfWeek;

/** Working hours on one weekday, every week. */
public record WeeklyHours(DayOfWeek day, Block block) {}
