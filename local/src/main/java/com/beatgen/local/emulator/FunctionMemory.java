package com.beatgen.local.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The functions' memory (MB) as the SAM template gives it: a function's own {@code MemorySize}, else the
 * {@code Globals} one. Lambda sizes the environment, and so the JVM's view of the machine, by it.
 *
 * @param byResource a function's logical id → its memory
 * @param byHandler  a handler class ({@code com.beatgen.functions.PollMusicHandler}) → its function's memory
 * @param global     the memory of a function that sets none
 */
public record FunctionMemory(Map<String, Integer> byResource, Map<String, Integer> byHandler, int global) {

    /** Reads {@code template} (CloudFormation's short-form tags are read as plain values: only memory and handlers matter). */
    public static FunctionMemory read(Path template) {
        JsonNode sam;
        try {
            sam = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(template).replaceAll("!(\\w+)", ""));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the SAM template " + template.toAbsolutePath(), e);
        }
        int global = sam.path("Globals").path("Function").path("MemorySize").asInt(128);
        Map<String, Integer> byResource = new HashMap<>();
        Map<String, Integer> byHandler = new HashMap<>();
        sam.path("Resources").fields().forEachRemaining(resource -> {
            if (!"AWS::Serverless::Function".equals(resource.getValue().path("Type").asText())) {
                return;
            }
            JsonNode properties = resource.getValue().path("Properties");
            int memory = properties.path("MemorySize").isNumber() ? properties.path("MemorySize").asInt() : global;
            byResource.put(resource.getKey(), memory);
            String handler = properties.path("Handler").asText("");
            if (!handler.isEmpty()) {
                byHandler.put(handler.split("::")[0], memory);
            }
        });
        return new FunctionMemory(Map.copyOf(byResource), Map.copyOf(byHandler), global);
    }

    /** The memory of the function whose logical id is {@code resource}; the global memory for one the template lacks. */
    public int ofResource(String resource) {
        return byResource.getOrDefault(resource, global);
    }

    /** The memory of the function served by {@code handler} ({@code class} or {@code class::method}). */
    public int ofHandler(String handler) {
        return byHandler.getOrDefault(handler.split("::")[0], global);
    }
}
