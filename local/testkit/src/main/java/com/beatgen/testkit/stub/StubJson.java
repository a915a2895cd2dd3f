package com.beatgen.testkit.stub;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;

/** The stub's Jackson mapper: what the providers send is plain JSON. */
final class StubJson {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private StubJson() {
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
