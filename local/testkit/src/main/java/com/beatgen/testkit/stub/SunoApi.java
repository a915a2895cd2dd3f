package com.beatgen.testkit.stub;

import static com.beatgen.testkit.stub.ProviderStub.json;
import static com.beatgen.testkit.stub.ProviderStub.object;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

import com.beatgen.testkit.stub.ProviderStub.Api;
import com.beatgen.testkit.stub.ProviderStub.Fault;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.QueryParameter;
import com.github.tomakehurst.wiremock.http.Request;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The sunoapi.org shape: {@code POST /api/v1/generate}, {@code GET /api/v1/generate/record-info?taskId=…},
 * {@code GET /api/v1/generate/credit}. Errors travel in the JSON {@code code} field with HTTP 200, except plain
 * throttling (HTTP 429) and an unavailable gateway (HTTP 503).
 */
final class SunoApi {

    static final String INSUFFICIENT = "Your credits are insufficient. Please top up.";
    private static final String GENERATE = "POST /api/v1/generate";
    private static final String RECORD_INFO = "GET /api/v1/generate/record-info";
    private static final String CREDIT = "GET /api/v1/generate/credit";
    private static final Set<Fault> TASK_FAULTS =
            EnumSet.of(Fault.BLOCKED, Fault.SUNO_GENERATION_FAILED, Fault.SUNO_SUCCESS_WITHOUT_AUDIO);
    private static final DateTimeFormatter CREATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final java.util.regex.Pattern AUDIO_FILE = java.util.regex.Pattern.compile("([0-9a-f]{32})-(\\d+)(?:-stream)?\\.mp3");
    private static final int DEFAULT_BPM = 90;

    private final ProviderStub stub;
    private final Map<String, Task> tasks = new ConcurrentHashMap<>();

    SunoApi(ProviderStub stub) {
        this.stub = stub;
    }

    void clear() {
        tasks.clear();
    }

    ResponseDefinitionBuilder handle(Request request, String path) {
        String key = ProviderStub.bearer(request);
        if (key == null) {
            return code(401, "Unauthorized");
        }
        stub.sawSunoKey(key);
        String route = request.getMethod() + " " + path;
        if (!route.equals(GENERATE) && !route.equals(RECORD_INFO) && !route.equals(CREDIT)) {
            return code(404, "Not found: " + route);
        }
        Task task = route.equals(RECORD_INFO) ? tasks.get(taskId(request)) : null;
        Fault fault = stub.takeFault(Api.SUNO, key, f -> task != null || !TASK_FAULTS.contains(f));
        ResponseDefinitionBuilder faulted = fault == null ? null : faultAnswer(fault);
        if (faulted != null) {
            return faulted;
        }
        ResponseDefinitionBuilder answer = switch (route) {
            case GENERATE -> generate(request, key);
            case CREDIT -> success(StubJson.MAPPER.getNodeFactory().numberNode(stub.credits(key)));
            default -> task == null ? code(404, "Task not found") : recordInfo(task, fault);
        };
        return fault == Fault.TIMEOUT ? answer.withFixedDelay(stub.timeoutDelayMillis()) : answer;
    }

