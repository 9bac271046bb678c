package dev.stowage.fleet;

import static dev.stowage.fleet.TestInputs.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.event.OutputTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderCatalogTest {
    @TempDir Path tmp;

    @Test
    void putGetListRemoveByImageName() throws Exception {
        FolderCatalog catalog = new FolderCatalog(tmp.resolve("catalog"));
        CatalogEntry app = new CatalogEntry(input(tmp, "registry.example:5000/team/app", APP, appClosure()), List.of(OutputTarget.parse("oci:/tmp/a")));
        CatalogEntry tool = new CatalogEntry(input(tmp, "team/tool", TOOL, List.of(info(TOOL, LIBC), info(LIBC))), List.of(OutputTarget.parse("oci:/tmp/t")));
        catalog.put(tool);
        catalog.put(app);
        assertThat(catalog.list()).containsExactly(app, tool);
        assertThat(catalog.get("registry.example:5000/team/app")).contains(app);
        assertThat(Files.exists(tmp.resolve("catalog/registry.example%3A5000%2Fteam%2Fapp.json"))).isTrue();
        CatalogEntry changed = app.withInput(input(tmp, "registry.example:5000/team/app", APP, List.of(info(APP, LIBC), info(LIBC))));
        catalog.put(changed);
        assertThat(new FolderCatalog(tmp.resolve("catalog")).get(app.name())).contains(changed);
        assertThat(catalog.remove("team/tool")).isTrue();
        assertThat(catalog.remove("team/tool")).isFalse();
        assertThat(catalog.list()).containsExactly(changed);
        assertThat(catalog.get("team/none")).isEmpty();
    }
}
