package dev.stowage.registryserver;

import java.io.IOException;
import java.util.Optional;

/**
 * One way names resolve to images (the fleet's catalog, package lists): the registry asks its
 * sources in order and the first that knows a name answers for it. Finding a name never builds.
 */
public interface ImageSource {
    /** The repository, or empty when this source does not know the name; a name it refuses throws {@link DistributionException}. */
    Optional<Repository> find(RepositoryName name) throws IOException;
}
