package com.beatgen.functions.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One log event as one line of JSON, the fields of Powertools' Lambda layout: {@code level}, {@code message},
 * {@code error} ({@code name}, {@code message}, {@code stack}: the whole stack trace in one string, so it stays on its
 * line), every MDC entry at the top level (Powertools' {@code function_request_id}, {@code cold_start},
 * {@code service} …, and ours, such as {@code jobId}) and {@code timestamp} (UTC, milliseconds). Written with
 * jackson-core's generator, which escapes what a message carries.
 *
 * <p>Powertools ships such an encoder for logback ({@code powertools-logging-logback}), and it is what this class would
 * be; that module is not served by the registry this project builds from.
 */
public final class LambdaJsonEncoder extends EncoderBase<ILoggingEvent> {

    /** The fields this encoder writes itself: an MDC entry of the same name is left out, not written twice. */
    private static final Set<String> OWN_FIELDS = Set.of("level", "message", "error", "timestamp");

    /**
     * Built for the first line, not when logging is configured: that is the part of a cold start no other thread may
     * log during, and jackson-core's factory and the pattern are some 20 ms of it.
     */
    private static final class Writing {
        static final JsonFactory JSON = new JsonFactory();
        static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
                .withZone(ZoneOffset.UTC);
    }

    @Override
    public byte[] headerBytes() {
        return null;
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        try (JsonGenerator out = Writing.JSON.createGenerator(line)) {
            out.writeStartObject();
            out.writeStringField("level", event.getLevel().toString());
            out.writeStringField("message", event.getFormattedMessage());
            IThrowableProxy error = event.getThrowableProxy();
            if (error != null) {
                out.writeObjectFieldStart("error");
                out.writeStringField("message", error.getMessage());
                out.writeStringField("name", error.getClassName());
                out.writeStringField("stack", ThrowableProxyUtil.asString(error));
                out.writeEndObject();
            }
            for (Map.Entry<String, String> entry : new TreeMap<>(event.getMDCPropertyMap()).entrySet()) {
                if (entry.getValue() != null && !OWN_FIELDS.contains(entry.getKey())) {
                    out.writeStringField(entry.getKey(), entry.getValue());
                }
            }
            out.writeStringField("timestamp", Writing.TIMESTAMP.format(event.getInstant()));
            out.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        line.write('\n');
        return line.toByteArray();
    }

    @Override
    public byte[] footerBytes() {
        return null;
    }
}
