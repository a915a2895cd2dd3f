package com.beatgen.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class QueryParamsTest {

    @Test
    void anyRfc3339TimeIsAValidBoundAndOneOutsideMysqlsRangeIsTakenAsItsEdge() {
        // a schema-valid request schemathesis found refused: the document allows any date-time
        QueryParams params = new QueryParams(ApiRequest.of("GET",
                "/api/jobs?to=0491-08-30T04%3A35%3A39-16%3A34&from=%2B12026-01-01T00%3A00%3A00Z", "127.0.0.1"), Set.of("from", "to"));
        Instant to = params.instant("to").orElseThrow();
        Instant from = params.instant("from").orElseThrow();
        params.validate();
        assertThat(to).isEqualTo(Instant.parse("1000-01-01T00:00:00Z"));
        assertThat(from).isEqualTo(Instant.parse("9999-12-31T00:00:00Z"));
    }
}
