package com.beatgen.pipeline;

import com.beatgen.catalog.TemplateRepository;
import com.beatgen.db.ExecutionLog;
import com.beatgen.keys.SunoKeyPool;
import com.beatgen.provider.CircuitBreakers;
import com.beatgen.provider.Provider;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The scheduler's decision (seed properties 19–21): skip while a job is processing, when no Suno key has credits
 * (keys whose credits were never read are checked with Suno first: no paid Gemini or OpenAI call for a run that could
 * not pay for its music),
 * when the Suno circuit is open, or when this 15-minute slot already ran (a duplicated schedule event); otherwise
 * take the least recently used active template not used in the last 24 h, mark it used and create the job. When no
 * template is eligible the slot is skipped too, logged as a warning: the catalog is too small for the schedule, an
 * operator's matter, not a failed run (CatalogCoverage warns about it when the catalog is synced).
 * Decisions are serialized by a lock row, so concurrent executions cannot both start.
 */
public final class StartRunService {

    public static final Duration RECENCY = Duration.ofHours(24);
    /** Longer than any execution: the state machine's TimeoutSeconds (50 min) ends every execution before this age. */
    public static final Duration ABANDONED_AFTER = Duration.ofHours(1);
    /** The skip reason when every active template was used in the last 24 h. */
    public static final String NO_ELIGIBLE_TEMPLATE =
            "no active template unused for 24 hours (Catalog.NoEligibleTemplate): the catalog needs more templates for this schedule";
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(StartRunService.class);
    private static final DateTimeFormatter SLOT = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm'Z'").withZone(ZoneOffset.UTC);

    /** The outcome: a started job, or a skip with its reason. */
    public record Decision(boolean skipped, String reason, String jobId, String templateId, String slot) {
    }

    private final Jdbi jdbi;
    private final JobRepository jobs;
    private final TemplateRepository templates;
    private final PromptRepository prompts;
    private final ExecutionStatus executions;
    private final OrphanKeeper orphans;
    private final SunoKeyPool keys;
    private final Runnable creditCheck;
    private final CircuitBreakers breakers;
    private final ExecutionLog executionLog;
    private final Clock clock;

    /** @param creditCheck asks Suno for the keys' unknown credits ({@code SunoGateway::checkUnknownCredits}) */
    public StartRunService(Jdbi jdbi, JobRepository jobs, TemplateRepository templates, PromptRepository prompts, SunoKeyPool keys,
                           Runnable creditCheck, CircuitBreakers breakers, ExecutionStatus executions, OrphanKeeper orphans,
                           ExecutionLog executionLog, Clock clock) {
        this.executions = executions;
        this.orphans = orphans;
        this.jdbi = jdbi;
        this.jobs = jobs;
        this.templates = templates;
        this.prompts = prompts;
        this.keys = keys;
        this.creditCheck = creditCheck;
        this.breakers = breakers;
        this.executionLog = executionLog;
        this.clock = clock;
    }

    /** The execution-name-safe slot of a schedule time, e.g. {@code beat-20261123T2315Z}. */
    public static String slot(Instant scheduled) {
        Instant floored = scheduled.truncatedTo(ChronoUnit.HOURS)
                .plus(scheduled.atZone(ZoneOffset.UTC).getMinute() / 15 * 15L, ChronoUnit.MINUTES);
        return "beat-" + SLOT.format(floored);
    }

    /** A scheduled run: one per 15-minute slot. */
    public Decision start(Instant scheduled, String executionId) {
        return start(scheduled, executionId, false);
    }

