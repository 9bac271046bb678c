package dev.stowage.fleet;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The images a fleet owns, keyed by image name: the last entry put for a name wins. Embedded: a
 * folder ({@link FolderCatalog}); distributed: a compacted topic keyed by image name (a put is a
 * record, a remove a tombstone). Implementations are safe for concurrent use.
 */
public interface Catalog extends AutoCloseable {
    void put(CatalogEntry entry) throws IOException;

    /** Removes the image; false when it was not in the catalog. */
    boolean remove(String name) throws IOException;

    Optional<CatalogEntry> get(String name) throws IOException;

    /** Every entry, sorted by name. */
    List<CatalogEntry> list() throws IOException;

    /** Where it is, for messages: a folder or {@code kafka://servers/topic}. */
    String describe();

    @Override
    default void close() {}
}