    /**
     * A clip's audio, {@code /files/<task>-<n>.mp3} (or its stream URL): a beat generated at the tempo the task's style or
     * prompt names (90 BPM when none), distinct per clip, the same at every download.
     */
    ResponseDefinitionBuilder audio(String file) {
        java.util.regex.Matcher name = AUDIO_FILE.matcher(file);
        if (!name.matches()) {
            return code(404, "Not found: " + file);
        }
        Task task = tasks.get(name.group(1));
        int clip = Integer.parseInt(name.group(2));
        byte[] mp3;
        try {
            mp3 = (task == null ? BeatAudio.encodeLater(DEFAULT_BPM, file.hashCode()) : task.clip(clip)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not make the audio of " + file, e);
        }
        return aResponse().withStatus(200).withHeader("Content-Type", "audio/mpeg").withBody(mp3);
    }

    /** The answer of a fault that replaces the whole answer; null for TIMEOUT and the task faults. */
    private static ResponseDefinitionBuilder faultAnswer(Fault fault) {
        return switch (fault) {
            case RATE_LIMITED -> aResponse().withStatus(429).withHeader("Content-Type", "text/plain")
                    .withHeader("Retry-After", "1").withBody("Too Many Requests");
            case UNAVAILABLE -> aResponse().withStatus(503).withHeader("Content-Type", "text/html")
                    .withBody("<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>");
            case SERVER_ERROR -> code(500, "Server error, please try again later.");
            case SUNO_MAINTENANCE_455 -> code(455, "The system is under maintenance. Please try again later.");
            case SUNO_KEY_RATE_LIMITED_430 -> code(430, "Your call frequency is too high. Please try again later.");
            case SUNO_KEY_RATE_LIMITED_405 -> code(405, "Rate limit exceeded. Please try again later.");
            case OUT_OF_CREDIT -> code(429, INSUFFICIENT);
            case UNAUTHORIZED -> code(401, "Unauthorized");
            case MALFORMED_BODY -> aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                    .withBody("{\"code\":200,\"msg\":\"success\",\"data\":{\"taskId\":\"");
            default -> null;
        };
    }

    private ResponseDefinitionBuilder generate(Request request, String key) {
        JsonNode body = ProviderStub.parse(request);
        String problem = body == null ? "Invalid request body: JSON object expected" : problem(body);
        if (problem != null) {
            return code(400, problem);
        }
        if (!stub.debit(key, ProviderStub.GENERATION_COST)) {
            return code(429, INSUFFICIENT);
        }
        Task task = new Task(ProviderStub.hex32(), body);
        tasks.put(task.id, task);
        stub.callbacks().created(task.id, body.path("callBackUrl").asText(""), () -> complete(task));
        return success(object().put("taskId", task.id));
    }

    /** What is wrong with a generate request, or null. */
    private static String problem(JsonNode body) {
        for (String flag : new String[] {"customMode", "instrumental"}) {
            if (!body.path(flag).isBoolean()) {
                return "Please enter " + flag + " (true or false).";
            }
        }
        if (blank(body, "callBackUrl")) {
            return "Please enter callBackUrl.";
        }
        if (!body.get("customMode").asBoolean()) {
            if (blank(body, "prompt")) {
                return "Please enter prompt.";
            }
            return body.get("prompt").asText().length() > 500 ? "prompt cannot exceed 500 characters." : null;
        }
        for (String field : new String[] {"style", "title"}) {
            if (blank(body, field)) {
                return "Please enter " + field + ".";
            }
        }
        if (!body.get("instrumental").asBoolean() && blank(body, "prompt")) {
            return "Please enter prompt (lyrics are required when instrumental is false).";
        }
        int maxTitle = "V4".equals(body.path("model").asText()) ? 80 : 100;
        if (body.get("style").asText().length() > 1000) {
            return "style cannot exceed 1000 characters.";
        }
        return body.get("title").asText().length() > maxTitle
                ? "title cannot exceed " + maxTitle + " characters." : null;
    }

    private ResponseDefinitionBuilder recordInfo(Task task, Fault fault) {
        if (fault == Fault.BLOCKED) {
            task.fail("SENSITIVE_WORD_ERROR", 400, "Your prompt contains sensitive words. Please modify and try"
                    + " again.");
        } else if (fault == Fault.SUNO_GENERATION_FAILED) {
            task.fail("GENERATE_AUDIO_FAILED", 500, "Audio generation failed. Please try again.");
        } else if (fault == Fault.SUNO_SUCCESS_WITHOUT_AUDIO) {
            task.done = true;   // the next poll (once the fault is used up) is a normal SUCCESS
            return success(record(task, "SUCCESS", 0, 2));
        }
        if (task.failure != null) {
            return success(record(task, task.failure, 0, 0));
        }
        int poll = task.polls.getAndIncrement();
        int needed = stub.pollsUntilSuccess();
        if (task.done || poll >= needed) {
            task.done = true;
            return success(record(task, "SUCCESS", 2, 2));
        }
        String status = poll == 0 ? "PENDING" : poll == needed - 1 ? "FIRST_SUCCESS"
                : poll == needed - 2 ? "TEXT_SUCCESS" : "PENDING";
        return switch (status) {
            case "TEXT_SUCCESS" -> success(record(task, status, 0, 2));
            case "FIRST_SUCCESS" -> success(record(task, status, 1, 2));
            default -> success(record(task, status, 0, 0));
        };
    }

    /** The task finished on its own (as Suno's do): its complete callback's {@code data.data}. */
    private ArrayNode complete(Task task) {
        task.done = true;
        ArrayNode clips = StubJson.MAPPER.createArrayNode();
        record(task, "SUCCESS", 2, 2).path("response").path("sunoData").forEach(clip -> clips.addObject()
                .put("id", clip.path("id").asText()).put("audio_url", clip.path("audioUrl").asText())
                .put("title", clip.path("title").asText()).put("duration", 3.0));
        return clips;
    }

    /** The ids of the tasks created so far, in order. */
    java.util.List<String> taskIds() {
        return tasks.values().stream().sorted(java.util.Comparator.comparing(t -> t.created)).map(t -> t.id).toList();
    }

    /** A record-info {@code data}: {@code clips} clips, the first {@code withAudio} of them with an audio URL. */
    private ObjectNode record(Task task, String status, int withAudio, int clips) {
        ObjectNode data = object()
                .put("taskId", task.id)
                .put("parentMusicId", "")
                .put("param", task.param);
        ObjectNode response = data.putObject("response").put("taskId", task.id);
        ArrayNode sunoData = response.putArray("sunoData");
        String files = stub.baseUrl() + "/files/" + task.id + "-";
        for (int n = 1; n <= clips; n++) {
            boolean audio = n <= withAudio;
            sunoData.addObject()
                    .put("id", UUID.nameUUIDFromBytes((task.id + n).getBytes(StandardCharsets.UTF_8)).toString())
                    .put("audioUrl", audio ? files + n + ".mp3" : "")
                    .put("streamAudioUrl", files + n + "-stream.mp3")
                    .put("imageUrl", files + n + ".jpeg")
                    .put("prompt", task.prompt)
                    .put("modelName", task.modelName)
                    .put("title", task.title)
                    .put("tags", task.style)
                    .put("createTime", task.createTime)
                    .put("duration", "SUCCESS".equals(status) ? Math.round(BeatAudio.seconds(task.bpm) * 100) / 100.0 : null);
        }
        data.put("status", status)
                .put("type", "GENERATE")
                .put("operationType", "generate");
        if (task.failure != null && task.failure.equals(status)) {
            data.put("errorCode", task.errorCode).put("errorMessage", task.errorMessage);
        } else {
            data.putNull("errorCode").putNull("errorMessage");
        }
        return data;
    }

    private static String taskId(Request request) {
        QueryParameter taskId = request.queryParameter("taskId");
        return taskId.isPresent() ? taskId.firstValue() : "";
    }

    private static boolean blank(JsonNode body, String field) {
        return !body.path(field).isTextual() || body.get(field).asText().isBlank();
    }

    private static ResponseDefinitionBuilder success(JsonNode data) {
        ObjectNode body = object().put("code", 200).put("msg", "success");
        body.set("data", data);
        return json(200, body);
    }

    /** An error the sunoapi.org way: HTTP 200, the status in {@code code}. */
    private static ResponseDefinitionBuilder code(int code, String msg) {
        ObjectNode body = object().put("code", code).put("msg", msg);
        body.putNull("data");
        return json(200, body);
    }

    /** A generation task; a failure, once answered, sticks. */
    private static final class Task {
        final String id;
        final String param;
        final String title;
        final String style;
        final String prompt;
        final String modelName;
        final int bpm;
        final Map<Integer, java.util.concurrent.CompletableFuture<byte[]>> clips = new ConcurrentHashMap<>();
        final String createTime = LocalDateTime.now().format(CREATE_TIME);
        final AtomicInteger polls = new AtomicInteger();
        final long created = System.nanoTime();
        volatile boolean done;
        volatile String failure;
        volatile int errorCode;
        volatile String errorMessage;

        Task(String id, JsonNode body) {
            this.id = id;
            ObjectNode param = object();
            for (String field : new String[] {"prompt", "style", "title", "customMode", "instrumental", "model"}) {
                if (body.has(field)) {
                    param.set(field, body.get(field));
                }
            }
            this.param = StubJson.write(param);
            this.title = body.path("title").asText("");
            this.style = body.path("style").asText("");
            this.prompt = body.path("prompt").asText("");
            this.modelName = "chirp-" + body.path("model").asText("V4_5").toLowerCase(Locale.ROOT).replace('_', '-');
            this.bpm = Brief.bpm(style + " " + prompt).orElse(DEFAULT_BPM);
            clip(1);   // encoded while the task "generates": a download does not wait for the encoder
            clip(2);
        }

        /** Clip {@code n}'s MP3, encoded once, off the request thread. */
        java.util.concurrent.CompletableFuture<byte[]> clip(int n) {
            return clips.computeIfAbsent(n, k -> BeatAudio.encodeLater(bpm, (id + "-" + k).hashCode()));
        }

        synchronized void fail(String status, int code, String message) {
            errorCode = code;
            errorMessage = message;
            failure = status;
        }
    }
}
