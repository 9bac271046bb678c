package dev.stowage.cli;

import dev.stowage.fleet.PlannerFleet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class PlannerFleetOptionsTest {
    @TempDir Path tmp;
    final CommandLine cl = new CommandLine(new ServeCommand());

    private PlannerFleetOptions options(String catalog, Path tokenFile) {
        PlannerFleetOptions o = new PlannerFleetOptions();
        o.catalog = catalog;
        o.tokenFile = tokenFile;
        return o;
    }

    @Test
    void theTokenComesFromTheFileWithoutItsLineEndAndIsNotInTheConfigsText() throws Exception {
        Path file = Files.writeString(tmp.resolve("token"), "s3cret-token\n");
        PlannerFleet.Config c = options("kafka://127.0.0.1:9/cat", file).config(cl, true, "127.0.0.1", Map.of(PlannerFleetOptions.TOKEN_ENV, "other"));
        assertThat(c.token()).isEqualTo("s3cret-token");
        assertThat(c.webhookPort()).isEqualTo(8081);
        assertThat(c.webhookHost()).isEqualTo("127.0.0.1");
        assertThat(c.toString()).doesNotContain("s3cret");
    }

    @Test
    void withoutAFileTheTokenComesFromTheEnvironment() {
        PlannerFleet.Config c = options("kafka://127.0.0.1:9/cat", null).config(cl, true, "0.0.0.0", Map.of(PlannerFleetOptions.TOKEN_ENV, " env-token "));
        assertThat(c.token()).isEqualTo("env-token");
    }

    @Test
    void noTokenAnywhereOrAnEmptyFileIsAUsageError() throws Exception {
        assertThatThrownBy(() -> options("kafka://127.0.0.1:9/cat", null).config(cl, true, "0.0.0.0", Map.of()))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining(PlannerFleetOptions.TOKEN_ENV);
        Path empty = Files.writeString(tmp.resolve("empty"), "\n");
        assertThatThrownBy(() -> options("kafka://127.0.0.1:9/cat", empty).config(cl, true, "0.0.0.0", Map.of()))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("empty").hasMessageContaining(empty.toString());
    }

    @Test
    void withoutACatalogThereIsNoFleet() {
        assertThat(options(null, null).config(cl, true, "0.0.0.0", Map.of())).isNull();
    }
}
