package com.beatgen.pipeline;

import com.beatgen.db.ExecutionLog;
import com.beatgen.keys.SubmissionRepository;
import com.beatgen.keys.SunoGateway;
import com.beatgen.provider.suno.SunoTask;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Keeps a paid generation no beat will take as the job's orphan: its clips under
 * {@code beats/orphans/<jobId>/<taskId>-<n>.mp3} and its submission {@code orphaned}, counted against its key once. Two
 * ways lead here: a {@code complete} callback for a task its job cannot take (an attempt given up, or a job that failed
 * meanwhile), and StartRun failing a job whose execution ended after Suno accepted its task (a run killed mid-poll).
 */
public final class OrphanKeeper {

    private final SunoGateway suno;
    private final SubmissionRepository submissions;
    private final AudioService audio;
    private final ExecutionLog executionLog;

    public OrphanKeeper(SunoGateway suno, SubmissionRepository submissions, AudioService audio, ExecutionLog executionLog) {
        this.suno = suno;
        this.submissions = submissions;
        this.audio = audio;
        this.executionLog = executionLog;
    }

    /**
     * Keeps {@code taskId}, bought by {@code attempt} of {@code job}, once Suno (asked with the attempt's key: a
     * callback is only a hint) reports it complete.
     *
     * @return false when the task is not complete yet (its {@code complete} callback keeps it later) or failed
     */
    public boolean keep(Job job, SubmissionRepository.Submission attempt, String taskId) {
        List<String> files;
        if (taskId.equals(job.sunoTaskId()) && job.fileUrl() != null) {
            files = job.altFileUrl() == null ? List.of(job.fileUrl()) : List.of(job.fileUrl(), job.altFileUrl()); // StoreAudio ran
        } else {
            SunoTask task = suno.poll(taskId, attempt.keyId());
            if (task.status() != SunoTask.Status.COMPLETE) {
                return false;
            }
            files = audio.storeClips("beats/orphans/" + job.id() + "/" + taskId, task);
        }
        suno.orphan(attempt, taskId, files.get(0), files.size() > 1 ? files.get(1) : null);
        executionLog.warn("orphans", "A paid generation its job could not take was kept as an orphan",
                Map.of("jobId", job.id(), "taskId", taskId, "keyId", attempt.keyId(), "fileUrl", files.get(0)));
        return true;
    }

    /**
     * A job failed after Suno accepted its task (its execution ended mid-poll): the generation is kept if it is
     * complete, otherwise by its {@code complete} callback. Best effort: a failure here is logged, nothing else.
     */
    public void keepFailedJobsTask(Job job) {
        if (job.sunoTaskId() == null) {
            return;
        }
        Optional<SubmissionRepository.Submission> accepted = submissions.accepted(job.id(), job.sunoTaskId());
        if (accepted.isEmpty()) {
            return;
        }
        try {
            if (!keep(job, accepted.get(), job.sunoTaskId())) {
                executionLog.info("orphans", "A failed job's Suno task is not complete yet: its complete callback keeps it",
                        Map.of("jobId", job.id(), "taskId", job.sunoTaskId()));
            }
        } catch (RuntimeException e) {
            executionLog.warn("orphans", "Could not keep a failed job's paid generation yet: its complete callback keeps it",
                    Map.of("jobId", job.id(), "taskId", job.sunoTaskId(), "error", String.valueOf(e.getMessage())));
        }
    }
}
