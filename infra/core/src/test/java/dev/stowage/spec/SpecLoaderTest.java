package dev.stowage.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.error.BadInputException;
import dev.stowage.nix.StorePath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpecLoaderTest {
    static final String A = "/nix/store/0c1mlhzvq5mqgsqhgjkjhnvnl4vm6r1k-app-1.0";
    static final String B = "/nix/store/9f9rjwlq8vfg1kz2qf0yk3bk2l0i9w9a-lib-2.0";
    static final String HASH = "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";
    @TempDir Path dir;

    @BeforeEach
    void closure() throws IOException {
        Files.writeString(dir.resolve("closure.json"), "[{\"path\":\"" + A + "\",\"narHash\":\"" + HASH + "\",\"narSize\":10,\"references\":[\"" + B + "\"]},"
                + "{\"path\":\"" + B + "\",\"narHash\":\"" + HASH + "\",\"narSize\":20,\"references\":[]}]");
    }

    private Path spec(String json) throws IOException {
        return Files.writeString(dir.resolve("image.json"), json);
    }

    private static String platforms(String extra) {
        return "\"platforms\":[{\"platform\":\"linux/amd64\",\"closure\":\"closure.json\"" + extra + "}]";
    }

    @Test
    void appliesDefaultsAndFindsRoots() throws IOException {
        BuildInput input = SpecLoader.load(spec("{\"name\":\"registry.example:5000/team/app\"," + platforms("") + "}"));
        ImageSpec s = input.spec();
        assertThat(s.maxLayers()).isEqualTo(100);
        assertThat(s.compression()).isEqualTo(Compression.GZIP);
        assertThat(s.created()).isEqualTo(ImageSpec.DEFAULT_TIME);
        assertThat(s.storeDir()).isEqualTo("/nix/store");
        assertThat(s.repository()).isEqualTo("team/app");
        assertThat(input.platforms().get(0).roots()).containsExactly(StorePath.parse(A));
        assertThat(input.platforms().get(0).closure().size()).isEqualTo(2);
        assertThat(input.tag()).hasSize(32).isEqualTo(SpecLoader.load(dir.resolve("image.json")).tag());
    }

    @Test
    void unknownFieldIsNamed() throws IOException {
        Path f = spec("{\"name\":\"app\",\"maxLayer\":3," + platforms("") + "}");
        assertThatThrownBy(() -> SpecLoader.load(f)).isInstanceOf(BadInputException.class)
                .hasMessageContaining(f.toString()).hasMessageContaining("maxLayer");
    }

    @Test
    void wrongTypeIsNamedWithItsPath() throws IOException {
        Path f = spec("{\"name\":\"app\",\"maxLayers\":\"ten\"," + platforms("") + "}");
        assertThatThrownBy(() -> SpecLoader.load(f)).hasMessageContaining("maxLayers").hasMessageContaining("integer");
        Path g = spec("{\"name\":\"app\",\"config\":{\"Cmd\":\"/bin/sh\"}," + platforms("") + "}");
        assertThatThrownBy(() -> SpecLoader.load(g)).hasMessageContaining("config.Cmd");
    }

    @Test
    void maxLayersBelowTwoIsRejected() throws IOException {
        Path f = spec("{\"name\":\"app\",\"maxLayers\":1," + platforms("") + "}");
        assertThatThrownBy(() -> SpecLoader.load(f)).isInstanceOf(BadInputException.class).hasMessageContaining("maxLayers");
    }

    @Test
    void malformedStorePathNameInRootsIsNamed() throws IOException {
        Path f = spec("{\"name\":\"app\"," + platforms(",\"roots\":[\"/nix/store/0c1mlhzvq5mqgsqhgjkjhnvnl4vm6r1k-bad name\"]") + "}");
        assertThatThrownBy(() -> SpecLoader.load(f)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("platforms[0].roots").hasMessageContaining("bad name");
    }

    @Test
    void closureThatIsNotJsonNamesTheClosureFile() throws IOException {
        Files.writeString(dir.resolve("closure.json"), "this is not json");
        Path f = spec("{\"name\":\"app\"," + platforms("") + "}");
        assertThatThrownBy(() -> SpecLoader.load(f)).isInstanceOf(BadInputException.class)
                .hasMessageContaining(dir.resolve("closure.json").toString()).hasMessageContaining("not valid JSON");
    }

    @Test
    void missingClosureFileAndRootOutsideClosure() throws IOException {
        Path f = spec("{\"name\":\"app\",\"platforms\":[{\"platform\":\"linux/amd64\",\"closure\":\"nope.json\"}]}");
        assertThatThrownBy(() -> SpecLoader.load(f)).hasMessageContaining("nope.json").hasMessageContaining("no such file");
        Path g = spec("{\"name\":\"app\"," + platforms(",\"roots\":[\"/nix/store/1111111111111111111111111111111a-other-1\"]") + "}");
        assertThatThrownBy(() -> SpecLoader.load(g)).hasMessageContaining("not in the closure");
    }

    @Test
    void badNameTagPlatformAndStoreDir() throws IOException {
        assertThatThrownBy(() -> SpecLoader.load(spec("{\"name\":\"App\"," + platforms("") + "}"))).hasMessageContaining("name 'App'");
        assertThatThrownBy(() -> SpecLoader.load(spec("{\"name\":\"app\",\"tag\":\"-x\"," + platforms("") + "}"))).hasMessageContaining("tag");
        assertThatThrownBy(() -> SpecLoader.load(spec("{\"name\":\"app\",\"platforms\":[{\"platform\":\"linux\",\"closure\":\"c\"}]}")))
                .hasMessageContaining("platform must be os/architecture");
        assertThatThrownBy(() -> SpecLoader.load(spec("{\"name\":\"app\",\"storeDir\":\"/gnu/store\"," + platforms("") + "}")))
                .hasMessageContaining("not in storeDir /gnu/store");
        assertThatThrownBy(() -> SpecLoader.load(spec("{\"name\":\"app\",\"compression\":\"lz4\"," + platforms("") + "}")))
                .hasMessageContaining("compression");
    }
}
