package dev.stowage.publisher.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.error.BadInputException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where the Engine API socket comes from (the docker-daemon names themselves: core's ImageNameTest). */
class DockerEngineTest {
    @Test
    void socketFromDockerHostOrTheDefault() {
        assertThat(DockerEngine.fromVariables(Map.of()).socket()).isEqualTo(DockerEngine.DEFAULT_SOCKET);
        assertThat(DockerEngine.fromVariables(Map.of("DOCKER_HOST", "unix:///run/user/0/podman/podman.sock")).socket())
                .hasToString("/run/user/0/podman/podman.sock");
        assertThatThrownBy(() -> DockerEngine.fromVariables(Map.of("DOCKER_HOST", "tcp://127.0.0.1:2375")))
                .isInstanceOf(BadInputException.class).hasMessageStartingWith("DOCKER_HOST: ");
    }
}