    /**
     * @param manual a run started by hand ({@code ./beatgen run}, the console): not tied to a schedule slot
     */
    public Decision start(Instant scheduled, String executionId, boolean manual) {
        String slot = manual ? "manual-" + UUID.nameUUIDFromBytes(executionId.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                : slot(scheduled);
        creditCheck.run();   // outside the decision's transaction: an HTTP call per never-checked key
        List<Job> abandoned = new ArrayList<>();
        Decision decision = jdbi.inTransaction(h -> decide(h, slot, executionId, abandoned));
        abandoned.forEach(orphans::keepFailedJobsTask); // after the commit: downloads, and Suno asked
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("skipped", decision.skipped());
        context.put("reason", decision.reason());
        context.put("jobId", decision.jobId());
        context.put("templateId", decision.templateId());
        context.put("slot", decision.slot());
        context.put("executionId", executionId);
        context.put("scheduledAt", scheduled.toString());
        if (NO_ELIGIBLE_TEMPLATE.equals(decision.reason())) {
            log.warn("Run skipped: {}", NO_ELIGIBLE_TEMPLATE);
            executionLog.warn("scheduler", "Run skipped: " + decision.reason(), context);
        } else {
            executionLog.info("scheduler", decision.skipped() ? "Run skipped: " + decision.reason() : "Run started", context);
        }
        return decision;
    }

    private Decision decide(Handle h, String slot, String executionId, List<Job> abandoned) {
        jobs.lockScheduler(h);
        Optional<Job> started = jobs.findByExecution(h, executionId);
        if (started.isPresent()) {
            // a retried invocation whose first attempt committed (its answer may have been lost): the same job
            return new Decision(false, null, started.get().id(), started.get().templateId(), started.get().scheduleSlot());
        }
        abandonStuckJobs(h, abandoned);
        Optional<String> processing = jobs.findProcessing(h);
        if (processing.isPresent()) {
            return skip("a job is already processing (" + processing.get() + ")", slot);
        }
        if (jobs.slotTaken(h, slot)) {
            return skip("slot " + slot + " already ran (duplicate schedule event)", slot);
        }
        if (!keys.hasUsableKey()) {
            return skip("no Suno key has credits for a generation", slot);
        }
        if (breakers.isOpen(Provider.SUNO)) {
            return skip("the Suno circuit is open", slot);
        }
        Instant now = clock.instant();
        Optional<String> eligible = templates.lockLeastRecentlyUsed(h, now.minus(RECENCY));
        if (eligible.isEmpty()) {
            return skip(NO_ELIGIBLE_TEMPLATE, slot);
        }
        String templateId = eligible.get();
        templates.markUsed(h, templateId, now);
        String jobId = UUID.randomUUID().toString();
        jobs.insert(h, jobId, templateId, slot, executionId, now);
        return new Decision(false, null, jobId, templateId, slot);
    }

    /**
     * A job still processing after its execution ended, or long after any execution could have (aborted, or its
     * RecordFailure never ran), would block every later run: it is failed as {@code Pipeline.Abandoned}. The jobs
     * failed are added to {@code abandoned}: a generation Suno accepted for one of them is kept as its orphan.
     */
    private void abandonStuckJobs(Handle h, List<Job> abandoned) {
        Instant cutoff = clock.instant().minus(ABANDONED_AFTER);
        for (Job job : jobs.processing(h)) {
            if (job.createdAt().isBefore(cutoff)) {
                abandon(h, job, "still processing after the longest possible execution").ifPresent(abandoned::add);
            } else if (job.executionId() != null && executions.ended(job.executionId())) {
                abandon(h, job, "its execution " + job.executionId() + " has ended").ifPresent(abandoned::add);
            }
        }
    }

    /** Fails a job whose execution is gone, with every row that belongs to it, in the caller's transaction. */
    private Optional<Job> abandon(Handle h, Job seen, String cause) {
        String jobId = seen.id();
        Job job = jobs.lock(h, jobId); // a step may have finished it since it was read: its row lock orders the two
        if (!"processing".equals(job.status())) {
            return Optional.empty();
        }
        jobs.fail(h, jobId, "Pipeline.Abandoned", cause);
        if (job.promptRecordId() != null) {
            prompts.fail(h, job.promptRecordId(), "Pipeline.Abandoned: " + cause);
        }
        executionLog.warn("scheduler", "Abandoned job failed", Map.of("jobId", jobId, "cause", cause));
        return Optional.of(job);
    }

    private static Decision skip(String reason, String slot) {
        return new Decision(true, reason, null, null, slot);
    }
}
