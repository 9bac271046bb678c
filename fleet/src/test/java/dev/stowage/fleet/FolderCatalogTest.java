package dev.stowage.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class FolderCatalogTest extends CatalogContract {
    @Override
    protected Catalog newCatalog() throws Exception {
        return new FolderCatalog(tmp.resolve("catalog"));
    }

    @Override
    protected Catalog reopen() throws Exception {
        return newCatalog();
    }

    @Test
    void oneFileNamedByTheEncodedImageName() throws Exception {
        newCatalog().put(app());
        assertThat(Files.exists(tmp.resolve("catalog/registry.example%3A5000%2Fteam%2Fapp.json"))).isTrue();
    }
}
