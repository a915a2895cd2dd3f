package com.beatgen.local.up;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.beatgen.Json;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * The catalog's way in locally, as in AWS: the file's content is put into the local catalog bucket, and the
 * CatalogSync handler gets the {@code ObjectCreated:Put} notification S3 would send (key URL-encoded, ETag, size,
 * sequencer), deserialized by the Java Lambda runtime's own event serializer.
 */
public final class LocalCatalogDelivery {

    public static final String BUCKET = "beatgen-local-catalog";
    private static final AtomicLong SEQUENCER = new AtomicLong(System.currentTimeMillis() * 1_000_000L);

    /** One delivery: the handler's record (outcome, counts) or its failure, and how long put + sync took. */
    public record Delivery(String key, Map<String, Object> record, RuntimeException failure, Duration took) {
        public boolean failed() {
            return failure != null;
        }
    }

    private final S3Client s3;
    private final String bucket;
    private final String key;
    private final RequestHandler<S3Event, Map<String, Object>> handler;
    private final Clock clock;
    private final PojoSerializer<S3Event> serializer = LambdaEventSerializers.serializerFor(S3Event.class,
            LocalCatalogDelivery.class.getClassLoader());

    public LocalCatalogDelivery(S3Client s3, String bucket, String key, RequestHandler<S3Event, Map<String, Object>> handler,
                                Clock clock) {
        this.s3 = s3;
        this.bucket = bucket;
        this.key = key;
        this.handler = handler;
        this.clock = clock;
    }

    public Delivery deliver(byte[] content) {
        long start = System.nanoTime();
        PutObjectResponse put = s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(content));
        String notification = Json.write(objectCreated(bucket, key, content.length, put.eTag(), put.versionId(), clock.instant()));
        S3Event event = serializer.fromJson(notification);
        try {
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> records = (List<Map<String, Object>>) handler.handleRequest(event, null).get("records");
            return new Delivery(key, records.get(0), null, Duration.ofNanos(System.nanoTime() - start));
        } catch (RuntimeException e) {
            return new Delivery(key, Map.of(), e, Duration.ofNanos(System.nanoTime() - start));
        }
    }

    /** The notification S3 sends for a PUT (event structure version 2.1). */
    public static Map<String, Object> objectCreated(String bucket, String key, long size, String eTag, String versionId, Instant time) {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("key", encodeKey(key));
        object.put("size", size);
        object.put("eTag", eTag == null ? null : eTag.replace("\"", ""));
        if (versionId != null) {
            object.put("versionId", versionId);
        }
        object.put("sequencer", String.format("%018X", SEQUENCER.incrementAndGet())); // grows with each PUT, as in S3
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("eventVersion", "2.1");
        record.put("eventSource", "aws:s3");
        record.put("awsRegion", "us-east-1");
        record.put("eventTime", time.toString());
        record.put("eventName", "ObjectCreated:Put");
        record.put("userIdentity", Map.of("principalId", "AWS:LOCAL"));
        record.put("requestParameters", Map.of("sourceIPAddress", "127.0.0.1"));
        record.put("responseElements", Map.of("x-amz-request-id", "LOCAL", "x-amz-id-2", "LOCAL"));
        record.put("s3", Map.of(
                "s3SchemaVersion", "1.0",
                "configurationId", "CatalogSyncTrigger",
                "bucket", Map.of("name", bucket, "ownerIdentity", Map.of("principalId", "LOCAL"), "arn", "arn:aws:s3:::" + bucket),
                "object", object));
        return Map.of("Records", List.of(record));
    }

    /** As S3 writes keys into notifications: URL-encoded as a form value (a space is {@code +}), slashes kept. */
    static String encodeKey(String key) {
        return Arrays.stream(key.split("/", -1)).map(part -> URLEncoder.encode(part, StandardCharsets.UTF_8))
                .collect(Collectors.joining("/"));
    }
}
