package com.beatgen.pipeline;

import com.beatgen.provider.suno.SunoClip;
import com.beatgen.storage.StorageUnavailableException;
import com.beatgen.keys.SunoGateway;
import com.beatgen.provider.suno.SunoTask;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * StoreAudio: downloads both clips right after SUCCESS (provider URLs expire), checks each is audio and not empty,
 * and stores them in the beats bucket as {@code beats/yyyy/mm/dd/<jobId>-<n>.mp3}. Paid output is never discarded:
 * the beat keeps both takes. A job whose audio is stored is not downloaded again.
 */
public final class AudioService {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC);

    private final SunoGateway suno;
    private final JobRepository jobs;
    private final HttpClient http;
    private final S3Client s3;
    private final String bucket;
    private final Clock clock;
    private final Duration downloadTimeout;

    public AudioService(SunoGateway suno, JobRepository jobs, HttpClient http, S3Client s3, String bucket, Clock clock,
                        Duration downloadTimeout) {
        this.suno = suno;
        this.jobs = jobs;
        this.http = http;
        this.s3 = s3;
        this.bucket = bucket;
        this.clock = clock;
        this.downloadTimeout = downloadTimeout;
    }

    /** The state machine's {@code $.audio}: both takes' S3 locations. */
    public record Result(String fileUrl, String alternateFileUrl) {
    }

    public Result store(String jobId) {
        Job job = jobs.get(jobId);
        if (job.fileUrl() == null) {
            SunoTask task = suno.poll(job.sunoTaskId(), job.apiKeyId()); // fresh URLs
            if (task.status() != SunoTask.Status.COMPLETE) {
                throw new PipelineException("Audio.NotReady", "Suno task " + job.sunoTaskId() + " is " + task.providerStatus());
            }
            List<String> locations = storeClips("beats/" + DAY.format(clock.instant()) + "/" + jobId, task);
            String alternate = locations.size() > 1 ? locations.get(1) : null;
            Double duration = task.clips().isEmpty() ? null : task.clips().get(0).durationSeconds();
            jobs.setAudio(jobId, locations.get(0), alternate, duration);
            return new Result(locations.get(0), alternate);
        }
        return new Result(job.fileUrl(), job.altFileUrl());
    }

    /**
     * Downloads the task's takes (two at most), checks each is audio, and stores them as {@code <prefix>-<n>.mp3}.
     *
     * @return their S3 locations, in order
     */
    public List<String> storeClips(String prefix, SunoTask task) {
        List<String> locations = new ArrayList<>();
        List<SunoClip> clips = task.clips().subList(0, Math.min(2, task.clips().size()));
        for (int n = 1; n <= clips.size(); n++) {
            String key = prefix + "-" + n + ".mp3";
            put(key, download(clips.get(n - 1).audioUrl()));
            locations.add("s3://" + bucket + "/" + key);
        }
        if (locations.isEmpty()) {
            throw new PipelineException("Audio.NotReady", "Suno reports no clips");
        }
        return locations;
    }

    private byte[] download(String url) {
        HttpResponse<byte[]> response;
        try {
            response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(downloadTimeout).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new PipelineException("Audio.DownloadFailed", "Download failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PipelineException("Audio.DownloadFailed", "Download interrupted", e);
        }
        if (response.statusCode() != 200) {
            throw new PipelineException("Audio.DownloadFailed", "Download answered HTTP " + response.statusCode());
        }
        String type = response.headers().firstValue("Content-Type").orElse("");
        byte[] body = response.body();
        if (body.length == 0) {
            throw new PipelineException("Audio.Invalid", "The audio file is empty");
        }
        if (!type.startsWith("audio/") && !(type.startsWith("application/octet-stream") && looksLikeMp3(body))) {
            throw new PipelineException("Audio.Invalid", "Not an audio file (Content-Type '" + type + "')");
        }
        return body;
    }

    private void put(String key, byte[] audio) {
        try {
            s3.putObject(PutObjectRequest.builder().bucket(bucket).key(key).contentType("audio/mpeg").build(),
                    RequestBody.fromBytes(audio));
        } catch (SdkException | UncheckedIOException e) {
            // the URL-connection HTTP client reports a connection S3 dropped mid-request as UncheckedIOException
            throw new StorageUnavailableException("Could not store " + key + ": " + e.getMessage(), e);
        }
    }

    private static boolean looksLikeMp3(byte[] body) {
        return body.length > 3 && ((body[0] == 'I' && body[1] == 'D' && body[2] == '3')
                || ((body[0] & 0xFF) == 0xFF && (body[1] & 0xE0) == 0xE0));
    }
}
