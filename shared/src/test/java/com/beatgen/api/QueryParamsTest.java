package com.beatgen.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    @Test
    void numericOffsetsGoToTwentyThreeFiftyNineAsRfc3339Says() {
        // schemathesis: from=0301-04-09T03:54:24+21:35 was refused (Java's offsets stop at ±18:00)
        QueryParams params = new QueryParams(ApiRequest.of("GET",
                "/api/jobs?from=2026-11-27T22%3A42%3A11.284%2B21%3A35&to=2026-11-27T01%3A00%3A00-23%3A59", "127.0.0.1"),
                Set.of("from", "to"));
        Instant from = params.instant("from").orElseThrow();
        Instant to = params.instant("to").orElseThrow();
        params.validate();
        assertThat(from).isEqualTo(Instant.parse("2026-11-27T01:07:11.284Z"));
        assertThat(to).isEqualTo(Instant.parse("2026-11-28T00:59:00Z"));

        QueryParams refused = new QueryParams(ApiRequest.of("GET", "/api/jobs?from=2026-11-27T22%3A42%3A11%2B24%3A00",
                "127.0.0.1"), Set.of("from"));
        assertThat(refused.instant("from")).isEmpty();
        assertThatThrownBy(refused::validate).isInstanceOf(ApiException.class);
    }
}
