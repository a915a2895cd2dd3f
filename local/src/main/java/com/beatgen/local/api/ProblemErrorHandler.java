package com.beatgen.local.api;

import com.beatgen.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.BadMessageException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpChannelOverHttp;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnection;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * Jetty's own answers of the local API server as {@code application/problem+json} (RFC 9457) instead of its HTML pages:
 * a request refused before any handler runs (a malformed escape in the path, a bad request line, headers too large)
 * and any error Jetty sends itself. Client errors name the problem; server errors say nothing of their cause.
 */
final class ProblemErrorHandler extends ErrorHandler {

    static final String PROBLEM_JSON = "application/problem+json";
    static final String MALFORMED_ESCAPE = "malformed percent-encoding in the request URL";

    /** A {@code %} not followed by two hexadecimal digits. */
    private static final Pattern BAD_ESCAPE = Pattern.compile("%(?![0-9A-Fa-f]{2})");

    /** A request Jetty could make into one (its URL parsed), answered after the error dispatch. */
    @Override
    public void handle(String target, Request baseRequest, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        baseRequest.setHandled(true);
        int status = response.getStatus();
        String detail = (String) request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
        String uri = baseRequest.getHttpURI() == null ? null : baseRequest.getHttpURI().toString();
        if (status == HttpStatus.BAD_REQUEST_400 && uri != null && BAD_ESCAPE.matcher(uri).find()) {
            detail = MALFORMED_ESCAPE;
        }
        byte[] body = problem(status, HttpStatus.getMessage(status), detail);
        response.setContentType(PROBLEM_JSON);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /** A request refused while it is parsed (bad request line or URL, headers too large …): no request object yet. */
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, PROBLEM_JSON);
        return ByteBuffer.wrap(problem(status, HttpStatus.getMessage(status), reason));
    }

    /** The problem document; {@code detail} only for client errors (a server error's message may carry internals). */
    static byte[] problem(int status, String title, String detail) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", title);
        problem.put("status", status);
        if (detail != null && !detail.isBlank() && status < 500) {
            problem.put("detail", detail);
        }
        try {
            return Json.MAPPER.writeValueAsBytes(problem);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The request's target as sent ({@code path?query}), also when Jetty refused it before making it a request. */
    static String target(Request request) {
        if (request.getHttpChannel() instanceof Channel channel && channel.target != null) {
            return channel.target;
        }
        return request.getHttpURI() == null ? "-" : request.getHttpURI().getPathQuery();
    }

    static String tooLarge(long maxBodyBytes) {
        return "request bodies are limited to " + maxBodyBytes + " bytes";
    }

    /**
     * HTTP/1.1 connections that refuse a declared body over the limit (413) when the headers are complete, before any
     * of it is read, and say why a URL was refused: Jetty decodes the path before any handler and refuses a malformed
     * {@code %}-escape as a plain "Bad Request"; these name it ({@link #MALFORMED_ESCAPE}).
     */
    static final class Connections extends HttpConnectionFactory {

        private final long maxBodyBytes;

        Connections(HttpConfiguration configuration, long maxBodyBytes) {
            super(configuration);
            this.maxBodyBytes = maxBodyBytes;
        }

        @Override
        public Connection newConnection(Connector connector, EndPoint endPoint) {
            HttpConnection connection = new HttpConnection(getHttpConfiguration(), connector, endPoint,
                    isRecordHttpComplianceViolations()) {
                @Override
                protected HttpChannelOverHttp newHttpChannel() {
                    return new Channel(this, getConnector(), getHttpConfiguration(), getEndPoint(), maxBodyBytes);
                }
            };
            connection.setUseInputDirectByteBuffers(isUseInputDirectByteBuffers());
            connection.setUseOutputDirectByteBuffers(isUseOutputDirectByteBuffers());
            return configure(connection, connector, endPoint);
        }
    }

    /** Checks the declared body length; remembers the request line's target, to name a malformed escape in it. */
    private static final class Channel extends HttpChannelOverHttp {

        private final long maxBodyBytes;
        private String target;
        private boolean tooLarge;

        Channel(HttpConnection connection, Connector connector, HttpConfiguration configuration, EndPoint endPoint,
                long maxBodyBytes) {
            super(connection, connector, configuration, endPoint, connection);
            this.maxBodyBytes = maxBodyBytes;
        }

        @Override
        public void parsedHeader(HttpField field) {
            if (field.getHeader() == HttpHeader.CONTENT_LENGTH) {
                try {
                    tooLarge = field.getLongValue() > maxBodyBytes;
                } catch (NumberFormatException e) {
                    throw new BadMessageException(HttpStatus.BAD_REQUEST_400, "invalid Content-Length");
                }
            }
            super.parsedHeader(field);
        }

        @Override
        public boolean headerComplete() {
            if (tooLarge) {
                throw new BadMessageException(HttpStatus.PAYLOAD_TOO_LARGE_413, tooLarge(maxBodyBytes));
            }
            return super.headerComplete();
        }

        @Override
        public void startRequest(String method, String uri, HttpVersion version) {
            target = uri;
            super.startRequest(method, uri, version);
        }

        @Override
        public void onBadMessage(BadMessageException failure) {
            BadMessageException named = failure;
            if (failure.getCode() == HttpStatus.BAD_REQUEST_400 && target != null && BAD_ESCAPE.matcher(target).find()) {
                named = new BadMessageException(HttpStatus.BAD_REQUEST_400, MALFORMED_ESCAPE, failure);
            }
            super.onBadMessage(named);
        }

        @Override
        public void recycle() {
            super.recycle();
            target = null;
            tooLarge = false;
        }
    }
}
