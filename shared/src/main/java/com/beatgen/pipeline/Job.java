package com.beatgen.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/** A {@code beat_job} row: one execution's state between steps. */
public record Job(String id, String templateId, String status, String scheduleSlot, String executionId,
                  String sunoTaskId, String apiKeyId, int pollCount, JsonNode concept, String normalizedPrompt,
                  String promptRecordId, JsonNode metadata, String fileUrl, String altFileUrl, Double durationSeconds,
                  String beatId, String errorName, Instant createdAt) {
}
