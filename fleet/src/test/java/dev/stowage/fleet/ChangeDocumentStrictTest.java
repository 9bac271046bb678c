package dev.stowage.fleet;

import static dev.stowage.fleet.TestInputs.*;
import dev.stowage.fleet.webhook.ChangeDocument;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.event.EventHeader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Webhook bodies are read as strictly as specs: no scalar turned into text, no unknown or duplicate field. */
class ChangeDocumentStrictTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "\"source\":5,                                   | source",
        "\"source\":\"a\",\"source\":\"b\",              | source",
        "\"roots\":[{\"image\":42,\"roots\":[]}],        | roots[0].image",
        "\"roots\":[{\"image\":\"a\",\"platform\":1}],   | roots[0].platform",
        "\"roots\":[{\"image\":\"a\",\"roots\":[7]}],    | roots[0].roots",
        "\"roots\":[{\"image\":\"a\",\"tag\":\"x\"}],    | unknown field 'tag'",
        "\"replace\":[{\"from\":1,\"to\":2}],            | replace[0]",
        "\"replace\":[{\"from\":\"a\",\"to\":\"b\",\"x\":1}], | unknown field 'x'",
        "\"replace\":[5],                                | replace[0]",
    })
    void refusedNamingTheField(String fields, String mustName) {
        String body = "{" + fields + "\"closure\":" + pathInfoJson(List.of(info(TOOL))) + "}";
        assertThatThrownBy(() -> ChangeDocument.parse(body.getBytes(StandardCharsets.UTF_8),
                EventHeader.create("fleet-test", "test", Clock.systemUTC()), "test"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(mustName);
    }
}
