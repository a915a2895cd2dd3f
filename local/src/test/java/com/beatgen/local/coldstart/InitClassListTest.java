package com.beatgen.local.coldstart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class InitClassListTest {

    private static final String PRINTED = """
            [0.016s][info][class,load] java.lang.Object source: shared objects file
            [0.061s][info][class,load] com.amazonaws.services.lambda.runtime.api.client.AWSLambda source: file:/var/runtime/lib/ric.jar
            02 Dec 2026 03:23:39,574 [INFO] (rapid) INIT START(type: on-demand, phase: init)
            [0.117s][info][class,load] com.beatgen.functions.api.HealthApiHandler source: file:/var/task/lambda.jar
            [0.118s][info][class,load] org.slf4j.LoggerFactory source: file:/var/task/lambda.jar
            [0.118s][info][class,load] com.amazonaws.services.lambda.runtime.api.client.EventHandlerLoader source: file:/var/runtime/lib/ric.jar
            [0.119s][info][class,load] java.util.IdentityHashMap$KeySet source: shared objects file
            [0.120s][info][class,load] javax.naming.Context source: jrt:/java.naming
            [0.121s][info][class,load] com.beatgen.Json$$Lambda$12/0x0000000800c01234 source: com.beatgen.Json
            [0.122s][info][class,load] jdk.proxy2.$Proxy3 source: __dynamic_proxy__
            [0.123s][info][class,load] org.slf4j.LoggerFactory source: file:/var/task/lambda.jar
            """;

    @Test
    void theClassesFromTheHandlerOnFromTheJarOrTheJdksModulesInOrderNotTheRuntimeClients() {
        assertThat(InitClassList.loaded(PRINTED, "com.beatgen.functions.api.HealthApiHandler", "lambda.jar"))
                .containsExactly("com.beatgen.functions.api.HealthApiHandler", "org.slf4j.LoggerFactory", "javax.naming.Context");
    }

    @Test
    void withoutTheHandlersLineTheOutputIsNotAClassLoadLog() {
        assertThatThrownBy(() -> InitClassList.loaded("INIT START", "com.beatgen.functions.api.HealthApiHandler", "lambda.jar"))
                .hasMessageContaining(InitClassList.JVM_OPTION);
    }

    @Test
    void theCommonClassesKeepTheFirstListsOrder() {
        assertThat(InitClassList.common(List.of(List.of("a", "b", "c", "d"), List.of("d", "c", "a"), List.of("c", "a", "d", "e"))))
                .containsExactly("a", "c", "d");
    }
}
