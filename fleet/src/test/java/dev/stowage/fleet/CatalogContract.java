package dev.stowage.fleet;

import static dev.stowage.fleet.TestInputs.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.oci.ImageLocation;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What every {@link Catalog} does: last put per name wins, remove says whether it removed, list is sorted, state outlives the instance. */
public abstract class CatalogContract {
    @TempDir protected Path tmp;

    /** A new, empty catalog. */
    protected abstract Catalog newCatalog() throws Exception;

    /** Another instance over the same storage as the last {@link #newCatalog()} (another process, a restart). */
    protected abstract Catalog reopen() throws Exception;

    protected CatalogEntry app() throws Exception {
        return new CatalogEntry(input(tmp, "registry.example:5000/team/app", APP, appClosure()), List.of(ImageLocation.parse("oci:/tmp/a")));
    }

    @Test
    void putGetListRemoveByImageName() throws Exception {
        Catalog catalog = newCatalog();
        CatalogEntry app = app();
        CatalogEntry tool = new CatalogEntry(input(tmp, "team/tool", TOOL, List.of(info(TOOL, LIBC), info(LIBC))), List.of(ImageLocation.parse("oci:/tmp/t")));
        catalog.put(tool);
        catalog.put(app);
        assertThat(catalog.list()).containsExactly(app, tool);
        assertThat(catalog.get("registry.example:5000/team/app")).contains(app);
        CatalogEntry changed = app.withInput(input(tmp, "registry.example:5000/team/app", APP, List.of(info(APP, LIBC), info(LIBC))));
        catalog.put(changed);
        assertThat(reopen().get(app.name())).contains(changed);
        assertThat(catalog.remove("team/tool")).isTrue();
        assertThat(catalog.remove("team/tool")).isFalse();
        assertThat(catalog.list()).containsExactly(changed);
        assertThat(reopen().list()).containsExactly(changed);
        assertThat(catalog.get("team/none")).isEmpty();
    }
}
