package dev.pipit.scheduler.pipe;

import dev.pipit.scheduler.project.PipeDef;
import dev.pipit.scheduler.project.Project;
import java.util.HashSet;
import java.util.Set;
import java.util.TimeZone;
import org.quartz.CronScheduleBuilder;
import org.quartz.CronTrigger;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.matchers.GroupMatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the Quartz jobs of the project's pipes in line with it: one durable job per pipe, with a cron trigger in
 * UTC (as Tinybird reads schedules) for a scheduled one and none for {@code @on-demand}.
 */
public final class PipeSchedules {
    private static final Logger LOG = LoggerFactory.getLogger(PipeSchedules.class);
    private static final String GROUP = "pipe";

    private PipeSchedules() {}

    /** The Quartz job of a pipe, which scheduled firings and requested runs alike go through. */
    public static JobKey jobKey(String pipe) {
        return JobKey.jobKey(pipe, GROUP);
    }

    public static void apply(Scheduler scheduler, Project project) throws SchedulerException {
        Set<JobKey> wanted = new HashSet<>();
        for (PipeDef pipe : project.pipes().values()) {
            JobKey key = jobKey(pipe.name());
            wanted.add(key);
            JobDetail job = JobBuilder.newJob(PipeJob.class)
                    .withIdentity(key)
                    .usingJobData(PipeJob.PIPE, pipe.name())
                    .storeDurably()
                    .build();
            scheduler.addJob(job, true);
            TriggerKey triggerKey = TriggerKey.triggerKey(pipe.name(), GROUP);
            Trigger existing = scheduler.getTrigger(triggerKey);
            if (pipe.cron().isEmpty()) {
                scheduler.unscheduleJob(triggerKey);
                continue;
            }
            String cron = pipe.cron().get();
            if (existing instanceof CronTrigger current && current.getCronExpression().equals(cron)) {
                continue;
            }
            Trigger trigger = TriggerBuilder.newTrigger()
                    .withIdentity(triggerKey)
                    .forJob(key)
                    .withSchedule(CronScheduleBuilder.cronSchedule(cron)
                            .inTimeZone(TimeZone.getTimeZone("UTC"))
                            // A daemon that was down runs one catch-up export, not one per missed hour.
                            .withMisfireHandlingInstructionFireAndProceed())
                    .build();
            if (existing != null) {
                scheduler.rescheduleJob(triggerKey, trigger);
            } else {
                scheduler.scheduleJob(trigger);
            }
        }
        for (JobKey existing : scheduler.getJobKeys(GroupMatcher.jobGroupEquals(GROUP))) {
            if (!wanted.contains(existing)) {
                LOG.info("Pipe {} is no longer in the project; its schedule is removed, its history stays",
                        existing.getName());
                scheduler.deleteJob(existing);
            }
        }
    }
}
