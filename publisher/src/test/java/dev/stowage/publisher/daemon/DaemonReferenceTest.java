package dev.stowage.publisher.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.error.BadInputException;
import dev.stowage.event.OutputTarget;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** skopeo's docker-daemon reference syntax, and where the Engine API socket comes from. */
class DaemonReferenceTest {
    private static DaemonReference of(String location) {
        return DaemonReference.of(OutputTarget.parse("docker-daemon:" + location));
    }

    @Test
    void nameAndTagWithLatestAsTheDefault() {
        assertThat(of("app:1.0")).isEqualTo(new DaemonReference("app", "1.0"));
        assertThat(of("team/app")).isEqualTo(new DaemonReference("team/app", "latest"));
        assertThat(of("localhost:5000/team/app:v2")).isEqualTo(new DaemonReference("localhost:5000/team/app", "v2"));
        assertThat(of("registry.example.org/a/b")).hasToString("registry.example.org/a/b:latest");
    }

    @Test
    void refusesWhatDockerWouldRefuseNamingTheOutput() {
        for (String bad : new String[] {"App:1", "app:-x", "app@sha256:" + "a".repeat(64), "team//app", "app:" + "t".repeat(129),
                "bad_host:5000/app", "a".repeat(256)}) {
            assertThatThrownBy(() -> of(bad)).as(bad).isInstanceOf(BadInputException.class)
                    .hasMessageStartingWith("docker-daemon:" + bad + ": ");
        }
    }

    @Test
    void socketFromDockerHostOrTheDefault() {
        assertThat(DockerEngine.fromVariables(Map.of()).socket()).isEqualTo(DockerEngine.DEFAULT_SOCKET);
        assertThat(DockerEngine.fromVariables(Map.of("DOCKER_HOST", "unix:///run/user/0/podman/podman.sock")).socket())
                .hasToString("/run/user/0/podman/podman.sock");
        assertThatThrownBy(() -> DockerEngine.fromVariables(Map.of("DOCKER_HOST", "tcp://127.0.0.1:2375")))
                .isInstanceOf(BadInputException.class).hasMessageStartingWith("DOCKER_HOST: ");
    }
}
