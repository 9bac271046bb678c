package dev.stowage.bus.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.event.Topics;
import dev.stowage.oci.Platform;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Which subscriptions name their topics outright (and so have them created at subscribe). */
class NamedTopicsTest {
    @Test
    void topicsNamedOutrightAreFound() {
        assertThat(KafkaEventBus.namedTopics(Topics.exactly(Topics.BUILD_REQUESTED))).containsExactly(Topics.BUILD_REQUESTED);
        assertThat(KafkaEventBus.namedTopics(Topics.exactly(Topics.BUILD_REQUESTED, Topics.LAYER_BUILT)))
                .containsExactly(Topics.BUILD_REQUESTED, Topics.LAYER_BUILT);
        assertThat(KafkaEventBus.namedTopics(Topics.layerTaskPattern(Platform.parse("linux/arm64"))))
                .containsExactly(Topics.layerTasks(Platform.parse("linux/arm64")));
    }

    @Test
    void realPatternsNameNothing() {
        assertThat(KafkaEventBus.namedTopics(Topics.layerTaskPattern(null))).isEmpty();
        assertThat(KafkaEventBus.namedTopics(Pattern.compile("stowage\\..*"))).isEmpty();
        assertThat(KafkaEventBus.namedTopics(Pattern.compile(Pattern.quote("a") + "|b"))).isEmpty();
        assertThat(KafkaEventBus.namedTopics(Pattern.compile(""))).isEmpty();
    }
}
