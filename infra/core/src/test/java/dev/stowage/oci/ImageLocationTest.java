package dev.stowage.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Where an image is written: one parse, and the same text back (the JSON form in events). */
class ImageLocationTest {
    @Test
    void eachTransportAndItsTextBack() {
        for (String text : List.of("oci:/tmp/layout", "oci:rel/dir:with-colon", "docker-archive:/tmp/a.tar", "docker-archive:-",
                "docker://127.0.0.1:5000/team/app", "docker://reg.example/app:1.0", "docker-daemon:app", "docker-daemon:localhost:5000/team/app:v2")) {
            assertThat(ImageLocation.parse(text)).as(text).hasToString(text);
            assertThat(ImageLocation.parse(ImageLocation.parse(text).toString())).isEqualTo(ImageLocation.parse(text));
        }
        assertThat(ImageLocation.parse("oci:/tmp/x")).isEqualTo(new ImageLocation.OciLayout("/tmp/x"));
        assertThat(((ImageLocation.DockerArchive) ImageLocation.parse("docker-archive:-")).toStdout()).isTrue();
        assertThat(((ImageLocation.DockerArchive) ImageLocation.parse("docker-archive:/a.tar")).toStdout()).isFalse();
        ImageLocation.Registry registry = (ImageLocation.Registry) ImageLocation.parse("docker://127.0.0.1:5000/team/app");
        assertThat(registry.name().tag()).isNull();
        assertThat(registry.target()).hasToString("127.0.0.1:5000/team/app:latest");
        assertThat(registry.tags(List.of("1.0", "stable"))).containsExactly("1.0", "stable");
        assertThat(((ImageLocation.Registry) ImageLocation.parse("docker://h.example/app:v2")).tags(List.of("1.0"))).containsExactly("v2");
        ImageLocation.DockerDaemon daemon = (ImageLocation.DockerDaemon) ImageLocation.parse("docker-daemon:team/app");
        assertThat(daemon.repoTag()).isEqualTo("team/app:latest");
        assertThat(((ImageLocation.DockerDaemon) ImageLocation.parse("docker-daemon:app:1.0")).repoTag()).isEqualTo("app:1.0");
    }

    @Test
    void jsonIsTheText() throws Exception {
        List<ImageLocation> all = List.of(ImageLocation.parse("oci:/tmp/o"), ImageLocation.parse("docker://reg.example/a:1"),
                ImageLocation.parse("docker-daemon:a"), ImageLocation.parse("docker-archive:-"));
        String json = Json.canonicalString(all);
        assertThat(json).isEqualTo("[\"oci:/tmp/o\",\"docker://reg.example/a:1\",\"docker-daemon:a\",\"docker-archive:-\"]");
        assertThat(List.of(Json.read(json.getBytes(StandardCharsets.UTF_8), ImageLocation[].class))).isEqualTo(all);
    }

    @Test
    void badLocationsSayWhy() {
        assertThatThrownBy(() -> ImageLocation.parse("ftp://example.org/x")).hasMessage("output 'ftp://example.org/x' must be oci:DIR, "
                + "docker-archive:FILE, docker-archive:- (stdout), docker://REF or docker-daemon:NAME:TAG");
        assertThatThrownBy(() -> ImageLocation.parse(null)).hasMessage("output is missing");
        for (String empty : List.of("oci:", "docker-archive:", "docker://", "docker-daemon: ")) {
            assertThatThrownBy(() -> ImageLocation.parse(empty)).as(empty).hasMessage("output location is empty");
        }
        assertThatThrownBy(() -> ImageLocation.parse("docker://alice:hunter2@127.0.0.1:5000/app:1"))
                .hasMessage("output references must not carry credentials");
        assertThatThrownBy(() -> ImageLocation.parse("docker://app")).hasMessage("image reference needs a registry host: 'app'");
        assertThatThrownBy(() -> ImageLocation.parse("docker://127.0.0.1:5999/Team/App:1.0")).hasMessage("bad repository name 'Team/App'");
        assertThatThrownBy(() -> ImageLocation.parse("docker://127.0.0.1:5000/app@sha256:" + "a".repeat(64))).hasMessageContaining("not a digest");
        assertThatThrownBy(() -> ImageLocation.parse("docker-daemon:Upper/Case:1")).hasMessageContaining("'Upper'");
        assertThatThrownBy(() -> new ImageLocation.Registry(new ImageName(null, "app", null, null))).hasMessageContaining("registry host");
    }
}
