package dev.stowage.registryserver;

import java.io.IOException;
import java.util.List;

/** The image names of the fleet's catalog (its spec names), read on every lookup: the catalog changes while the registry runs. */
@FunctionalInterface
public interface CatalogNames {
    List<String> names() throws IOException;
}
